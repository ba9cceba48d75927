"""Demo register (issue 3 fills it: ~1,000 students, ~33 classes, parents, ~60 staff)."""

from portal.models import School


def build_register(*, seed=2026, stdout=None):
    school, _ = School.objects.get_or_create(
        code="demo", defaults={"name_ky": "Демо мектеби", "name_ru": "Демо-школа"}
    )
    return school
