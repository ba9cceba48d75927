"""The movement book services: arrivals, departures, transfers, logins, history, chronology."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from journal import factories as f
from journal.models import MovementKind, MovementReason, MovementRecord, Student, StudentStatus
from journal.services.movement import (
    movement_record_cancel,
    student_arrive,
    student_depart,
    student_transfer,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def new_student(**extra):
    fields = {"last_name": "Жумабеков", "first_name": "Адилет", "patronymic": "Маратович", "sex": "m",
              "birth_date": D(2015, 5, 2), "pin": "20205201500017"}
    fields.update(extra)
    return Student(**fields)


class TestArrival:
    def test_new_student_arrives(self, small_school):
        s = small_school
        record = student_arrive(student=new_student(), class_group=s.class_a, date=D(2026, 10, 5),
                                reason=MovementReason.FROM_SCHOOL, order_number="45-к",
                                other_school="№5 мектеп, Ош", recorded_by=s.deputy)
        student = record.student
        assert student.school == s.school and student.class_group == s.class_a
        assert student.status == StudentStatus.STUDYING and student.enrolled_on == D(2026, 10, 5)
        assert record.kind == MovementKind.ARRIVAL and record.class_to == s.class_a and record.class_from is None
        assert record.recorded_by == s.deputy
        assert student.history.first().history_change_reason == "arrival"

    def test_bad_new_student_writes_nothing(self, small_school):
        count = MovementRecord.objects.count()
        with pytest.raises(ValidationError) as error:
            student_arrive(student=new_student(pin="123"), class_group=small_school.class_a, date=D(2026, 10, 5))
        assert "pin" in error.value.message_dict
        assert MovementRecord.objects.count() == count and not Student.objects.filter(last_name="Жумабеков").exists()

    def test_duplicate_pin_is_refused(self, small_school):
        s = small_school
        s.students_b[0].pin = "20205201500017"
        s.students_b[0].save()
        with pytest.raises(ValidationError):
            student_arrive(student=new_student(), class_group=s.class_a, date=D(2026, 10, 5))

    def test_returning_student_gets_logins_back(self, small_school):
        s = small_school
        student = s.students_a[0]  # has the student login
        student_depart(student=student, date=D(2026, 10, 1), reason=MovementReason.OTHER_SCHOOL)
        s.student_user.refresh_from_db()
        assert not s.student_user.is_active
        student_arrive(student=student, class_group=s.class_b, date=D(2026, 11, 2), reason=MovementReason.FROM_SCHOOL)
        student.refresh_from_db()
        s.student_user.refresh_from_db()
        assert student.status == StudentStatus.STUDYING and student.class_group == s.class_b
        assert s.student_user.is_active

    def test_already_studying(self, small_school):
        with pytest.raises(ValidationError):
            student_arrive(student=small_school.students_a[2], class_group=small_school.class_b, date=D(2026, 10, 1))

    def test_wrong_reason(self, small_school):
        with pytest.raises(ValidationError):
            student_arrive(student=new_student(), class_group=small_school.class_a, date=D(2026, 10, 1),
                           reason=MovementReason.EXPELLED)

    def test_class_of_another_school(self, small_school):
        s = small_school
        student_depart(student=s.students_a[2], date=D(2026, 10, 1), reason=MovementReason.OTHER_SCHOOL)
        with pytest.raises(ValidationError):
            student_arrive(student=s.students_a[2], class_group=s.other_class, date=D(2026, 11, 1))


class TestDeparture:
    def test_departure_deactivates_student_and_lone_parent(self, small_school):
        s = small_school
        parent_user = f.user_with_role(s.school, "parent", "lone_parent")
        guardian = f.GuardianFactory(school=s.school, user=parent_user)
        f.StudentGuardianFactory(student=s.students_a[0], guardian=guardian)
        record = student_depart(student=s.students_a[0], date=D(2026, 12, 20), reason=MovementReason.ABROAD,
                                region="Россия", order_number="12", recorded_by=s.deputy)
        student = Student.objects.get(pk=s.students_a[0].pk)
        assert student.status == StudentStatus.LEFT and student.class_group is None and student.left_on == D(2026, 12, 20)
        assert record.class_from == s.class_a and record.kind == MovementKind.DEPARTURE
        s.student_user.refresh_from_db()
        parent_user.refresh_from_db()
        assert not s.student_user.is_active and not parent_user.is_active

    def test_parent_with_another_child_keeps_login(self, small_school):
        s = small_school
        student_depart(student=s.students_a[1], date=D(2026, 12, 20), reason=MovementReason.OTHER_SCHOOL)
        s.parent_user.refresh_from_db()
        assert s.parent_user.is_active  # the second child still studies in 5 «Б»

    def test_graduation_reason_records_graduation(self, small_school):
        s = small_school
        record = student_depart(student=s.students_b[2], date=D(2027, 6, 1), reason=MovementReason.GRADUATED)
        assert record.kind == MovementKind.GRADUATION
        student = Student.objects.get(pk=s.students_b[2].pk)
        assert student.status == StudentStatus.GRADUATED and student.class_group == s.class_b

    def test_cannot_leave_twice(self, small_school):
        s = small_school
        student_depart(student=s.students_b[3], date=D(2026, 12, 1), reason=MovementReason.OTHER_SCHOOL)
        with pytest.raises(ValidationError):
            student_depart(student=s.students_b[3], date=D(2026, 12, 2), reason=MovementReason.OTHER_SCHOOL)
        assert MovementRecord.objects.filter(student=s.students_b[3]).count() == 1

    def test_no_record_before_the_latest(self, small_school):
        s = small_school
        student_transfer(student=s.students_a[3], class_group=s.class_b, date=D(2026, 11, 10))
        with pytest.raises(ValidationError) as error:
            student_depart(student=s.students_a[3], date=D(2026, 11, 1), reason=MovementReason.OTHER_SCHOOL)
        assert "date" in error.value.message_dict
        assert Student.objects.get(pk=s.students_a[3].pk).status == StudentStatus.STUDYING

    def test_wrong_reason(self, small_school):
        with pytest.raises(ValidationError):
            student_depart(student=small_school.students_a[3], date=D(2026, 11, 1), reason=MovementReason.NEW_PUPIL)


class TestTransfer:
    def test_transfer_between_classes(self, small_school):
        s = small_school
        record = student_transfer(student=s.students_a[4], class_group=s.class_b, date=D(2026, 11, 1),
                                  order_number="7", recorded_by=s.deputy)
        student = Student.objects.get(pk=s.students_a[4].pk)
        assert student.class_group == s.class_b
        assert (record.kind, record.class_from, record.class_to) == (MovementKind.TRANSFER, s.class_a, s.class_b)
        old = student.history.all()[1]
        assert old.class_group_id == s.class_a.pk  # the history keeps the old class

    def test_same_class_and_other_school_refused(self, small_school):
        s = small_school
        with pytest.raises(ValidationError):
            student_transfer(student=s.students_a[4], class_group=s.class_a, date=D(2026, 11, 1))
        with pytest.raises(ValidationError):
            student_transfer(student=s.students_a[4], class_group=s.other_class, date=D(2026, 11, 1))
        assert not MovementRecord.objects.exists()


class TestCancel:
    def test_cancel_latest_record_restores_the_student(self, small_school):
        s = small_school
        record = student_depart(student=s.students_a[0], date=D(2026, 12, 20), reason=MovementReason.OTHER_SCHOOL)
        movement_record_cancel(record=record)
        student = Student.objects.get(pk=s.students_a[0].pk)
        s.student_user.refresh_from_db()
        assert student.status == StudentStatus.STUDYING and student.class_group == s.class_a
        assert s.student_user.is_active and not MovementRecord.objects.exists()

    def test_only_latest_can_be_cancelled(self, small_school):
        s = small_school
        first = student_transfer(student=s.students_a[2], class_group=s.class_b, date=D(2026, 11, 1))
        student_transfer(student=s.students_a[2], class_group=s.class_a, date=D(2026, 11, 2))
        with pytest.raises(ValidationError):
            movement_record_cancel(record=first)
