"""Issue 9 §1: a departure, arrival or transfer dated in the future takes effect on that date
(until then the student stays in the class list, the grid and the diary); cancelling asks for a
reason, which the student's history keeps."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from journal.register.models import MovementReason, MovementRecord, Student, StudentStatus
from journal.register.selectors.enrolment import class_roll
from journal.register.services.movement import (
    movement_record_cancel,
    movements_apply_due,
    student_arrive,
    student_depart,
    student_transfer,
)

pytestmark = pytest.mark.django_db


def _in(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def test_future_departure_waits_for_its_date(small_school):
    s = small_school
    student = s.students_a[0]
    record = student_depart(student=student, date=_in(10), reason=MovementReason.OTHER_SCHOOL, recorded_by=s.deputy)
    assert not record.applied
    student.refresh_from_db()
    assert student.status == StudentStatus.STUDYING and student.class_group == s.class_a
    s.student_user.refresh_from_db()
    assert s.student_user.is_active  # still signs in until the departure
    roll = {pupil.pk: (window, left) for pupil, window, left in class_roll(class_group=s.class_a, start=_in(-5), end=_in(20))}
    window, left = roll[student.pk]
    assert not left and window.covers(_in(9)) and not window.covers(_in(11))  # in the grid until then
    assert movements_apply_due(today=_in(9)) == 0
    assert movements_apply_due(today=_in(10)) == 1
    student.refresh_from_db()
    s.student_user.refresh_from_db()
    assert student.status == StudentStatus.LEFT and student.class_group is None and not s.student_user.is_active
    assert MovementRecord.objects.get(pk=record.pk).applied
    assert movements_apply_due(today=_in(30)) == 0  # idempotent


def test_future_arrival_of_a_new_pupil_and_a_future_transfer(small_school):
    s = small_school
    pupil = Student(last_name="Үсөнов", first_name="Нурбек", sex="m", birth_date=datetime.date(2015, 2, 1))
    record = student_arrive(student=pupil, class_group=s.class_a, date=_in(3), reason=MovementReason.FROM_SCHOOL)
    pupil = Student.objects.get(pk=record.student_id)
    assert pupil.status != StudentStatus.STUDYING and pupil.class_group is None
    assert pupil not in Student.objects.filter(class_group=s.class_a)
    movements_apply_due(today=_in(3))
    pupil.refresh_from_db()
    assert pupil.status == StudentStatus.STUDYING and pupil.class_group == s.class_a
    transfer = student_transfer(student=s.students_a[1], class_group=s.class_b, date=_in(2))
    assert Student.objects.get(pk=s.students_a[1].pk).class_group == s.class_a and not transfer.applied
    movements_apply_due(today=_in(2))
    assert Student.objects.get(pk=s.students_a[1].pk).class_group == s.class_b


def test_no_second_record_while_one_waits(small_school):
    s = small_school
    student_depart(student=s.students_a[2], date=_in(5), reason=MovementReason.OTHER_SCHOOL)
    with pytest.raises(ValidationError, match="cancel it first|не вступила|күчүнө"):
        student_transfer(student=s.students_a[2], class_group=s.class_b, date=_in(6))


def test_cancelling_needs_a_reason_and_the_history_keeps_it(small_school):
    s = small_school
    student = s.students_a[3]
    record = student_depart(student=student, date=_in(4), reason=MovementReason.OTHER_SCHOOL)
    with pytest.raises(ValidationError):
        movement_record_cancel(record=record, reason=" ")
    assert MovementRecord.objects.filter(pk=record.pk).exists()
    movement_record_cancel(record=record, reason="Ата-энеси пикирин өзгөрттү", recorded_by=s.deputy)
    student.refresh_from_db()
    assert student.status == StudentStatus.STUDYING and student.class_group == s.class_a
    last = student.history.first()
    assert "Ата-энеси пикирин өзгөрттү" in last.history_change_reason and last.history_user == s.deputy
    assert not MovementRecord.objects.filter(pk=record.pk).exists()


def test_the_daily_apply_runs_on_the_first_request_of_the_day(small_school, client):
    s = small_school
    record = student_depart(student=s.students_a[4], date=_in(1), reason=MovementReason.OTHER_SCHOOL)
    MovementRecord.objects.filter(pk=record.pk).update(date=timezone.localdate())  # its day has come
    from django.core.cache import cache

    cache.clear()
    client.force_login(s.deputy)
    client.get("/ky/app/")
    assert MovementRecord.objects.get(pk=record.pk).applied
    assert Student.objects.get(pk=s.students_a[4].pk).status == StudentStatus.LEFT
