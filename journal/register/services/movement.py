"""The movement book (R-I11, R-J11): arrivals, departures and transfers between classes.

Every service records one MovementRecord, changes the student's status and class (history kept by
simple_history with a change reason) and activates or deactivates the student's and parents'
logins. Records of one student form a chain in time: a new record is never dated before the
student's latest one, so the movement report can rebuild the roll at any date from the book."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
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


def _today():
    return timezone.localdate()


def _check_chronology(student, date):
    latest = (MovementRecord.objects.filter(student=student).order_by("-date", "-id")
              .values_list("date", "applied").first())
    if latest is None:
        return
    if not latest[1]:
        raise ValidationError(_("%(name)s already has a movement record dated %(date)s that has not taken effect yet: "
                                "cancel it first, or record this once it has taken effect.")
                              % {"name": student.full_name, "date": latest[0].strftime("%d.%m.%Y")})
    if date < latest[0]:
        raise ValidationError({"date": _("The student already has a movement record dated %(date)s: "
                                         "a new record cannot be dated earlier.") % {"date": latest[0].strftime("%d.%m.%Y")}})


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


def _apply(record, student, user):
    """The record takes effect: the student's status and class change, logins follow."""
    kind = record.kind
    if kind == MovementKind.ARRIVAL:
        student.status = StudentStatus.STUDYING
        student.class_group = record.class_to
        student.left_on = None
        student.enrolled_on = record.date
        _save_student(student, "arrival", user)
        student_accounts_set_active(student=student, active=True)
    elif kind in OUTGOING_KINDS:
        graduation = kind == MovementKind.GRADUATION
        student.status = StudentStatus.GRADUATED if graduation else StudentStatus.LEFT
        student.left_on = record.date
        if not graduation:
            student.class_group = None
        _save_student(student, "graduation" if graduation else "departure", user)
        student_accounts_set_active(student=student, active=False)
    elif kind == MovementKind.TRANSFER:
        student.class_group = record.class_to
        _save_student(student, "transfer", user)
    if not record.applied:
        record.applied = True
        record.save(update_fields=["applied"])


def _record_and_apply(student, user, **fields):
    """Record a movement; it takes effect now, or on its date when that is in the future (until
    then the student stays where they are: in the class list, the grid and the diary)."""
    future = fields["date"] > _today()
    record = _record(student=student, recorded_by=user, applied=not future, **fields)
    if not future:
        _apply(record, student, user)
    return record


@transaction.atomic
def student_arrive(*, student, class_group, date, reason=MovementReason.FROM_SCHOOL, order_number="",
                   other_school="", region="", note="", recorded_by=None):
    """A student arrives: a new student (unsaved instance) or one who left earlier comes back.

    Sets status «studying» and the class, records an ARRIVAL and activates the logins; an arrival
    dated in the future is recorded now and takes effect on its date."""
    if class_group is None:
        raise ValidationError({"class_group": _("Choose a class.")})
    school = class_group.school
    if student.pk is not None:
        _check_class(class_group, student.school)
    if reason not in ARRIVAL_REASONS:
        raise ValidationError({"reason": _("This is not a reason of an arrival.")})
    if student.pk is None:
        for name in NAME_FIELDS:
            setattr(student, name, clean_person_name(getattr(student, name)))
        student.school = school
        student.enrolled_on = student.enrolled_on or date
        if date > _today():  # not yet at the school: no class, not «studying», until the date
            student.status, student.class_group, student.left_on = StudentStatus.LEFT, None, None
        else:
            student.status, student.class_group, student.left_on = StudentStatus.STUDYING, class_group, None
        student.full_clean()
        _save_student(student, "arrival", recorded_by)
    else:
        student = _lock(student)
        if student.school_id != school.pk:
            raise ValidationError(_("The student belongs to another school."))
        if student.status == StudentStatus.STUDYING:
            raise ValidationError(_("%(name)s already studies at the school.") % {"name": student.full_name})
        _check_chronology(student, date)
    return _record_and_apply(
        student, recorded_by, school=school, kind=MovementKind.ARRIVAL, date=date, order_number=order_number,
        class_from=None, class_to=class_group, other_school=other_school, region=region, reason=reason, note=note,
    )


