"""Demo class journal (issue 4 fills it: a school year of lessons, ~300,000 grades)."""


def build_journal(school, *, seed=2026, stdout=None):
    return None
