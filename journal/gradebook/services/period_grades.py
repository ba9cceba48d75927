"""Period grades (R-J5, R-J20): the suggestion from the period's grades, its warnings, saving a
quarter / half-year / year grade (or exam, final, "not certified", "exempt"), and closing a
study period.

The suggestion
- a quarter / half-year: the weighted average of the student's grades in the period, each grade
  weighted by its GradeType.weight (control and written work count more; the deputy sets the
  weights per school), rounded half up (3.50 → 4, 3.49 → 3: ROUND_FROM below);
- the year: the plain average of the saved quarter / half-year grades, rounded the same way;
- on a points scale (0..max points) the same, in points: 7.5 of 10 suggests 8.
Warnings (the grade cannot be justified, R-J20)
- fewer grades than `journal.gradebook.rules.min_grades_for_hours(hours a week)` (≥3 for ≤2 h,
  ≥5 for 3–4 h, ≥7 for ≥5 h — the thresholds live in rules.py);
- no written work (no grade of a type marked "written work") in the period;
- for the year: a period grade missing, or "not certified" in a period.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from journal.register.models import PeriodKind
from portal import access

from ..models import PeriodGrade, PeriodGradeKind, PeriodGradeSpecial, PeriodLockAction, PeriodLockEvent
from ..rules import min_grades_for_hours
from ..signals import written
from .common import JournalConflict, check_student, check_write, clean_reason, is_period_locked, with_reason
from .scales import scale_for

# Averages are rounded half up to a whole grade: 3.50 → 4.
ROUND_FROM = Decimal("0.5")
# Grade levels whose year has exam and final grades in the journal (basic and secondary school
# leaving exams); other classes show them only when some exist.
EXAM_GRADES = (9, 11)

WARN_NO_GRADES = "no_grades"
WARN_TOO_FEW = "too_few"
WARN_NO_WRITTEN = "no_written"
WARN_MISSING_PERIODS = "missing_periods"
WARN_NOT_CERTIFIED = "not_certified"


@dataclass
class Suggestion:
    value: int | None = None
    average: Decimal | None = None
    count: int = 0
    written_count: int = 0
    minimum: int = 0
    warnings: list = field(default_factory=list)  # [(code, message)]

    @property
    def warning_text(self):
        return " ".join(message for _code, message in self.warnings)

    @property
    def warning_codes(self):
        return [code for code, _message in self.warnings]


def round_grade(average):
    if average is None:
        return None
    whole = int(average)
    return whole + 1 if average - whole >= ROUND_FROM else whole


def period_grade_suggestion(grades, *, hours_per_week, suggest_value=True, expected=None):
    """`grades`: iterable of (value, weight, is_written). No queries. `suggest_value`: the scale
    has values to suggest (the 5-point scale and points scales: the weighted average rounded half
    up on the same scale; a class without marks gets none). `expected`: the minimum
    pro-rated by how far the period has gone (rules.min_grades_by_progress) when the period is
    still running; None: the full minimum (the period is over, or the period-grade page)."""
    total = Decimal(0)
    weights = Decimal(0)
    count = written = 0
    for value, weight, is_written in grades:
        weight = Decimal(weight)
        total += Decimal(value) * weight
        weights += weight
        count += 1
        written += 1 if is_written else 0
    minimum = min_grades_for_hours(hours_per_week)
    s = Suggestion(count=count, written_count=written, minimum=minimum)
    if count == 0:
        s.warnings.append((WARN_NO_GRADES, _("No grades in the period.")))
        return s
    s.average = (total / weights).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if weights else None
    if suggest_value:
        s.value = round_grade(s.average)
    if expected is not None and expected < minimum:
        if count < expected:
            s.warnings.append((WARN_TOO_FEW, ngettext(
                "Only %(count)s grade: at least %(expected)s are expected by now (%(min)s by the end of the "
                "period at %(hours)s hours a week).",
                "Only %(count)s grades: at least %(expected)s are expected by now (%(min)s by the end of the "
                "period at %(hours)s hours a week).",
                count) % {"count": count, "expected": expected, "min": minimum, "hours": _hours(hours_per_week)}))
    elif count < minimum:
        s.warnings.append((WARN_TOO_FEW, ngettext(
            "Only %(count)s grade: at least %(min)s are needed at %(hours)s hours a week.",
            "Only %(count)s grades: at least %(min)s are needed at %(hours)s hours a week.",
            count) % {"count": count, "min": minimum, "hours": _hours(hours_per_week)}))
    if written == 0:
        s.warnings.append((WARN_NO_WRITTEN, _("No written work in the period.")))
    return s


def _hours(hours):
    hours = Decimal(str(hours or 0))
    return str(hours.normalize()) if hours == hours.to_integral() else str(hours)


def year_grade_suggestion(period_grades, *, expected):
    """`period_grades`: the saved quarter / half-year PeriodGrades of a student (any order);
    `expected`: how many periods the year has for the class."""
    values = [pg.value for pg in period_grades if pg.value is not None and not pg.special]
    s = Suggestion(count=len(values), minimum=expected)
    if values:
        s.average = (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        s.value = round_grade(s.average)
    if any(pg.special == PeriodGradeSpecial.NOT_CERTIFIED for pg in period_grades):
        s.warnings.append((WARN_NOT_CERTIFIED, _("Not certified in a period.")))
    present = len([pg for pg in period_grades if pg.value is not None or pg.special])
    if present < expected:
        s.warnings.append((WARN_MISSING_PERIODS, _("Grades of %(missing)s of %(total)s periods are missing.") % {
            "missing": expected - present, "total": expected}))
    return s


# --- saving ---------------------------------------------------------------------------------

def _check_period(*, period, assignment, kind):
    if period.year_id != assignment.year_id or not period.covers_grade(assignment.class_group.grade):
        raise ValidationError(_("This study period does not apply to the class."), code="wrong_period")
    if kind not in PeriodGradeKind.values:
        raise ValidationError(_("Unknown kind of grade."), code="invalid")
    if kind != PeriodGradeKind.PERIOD and period.kind != PeriodKind.YEAR:
        raise ValidationError(_("Exam and final grades are given for the year."), code="wrong_period")


def period_grade_set(*, period, assignment, student, by, value=None, special="", kind=PeriodGradeKind.PERIOD,
                     version=0, reason=""):
    """Save a period grade: a value on the period's scale, or a special mark ("na": not
    certified, "exempt"), or neither (clears it). Returns the row or None."""
    special = (special or "").strip()
    if special not in PeriodGradeSpecial.values:
        raise ValidationError(_("Unknown mark."), code="invalid")
    if special:
        value = None
    elif value is not None and value != "":
        try:
            value = int(value)
        except (TypeError, ValueError):
            raise ValidationError(_("Enter a grade."), code="invalid")
    else:
        value = None
    _check_period(period=period, assignment=assignment, kind=kind)
    check_student(student=student, assignment=assignment)
    check_write(by=by, assignment=assignment, locked=is_period_locked(period), reason=reason)
    if value is not None:
        scale_for(assignment.class_group, period).check(value)
    with transaction.atomic():
        current = PeriodGrade.objects.select_for_update().filter(
            period=period, assignment=assignment, student=student, kind=kind).first()
        if current is None:
            if value is None and not special:
                return None
            if version:
                raise JournalConflict(None)
            row = PeriodGrade(school_id=assignment.school_id, period=period, assignment=assignment, student=student,
                              kind=kind, value=value, special=special, updated_by=by, version=1)
            row.full_clean(validate_unique=False, validate_constraints=False)
            with_reason(row, reason, by)
            try:
                with transaction.atomic():
                    row.save()
            except IntegrityError:
                other = PeriodGrade.objects.filter(period=period, assignment=assignment, student=student,
                                                   kind=kind).first()
                if other is not None and other.value == value and other.special == special:
                    return other
                raise JournalConflict(other)
            written("period_grade", row)
            return row
        same = current.value == value and current.special == special
        if current.version != version:
            if same:
                return current
            raise JournalConflict(current)
        if same:
            return current
        with_reason(current, reason, by)
        if value is None and not special:
            current.delete()
            return None
        current.value = value
        current.special = special
        current.updated_by = by
        current.version += 1
        current.full_clean(validate_unique=False, validate_constraints=False)
        current.save()
        written("period_grade", current)
        return current


# --- closing a study period -----------------------------------------------------------------

def _period_school(period):
    return period.year.school


@transaction.atomic
def study_period_close(*, period, by):
    """The deputy closes a study period: its lessons' grades and absences and its period grades
    become read-only for teachers (the deputy may still correct them, with a reason)."""
    school = _period_school(period)
    if not access.can_close_periods(by, school):
        raise PermissionDenied(_("Only the deputy director closes a study period."))
    if period.is_closed:
        return period
    period.is_closed = True
    period.closed_at = timezone.now()
    period.closed_by = by
    period.save(update_fields=["is_closed", "closed_at", "closed_by"])
    PeriodLockEvent.objects.create(school=school, period=period, action=PeriodLockAction.CLOSE, by=by)
    return period


@transaction.atomic
def study_period_reopen(*, period, by, reason):
    """The deputy reopens a closed study period, giving a reason (kept in the log)."""
    school = _period_school(period)
    if not access.can_close_periods(by, school):
        raise PermissionDenied(_("Only the deputy director reopens a study period."))
    reason = clean_reason(reason)
    if not reason:
        raise ValidationError({"reason": _("Give a reason for reopening the period.")}, code="reason_required")
    if not period.is_closed:
        return period
    period.is_closed = False
    period.save(update_fields=["is_closed"])
    PeriodLockEvent.objects.create(school=school, period=period, action=PeriodLockAction.REOPEN, by=by, reason=reason)
    return period
