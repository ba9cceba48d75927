"""The movement book services: arrivals, departures, transfers, logins, history, chronology."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from journal.register import factories as f
from journal.register.models import MovementKind, MovementReason, MovementRecord, Student, StudentStatus
from journal.register.services.movement import (
    movement_record_cancel,
    movements_apply_due,
    student_arrive,
    student_depart,
    student_transfer,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def new_student(**extra):
    fields = {"last_name": "Өмүрзаков", "first_name": "Адилет", "patronymic": "Маратович", "sex": "m",
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
        assert MovementRecord.objects.count() == count and not Student.objects.filter(last_name="Өмүрзаков").exists()

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
        record = student_depart(student=s.students_a[0], date=D(2026, 12, 2), reason=MovementReason.ABROAD,
                                region="Россия", order_number="12", recorded_by=s.deputy)
        student = Student.objects.get(pk=s.students_a[0].pk)
        assert student.status == StudentStatus.LEFT and student.class_group is None and student.left_on == D(2026, 12, 2)
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
        assert record.kind == MovementKind.GRADUATION and not record.applied  # dated in the future
        assert Student.objects.get(pk=s.students_b[2].pk).status == StudentStatus.STUDYING
        assert movements_apply_due(today=D(2027, 6, 1)) == 1
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
        movement_record_cancel(record=record, reason="entered by mistake")
        student = Student.objects.get(pk=s.students_a[0].pk)
        s.student_user.refresh_from_db()
        assert student.status == StudentStatus.STUDYING and student.class_group == s.class_a
        assert s.student_user.is_active and not MovementRecord.objects.exists()

    def test_only_latest_can_be_cancelled(self, small_school):
        s = small_school
        first = student_transfer(student=s.students_a[2], class_group=s.class_b, date=D(2026, 11, 1))
        student_transfer(student=s.students_a[2], class_group=s.class_a, date=D(2026, 11, 2))
        with pytest.raises(ValidationError):
            movement_record_cancel(record=first, reason="entered by mistake")


# --- pages and access ------------------------------------------------------------------------------





def users(s):
    return {
        "director": s.director, "deputy": s.deputy, "sysadmin": s.sysadmin, "class_teacher": s.class_teacher_user,
        "teacher": s.teacher_user, "student": s.student_user, "parent": s.parent_user,
        "other_school": s.other_school_teacher,
    }


READ_PAGES = ["journal:movement_list", "journal:movement_report"]
WRITE_PAGES = ["journal:movement_arrival", "journal:movement_departure", "journal:movement_transfer"]


@pytest.mark.parametrize("url_name", READ_PAGES)
@pytest.mark.parametrize("role,status", [
    ("director", 200), ("deputy", 200), ("sysadmin", 200), ("class_teacher", 200),
    ("teacher", 403), ("student", 403), ("parent", 403), ("other_school", 403),
])
def test_read_pages_access(client, small_school, url_name, role, status):
    client.force_login(users(small_school)[role])
    assert client.get(reverse(url_name)).status_code == status


@pytest.mark.parametrize("url_name", WRITE_PAGES)
@pytest.mark.parametrize("role,status", [
    ("director", 403), ("deputy", 200), ("sysadmin", 200), ("class_teacher", 403),
    ("teacher", 403), ("student", 403), ("parent", 403), ("other_school", 403),
])
def test_write_pages_access(client, small_school, url_name, role, status):
    client.force_login(users(small_school)[role])
    assert client.get(reverse(url_name)).status_code == status
    assert client.post(reverse(url_name), {}).status_code == status


@pytest.mark.parametrize("url_name", READ_PAGES + WRITE_PAGES)
def test_anonymous_is_sent_to_login(client, small_school, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302 and "login" in response["Location"]


def test_class_teacher_sees_only_own_class_movement(client, small_school):
    s = small_school
    rec_a = student_depart(student=s.students_a[2], date=D(2026, 10, 1), reason=MovementReason.OTHER_SCHOOL)
    rec_b = student_depart(student=s.students_b[2], date=D(2026, 10, 1), reason=MovementReason.OTHER_SCHOOL)
    client.force_login(s.class_teacher_user)
    page = client.get(reverse("journal:movement_list")).content.decode()
    assert s.students_a[2].full_name in page and s.students_b[2].full_name not in page
    assert client.get(reverse("journal:movement_detail", args=[rec_a.pk])).status_code == 200
    assert client.get(reverse("journal:movement_detail", args=[rec_b.pk])).status_code == 404
    report = client.get(reverse("journal:movement_report")).context["report"]
    assert [r.class_group for r in report.rows] == [s.class_a] and report.total is None


def test_other_school_cannot_guess_a_record(client, small_school):
    s = small_school
    record = student_depart(student=s.students_a[2], date=D(2026, 10, 1), reason=MovementReason.OTHER_SCHOOL)
    deputy_b = f.user_with_role(s.other_school, "deputy", "deputy_b")
    client.force_login(deputy_b)
    assert client.get(reverse("journal:movement_detail", args=[record.pk])).status_code == 404
    assert client.post(reverse("journal:movement_cancel", args=[record.pk])).status_code == 404
    assert MovementRecord.objects.filter(pk=record.pk).exists()


def test_director_cannot_cancel(client, small_school):
    s = small_school
    record = student_depart(student=s.students_a[2], date=D(2026, 10, 1), reason=MovementReason.OTHER_SCHOOL)
    client.force_login(s.director)
    assert client.get(reverse("journal:movement_detail", args=[record.pk])).status_code == 200
    assert client.post(reverse("journal:movement_cancel", args=[record.pk])).status_code == 403
    assert MovementRecord.objects.filter(pk=record.pk).exists()


def test_deputy_records_arrival_departure_transfer_in_the_browser(client, small_school):
    s = small_school
    client.force_login(s.deputy)
    response = client.post(reverse("journal:movement_arrival"), {
        "last_name": "Өмүрзаков", "first_name": "Адилет", "sex": "m", "birth_date": "2015-05-02",
        "pin": "20205201500017", "class_group": s.class_a.pk, "date": "2026-10-05", "reason": "from_school",
        "order_number": "45", "other_school": "№5 мектеп",
    })
    assert response.status_code == 302, response.context["form"].errors
    newcomer = Student.objects.get(last_name="Өмүрзаков")
    assert newcomer.class_group == s.class_a

    response = client.post(reverse("journal:movement_transfer"), {
        "student": newcomer.pk, "class_group": s.class_b.pk, "date": "06.10.2026"})
    assert response.status_code == 302
    response = client.post(reverse("journal:movement_departure"), {
        "student": s.students_b[0].pk, "date": "2026-10-07", "reason": "abroad", "region": "Казакстан"})
    assert response.status_code == 302
    assert MovementRecord.objects.filter(school=s.school).count() == 3
    page = client.get(reverse("journal:movement_list"))
    assert page.context["total"] == 3


def test_failed_save_keeps_what_was_typed(client, small_school):
    s = small_school
    client.force_login(s.deputy)
    response = client.post(reverse("journal:movement_arrival"), {
        "last_name": "Өмүрзаков", "first_name": "Адилет", "sex": "m", "pin": "123", "class_group": s.class_a.pk,
        "date": "2026-10-05", "reason": "from_school"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "pin" in form.errors
    assert 'value="Өмүрзаков"' in response.content.decode()
    assert not Student.objects.filter(last_name="Өмүрзаков").exists()


def test_cannot_record_for_another_schools_student(client, small_school):
    s = small_school
    client.force_login(s.deputy)
    response = client.post(reverse("journal:movement_departure"), {
        "student": s.other_student.pk, "date": "2026-10-07", "reason": "abroad"})
    assert response.status_code == 200 and "student" in response.context["form"].errors
    response = client.post(reverse("journal:movement_transfer"), {
        "student": s.students_a[1].pk, "class_group": s.other_class.pk, "date": "2026-10-07"})
    assert response.status_code == 200 and "class_group" in response.context["form"].errors
    assert not MovementRecord.objects.exists()


def test_list_exports(client, small_school):
    s = small_school
    student_depart(student=s.students_a[2], date=D(2026, 10, 1), reason=MovementReason.OTHER_SCHOOL)
    client.force_login(s.director)
    url = reverse("journal:movement_list")
    xlsx = client.get(url, {"_export": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    csv = client.get(url, {"_export": "csv", "kind": "departure"})
    text = csv.content.decode("utf-8-sig")
    assert s.students_a[2].full_name in text
    pdf = client.get(url, {"_export": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_list_query_count(client, small_school, django_assert_max_num_queries):
    s = small_school
    for student in s.students_a[2:]:
        student_depart(student=student, date=D(2026, 10, 1), reason=MovementReason.OTHER_SCHOOL)
    client.force_login(s.director)
    client.get(reverse("journal:movement_list"))
    with django_assert_max_num_queries(20):
        assert client.get(reverse("journal:movement_list")).status_code == 200


def test_report_exports(client, small_school):
    s = small_school
    student_depart(student=s.students_a[2], date=D(2026, 10, 1), reason=MovementReason.OTHER_SCHOOL)
    client.force_login(s.deputy)
    url = reverse("journal:movement_report")
    page = client.get(url, {"start": "2026-09-01", "end": "2026-12-31"})
    assert page.status_code == 200 and page.context["report"].total.left == 1
    pdf = client.get(url, {"start": "2026-09-01", "end": "2026-12-31", "format": "pdf"})
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(url, {"start": "2026-09-01", "end": "2026-12-31", "format": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    bad = client.get(url, {"start": "2026-12-31", "end": "2026-09-01"})
    assert bad.status_code == 200 and bad.context["form"].errors


def test_cancel_in_the_browser(client, small_school):
    s = small_school
    record = student_depart(student=s.students_a[2], date=D(2026, 10, 1), reason=MovementReason.OTHER_SCHOOL)
    client.force_login(s.deputy)
    url = reverse("journal:movement_cancel", args=[record.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="reason"' in page.content.decode()  # asks before it cancels
    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 400 and MovementRecord.objects.filter(pk=record.pk).exists()
    assert client.post(url, {"reason": "Башка окуучуга жазылып калган"}).status_code == 302
    assert Student.objects.get(pk=s.students_a[2].pk).history.first().history_change_reason.endswith(
        "Башка окуучуга жазылып калган")
    assert Student.objects.get(pk=s.students_a[2].pk).class_group == s.class_a

