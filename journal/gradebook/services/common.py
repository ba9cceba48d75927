"""What every journal write checks: who may write, whether the period is closed, the reason of
a deputy's change, and optimistic concurrency (the version the client saw)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from journal.register.models import AcademicYear, StudyPeriod
from portal import access


class JournalConflict(Exception):
    """The row changed since the client read it (its version is stale). `current` is the row as
    it is now (None when it no longer exists); nothing was written."""

    def __init__(self, current=None, message=None):
        self.current = current
        super().__init__(message or _("Someone else changed this entry in the meantime."))


REASON_MAX_LENGTH = 100


def closed_periods_q(class_group, start, end):
    """StudyPeriods of the class's year covering its grade that overlap [start, end] and are closed."""
    return StudyPeriod.objects.filter(
        year_id=class_group.year_id, is_closed=True, grade_from__lte=class_group.grade,
        grade_to__gte=class_group.grade, start__lte=end, end__gte=start,
    )


def is_date_locked(class_group, date, *, periods=None):
    """A lesson date is locked when a closed quarter / half-year (or the closed year) covers it,
    or when the class's year is archived (R-J21). One query; none with `periods`, the class's
    study periods as the caller read them (selectors.grid.class_periods, with `class_group.year`
    loaded)."""
    if periods is not None:
        return class_group.year.archived_at is not None or any(
            p.is_closed and p.year_id == class_group.year_id and p.covers_grade(class_group.grade)
            and p.start <= date <= p.end for p in periods)
    closed = closed_periods_q(class_group, date, date)
    return AcademicYear.objects.filter(pk=class_group.year_id).filter(
        Q(archived_at__isnull=False) | Q(pk__in=closed.values("year_id"))
    ).exists()


def is_period_locked(period):
    """Period grades of `period` (quarter, half-year or year) are locked when it is closed or
    its year is archived (R-J21)."""
    return period.is_closed or AcademicYear.objects.filter(pk=period.year_id, archived_at__isnull=False).exists()


def check_write(*, by, assignment, locked, reason, lesson=None):
    """Raise PermissionDenied unless `by` may write the journal of `assignment`; a deputy (who is
    not writing as the teacher) must give a reason. Returns the write mode."""
    mode = access.journal_write_mode(by, assignment.school, assignment, lesson=lesson, locked=locked)
    if mode is None:
        if locked and access.journal_write_mode(by, assignment.school, assignment, lesson=lesson) is not None:
            if AcademicYear.objects.filter(pk=assignment.year_id, archived_at__isnull=False).exists():
                raise PermissionDenied(_("The school year is archived: only the deputy director can change its "
                                         "journal, giving a reason."))
            raise PermissionDenied(_("The study period is closed: only the deputy director can change it."))
        raise PermissionDenied(_("You cannot change this journal."))
    if mode == access.JOURNAL_DEPUTY and not (reason or "").strip():
        raise ValidationError(
            _("Give a reason for the change: the deputy director's corrections are recorded with a reason."),
            code="reason_required",
        )
    return mode


def clean_reason(reason):
    return (reason or "").strip()[:REASON_MAX_LENGTH]


def check_student(*, student, assignment):
    """The student must be of the assignment's class (and so of its school)."""
    if student.school_id != assignment.school_id or student.class_group_id != assignment.class_group_id:
        raise ValidationError(_("The student is not in this class."), code="wrong_student")


def with_reason(obj, reason, by=None):
    """Record `by` and `reason` as simple_history's history_user and history_change_reason of
    the next save or delete (also outside a request, e.g. in the demo and the tests)."""
    obj._change_reason = clean_reason(reason) or None
    if by is not None and getattr(by, "is_authenticated", False):
        obj._history_user = by
    return obj


def school_today():
    """Today's date at the school (TIME_ZONE, Asia/Bishkek), not the server's or the browser's."""
    return timezone.localdate()


def is_future_lesson(lesson, today=None):
    return lesson.date > (today or school_today())


def check_not_future(lesson):
    """Nothing is entered for a lesson that has not happened yet (grades, absences, lateness)."""
    if is_future_lesson(lesson):
        raise ValidationError(
            _("The lesson of %(date)s has not taken place yet: grades, absences and lateness can be entered "
              "from that day on.") % {"date": date_format(lesson.date, "SHORT_DATE_FORMAT")},
            code="future",
        )


def journal_settings_for(school):
    """The school's JournalSettings (an unsaved one with the defaults when it has none)."""
    from ..models import JournalSettings

    return JournalSettings.objects.filter(school_id=school.pk).first() or JournalSettings(school=school)


def check_enrolled(*, student, assignment, date, enrolment=None):
    """A mark is entered only for a date the student was in the class (movement book).
    `enrolment`: the student's Enrolment in the class when the caller has read it."""
    from journal.register.selectors.enrolment import student_enrolment

    window = enrolment or student_enrolment(student=student, class_group=assignment.class_group)
    if not window.covers(date):
        if window.start is not None and date < window.start:
            message = _("The student came to the class on %(date)s: nothing can be entered for earlier lessons.") % {
                "date": date_format(window.start, "SHORT_DATE_FORMAT")}
        else:
            message = _("The student left the class on %(date)s: nothing can be entered for later lessons.") % {
                "date": date_format(window.end, "SHORT_DATE_FORMAT")}
        raise ValidationError(message, code="not_enrolled")
