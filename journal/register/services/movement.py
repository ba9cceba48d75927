"""The movement book (R-I11, R-J11): arrivals, departures and transfers between classes.

Every service records one MovementRecord, changes the student's status and class (history kept by
simple_history with a change reason) and activates or deactivates the student's and parents'
logins. Records of one student form a chain in time: a new record is never dated before the
student's latest one, so the movement report can rebuild the roll at any date from the book."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from journal.register.models import ClassGroup, MovementKind, MovementReason, MovementRecord, Student, StudentStatus
from journal.register.services.accounts import student_accounts_set_active
from journal.register.services.people import NAME_FIELDS, clean_person_name

ARRIVAL_REASONS = (MovementReason.NEW_PUPIL, MovementReason.FROM_SCHOOL, MovementReason.RELOCATION,
                   MovementReason.OTHER)
DEPARTURE_REASONS = (MovementReason.OTHER_SCHOOL, MovementReason.RELOCATION, MovementReason.ABROAD,
                     MovementReason.VOCATIONAL, MovementReason.HEALTH, MovementReason.EXPELLED, MovementReason.DEATH,
                     MovementReason.GRADUATED, MovementReason.OTHER)
# Kinds that move a student between two classes of the school (not counted in the school's total).
INTERNAL_KINDS = (MovementKind.TRANSFER, MovementKind.PROMOTION, MovementKind.REPEAT)
INCOMING_KINDS = (MovementKind.ARRIVAL,)
OUTGOING_KINDS = (MovementKind.DEPARTURE, MovementKind.GRADUATION)


def _lock(student):
    """Re-read the student under a row lock: two people recording at once cannot both win."""
    return Student.objects.select_for_update().get(pk=student.pk)


def _check_chronology(student, date):
    latest = MovementRecord.objects.filter(student=student).order_by("-date", "-id").values_list("date", flat=True).first()
    if latest is not None and date < latest:
        raise ValidationError({"date": _("The student already has a movement record dated %(date)s: "
                                         "a new record cannot be dated earlier.") % {"date": latest.strftime("%d.%m.%Y")}})


def _check_class(class_group, school):
    if class_group is None:
        raise ValidationError({"class_group": _("Choose a class.")})
    if class_group.school_id != school.pk:
        raise ValidationError({"class_group": _("The class belongs to another school.")})


def _save_student(student, reason, user):
    student._change_reason = reason
    if user is not None:
        student._history_user = user
    student.save()


def _record(**fields):
    record = MovementRecord(**fields)
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def student_arrive(*, student, class_group, date, reason=MovementReason.FROM_SCHOOL, order_number="",
                   other_school="", region="", note="", recorded_by=None):
    """A student arrives: a new student (unsaved instance) or one who left earlier comes back.

    Sets status «studying» and the class, records an ARRIVAL and activates the logins."""
    if class_group is None:
        raise ValidationError({"class_group": _("Choose a class.")})
    school = class_group.school
    if student.pk is not None:
        _check_class(class_group, student.school)
    if reason not in ARRIVAL_REASONS:
        raise ValidationError({"reason": _("This is not a reason of an arrival.")})
    is_new = student.pk is None
    if is_new:
        for name in NAME_FIELDS:
            setattr(student, name, clean_person_name(getattr(student, name)))
        student.school = school
        student.status = StudentStatus.STUDYING
        student.class_group = class_group
        student.enrolled_on = student.enrolled_on or date
        student.left_on = None
        student.full_clean()
        _save_student(student, "arrival", recorded_by)
    else:
        student = _lock(student)
        if student.school_id != school.pk:
            raise ValidationError(_("The student belongs to another school."))
        if student.status == StudentStatus.STUDYING:
            raise ValidationError(_("%(name)s already studies at the school.") % {"name": student.full_name})
        _check_chronology(student, date)
        student.status = StudentStatus.STUDYING
        student.class_group = class_group
        student.left_on = None
        student.enrolled_on = date
        _save_student(student, "arrival", recorded_by)
    record = _record(
        school=school, student=student, kind=MovementKind.ARRIVAL, date=date, order_number=order_number,
        class_from=None, class_to=class_group, other_school=other_school, region=region, reason=reason, note=note,
        recorded_by=recorded_by,
    )
    if not is_new:
        student_accounts_set_active(student=student, active=True)
    return record


@transaction.atomic
def student_depart(*, student, date, reason, order_number="", other_school="", region="", note="",
                   recorded_by=None):
    """A student leaves the school (or completes it: reason GRADUATED). Records a DEPARTURE or a
    GRADUATION, sets the status, and deactivates the student's login and those of parents with no
    other child at the school."""
    student = _lock(student)
    if student.status != StudentStatus.STUDYING:
        raise ValidationError(_("%(name)s does not study at the school.") % {"name": student.full_name})
    if reason not in DEPARTURE_REASONS:
        raise ValidationError({"reason": _("This is not a reason of a departure.")})
    _check_chronology(student, date)
    if student.enrolled_on and date < student.enrolled_on:
        raise ValidationError({"date": _("The date is before the student's enrolment.")})
    graduation = reason == MovementReason.GRADUATED
    class_from = student.class_group
    student.status = StudentStatus.GRADUATED if graduation else StudentStatus.LEFT
    student.left_on = date
    if not graduation:
        student.class_group = None
    _save_student(student, "graduation" if graduation else "departure", recorded_by)
    record = _record(
        school=student.school, student=student,
        kind=MovementKind.GRADUATION if graduation else MovementKind.DEPARTURE, date=date,
        order_number=order_number, class_from=class_from, class_to=None, other_school=other_school, region=region,
        reason=reason, note=note, recorded_by=recorded_by,
    )
    student_accounts_set_active(student=student, active=False)
    return record


@transaction.atomic
def student_transfer(*, student, class_group, date, order_number="", note="", recorded_by=None):
    """A student moves to another class of the school (for example 5 «А» → 5 «Б»)."""
    student = _lock(student)
    _check_class(class_group, student.school)
    if student.status != StudentStatus.STUDYING:
        raise ValidationError(_("%(name)s does not study at the school.") % {"name": student.full_name})
    if student.class_group_id == class_group.pk:
        raise ValidationError({"class_group": _("The student is already in this class.")})
    _check_chronology(student, date)
    class_from = student.class_group
    student.class_group = class_group
    _save_student(student, "transfer", recorded_by)
    return _record(
        school=student.school, student=student, kind=MovementKind.TRANSFER, date=date, order_number=order_number,
        class_from=class_from, class_to=class_group, reason=MovementReason.OTHER, note=note, recorded_by=recorded_by,
    )


@transaction.atomic
def movement_record_cancel(*, record, recorded_by=None):
    """Undo a record entered by mistake: only a student's latest record, and not one of the year
    transition. The student's class and status go back to what they were before it."""
    record = MovementRecord.objects.select_for_update().get(pk=record.pk)
    student = _lock(record.student)
    latest = MovementRecord.objects.filter(student=student).order_by("-date", "-id").first()
    if latest.pk != record.pk:
        raise ValidationError(_("Only the student's latest movement record can be cancelled."))
    if record.kind in (MovementKind.PROMOTION, MovementKind.REPEAT):
        raise ValidationError(_("Records of the new school year cannot be cancelled one by one."))
    if record.kind == MovementKind.ARRIVAL:
        student.status, student.class_group, student.left_on = StudentStatus.LEFT, None, record.date
    elif record.kind in OUTGOING_KINDS:
        student.status, student.class_group, student.left_on = StudentStatus.STUDYING, record.class_from, None
    else:
        student.class_group = record.class_from
    _save_student(student, "cancelled movement record", recorded_by)
    record.delete()
    student_accounts_set_active(student=student, active=student.status == StudentStatus.STUDYING)
    return student


def classes_for_movement(school, year=None):
    """Classes a student can arrive in or be transferred to: those of the current year."""
    qs = ClassGroup.objects.filter(school=school)
    if year is not None:
        return qs.filter(year=year)
    return qs.filter(year__is_current=True)