@transaction.atomic
def student_depart(*, student, date, reason, order_number="", other_school="", region="", note="",
                   recorded_by=None):
    """A student leaves the school (or completes it: reason GRADUATED). Records a DEPARTURE or a
    GRADUATION, sets the status, and deactivates the student's login and those of parents with no
    other child at the school — on the record's date when that is in the future."""
    student = _lock(student)
    if student.status != StudentStatus.STUDYING:
        raise ValidationError(_("%(name)s does not study at the school.") % {"name": student.full_name})
    if reason not in DEPARTURE_REASONS:
        raise ValidationError({"reason": _("This is not a reason of a departure.")})
    _check_chronology(student, date)
    if student.enrolled_on and date < student.enrolled_on:
        raise ValidationError({"date": _("The date is before the student's enrolment.")})
    graduation = reason == MovementReason.GRADUATED
    return _record_and_apply(
        student, recorded_by, school=student.school,
        kind=MovementKind.GRADUATION if graduation else MovementKind.DEPARTURE, date=date,
        order_number=order_number, class_from=student.class_group, class_to=None, other_school=other_school,
        region=region, reason=reason, note=note,
    )


@transaction.atomic
def student_transfer(*, student, class_group, date, order_number="", note="", recorded_by=None):
    """A student moves to another class of the school (for example 5 «А» → 5 «Б»); on its date
    when that is in the future."""
    student = _lock(student)
    _check_class(class_group, student.school)
    if student.status != StudentStatus.STUDYING:
        raise ValidationError(_("%(name)s does not study at the school.") % {"name": student.full_name})
    if student.class_group_id == class_group.pk:
        raise ValidationError({"class_group": _("The student is already in this class.")})
    _check_chronology(student, date)
    return _record_and_apply(
        student, recorded_by, school=student.school, kind=MovementKind.TRANSFER, date=date,
        order_number=order_number, class_from=student.class_group, class_to=class_group,
        reason=MovementReason.OTHER, note=note,
    )


def movements_apply_due(*, today=None, school=None):
    """Let the records whose date has come take effect, oldest first (run daily by the scheduler or
    `manage.py apply_movements`, and once a day on the first request). Returns how many."""
    today = today or _today()
    qs = MovementRecord.objects.filter(applied=False, date__lte=today).order_by("date", "id")
    if school is not None:
        qs = qs.filter(school=school)
    done = 0
    for record_id in list(qs.values_list("pk", flat=True)):
        with transaction.atomic():
            record = MovementRecord.objects.select_for_update().filter(pk=record_id, applied=False).first()
            if record is None:
                continue
            _apply(record, _lock(record.student), record.recorded_by)
            done += 1
    return done


@transaction.atomic
def movement_record_cancel(*, record, reason, recorded_by=None):
    """Undo a record entered by mistake: only a student's latest record, and not one of the year
    transition; a reason is required and kept in the student's history. The student's class and
    status go back to what they were before it (a record not yet in effect changed nothing)."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Write why the record is cancelled: the history keeps it.")})
    record = MovementRecord.objects.select_for_update().get(pk=record.pk)
    student = _lock(record.student)
    latest = MovementRecord.objects.filter(student=student).order_by("-date", "-id").first()
    if latest.pk != record.pk:
        raise ValidationError(_("Only the student's latest movement record can be cancelled."))
    if record.kind in (MovementKind.PROMOTION, MovementKind.REPEAT):
        raise ValidationError(_("Records of the new school year cannot be cancelled one by one."))
    if record.applied:
        if record.kind == MovementKind.ARRIVAL:
            student.status, student.class_group, student.left_on = StudentStatus.LEFT, None, record.date
        elif record.kind in OUTGOING_KINDS:
            student.status, student.class_group, student.left_on = StudentStatus.STUDYING, record.class_from, None
        else:
            student.class_group = record.class_from
    what = f"{record.get_kind_display()} {record.date:%d.%m.%Y}"
    _save_student(student, f"cancelled movement record ({what}): {reason}", recorded_by)
    record.delete()
    student_accounts_set_active(student=student, active=student.status == StudentStatus.STUDYING)
    return student


def classes_for_movement(school, year=None):
    """Classes a student can arrive in or be transferred to: those of the current year."""
    qs = ClassGroup.objects.filter(school=school)
    if year is not None:
        return qs.filter(year=year)
    return qs.filter(year__is_current=True)
