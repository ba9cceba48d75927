"""Demo public website (issue 2 fills it)."""


def build_site(school, *, seed=2026, stdout=None):
    return None
