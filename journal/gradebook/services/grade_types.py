"""Grade types of a school: the default set (created on demand) and the deputy's weights."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal import access
from portal.roles import Role

from ..models import GradeType

ORAL = "oral"
CONTROL = "control"

# The default set, in the order shown. Weights: control and written work count more in the
# suggested period grade (R-J20); the deputy changes them per school on the settings page.
DEFAULT_GRADE_TYPES = [
    {"code": ORAL, "name_ky": "Оозеки жооп", "name_ru": "Устный ответ", "short_ky": "Оозеки",
     "short_ru": "Уст.", "weight": Decimal("1.00"), "is_written": False, "order": 1},
    {"code": "homework", "name_ky": "Үй тапшырмасы", "name_ru": "Домашняя работа", "short_ky": "Үй т.",
     "short_ru": "ДЗ", "weight": Decimal("1.00"), "is_written": False, "order": 2},
    {"code": "written", "name_ky": "Жазуу жумушу", "name_ru": "Письменная работа", "short_ky": "Жаз.",
     "short_ru": "Пис.", "weight": Decimal("1.50"), "is_written": True, "order": 3},
    {"code": "test", "name_ky": "Тест", "name_ru": "Тест", "short_ky": "Тест",
     "short_ru": "Тест", "weight": Decimal("1.50"), "is_written": True, "order": 4},
    {"code": "practical", "name_ky": "Практикалык иш", "name_ru": "Практическая работа", "short_ky": "Пр.",
     "short_ru": "Пр.", "weight": Decimal("1.50"), "is_written": True, "order": 5},
    {"code": "dictation", "name_ky": "Жат жазуу", "name_ru": "Диктант", "short_ky": "Ж.ж.",
     "short_ru": "Дикт.", "weight": Decimal("1.50"), "is_written": True, "order": 6},
    {"code": CONTROL, "name_ky": "Текшерүү иши", "name_ru": "Контрольная работа", "short_ky": "Т.и.",
     "short_ru": "К.р.", "weight": Decimal("2.00"), "is_written": True, "order": 7},
]


def grade_types_ensure_defaults(school):
    """The school's grade types, creating the default set on first use. Returns a list ordered
    by `order`. One query when they exist."""
    types = list(GradeType.objects.filter(school=school).order_by("order", "pk"))
    have = {t.code for t in types}
    missing = [d for d in DEFAULT_GRADE_TYPES if d["code"] not in have]
    if missing and not types:
        GradeType.objects.bulk_create(
            [GradeType(school=school, **d) for d in missing], ignore_conflicts=True
        )
        types = list(GradeType.objects.filter(school=school).order_by("order", "pk"))
    return types


def default_type_for_lesson(lesson, types):
    """The type new grades of a lesson column get: the column's own type, else control work for
    a control lesson of the plan, else oral answer, else the first type."""
    by_id = {t.pk: t for t in types}
    if lesson.grade_type_id and lesson.grade_type_id in by_id:
        return by_id[lesson.grade_type_id]
    by_code = {t.code: t for t in types}
    # select_related("plan_topic") in lists, so this costs no query there
    if lesson.plan_topic_id and lesson.plan_topic.is_control and CONTROL in by_code:
        return by_code[CONTROL]
    return by_code.get(ORAL) or (types[0] if types else None)


MAX_WEIGHT = Decimal("10")


@transaction.atomic
def grade_type_update(*, grade_type, by, weight, is_written, name_ky=None, name_ru=None, short_ky=None, short_ru=None):
    """The deputy (or the system administrator) changes a grade type's weight and names."""
    school = grade_type.school
    if not access.has_role(by, school, Role.DEPUTY, Role.SYSADMIN):
        raise PermissionDenied
    weight = Decimal(str(weight))
    if weight <= 0 or weight > MAX_WEIGHT:
        raise ValidationError({"weight": _("The weight must be more than 0 and at most %(max)s.") % {"max": MAX_WEIGHT}})
    grade_type.weight = weight
    grade_type.is_written = bool(is_written)
    for field, value in (("name_ky", name_ky), ("name_ru", name_ru), ("short_ky", short_ky), ("short_ru", short_ru)):
        if value is not None:
            setattr(grade_type, field, value.strip())
    grade_type.full_clean()
    grade_type.save()
    return grade_type
