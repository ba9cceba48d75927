"""The diary of parents and students (R-J7): own children only, a student only themself;
another child, another school, anonymous — refused."""

import datetime

import pytest
from django.urls import reverse

from journal.gradebook import factories as gf
from journal.gradebook.models import AbsenceStatus, LessonStatus
from journal.gradebook.services.lesson_generation import lessons_generate
from journal.register import factories as f
from portal.roles import Role

from .planning_fixtures import cal_fixture, log_in_fixture  # noqa: F401

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2026, 11, 16)


@pytest.fixture(name="diary")
def diary_fixture(cal):
    """Lessons of the week 16–21 November, the parent's child in 5 «А» with grades, an
    absence, homework; the other child in 5 «Б»."""
    lessons_generate(school=cal.school, year=cal.year, date_from=MONDAY, date_to=MONDAY + datetime.timedelta(days=5))
    child_a, child_b = cal.students_a[1], cal.students_b[1]
    lessons = {lesson.date: lesson for lesson in cal.assignment_a.lessons.all()}
    monday = lessons[MONDAY]
    monday.topic = "Жөнөкөй бөлчөктөр"
    monday.homework = "§12, 5-7-көнүгүүлөр"
    monday.status = LessonStatus.HELD
    monday.save()
    oral = gf.GradeTypeFactory(school=cal.school, code="oral")
    control = gf.GradeTypeFactory(school=cal.school, code="control")
    gf.GradeFactory(lesson=monday, student=child_a, value=5, grade_type=oral)
    gf.GradeFactory(lesson=lessons[MONDAY + datetime.timedelta(days=1)], student=child_a, value=3,
                    grade_type=control)
    gf.AttendanceFactory(lesson=lessons[MONDAY + datetime.timedelta(days=2)], student=child_a,
                         status=AbsenceStatus.ILL)
    # another student's grade in the same lesson must not show
    gf.GradeFactory(lesson=monday, student=cal.students_a[2], value=2, grade_type=oral)
    cal.child_a, cal.child_b = child_a, child_b
    return cal


def week_url(student, day=MONDAY):
    return reverse("journal:diary_student", args=[student.pk]) + f"?date={day:%Y-%m-%d}"


def test_parent_week_of_own_child(diary, log_in):
    response = log_in(diary.parent_user).get(week_url(diary.child_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Жөнөкөй бөлчөктөр" in html and "§12, 5-7-көнүгүүлөр" in html
    days = response.context["week"]["days"]
    monday = days[0]["lessons"][0]
    assert [g["value"] for g in monday["grades"]] == [5]  # not the other student's 2
    tuesday = days[1]["lessons"][0]
    assert [g["value"] for g in tuesday["grades"]] == [3] and tuesday["grades"][0]["is_written"]
    assert days[2]["lessons"][0]["absence"]["status"] == AbsenceStatus.ILL
    assert {s.pk for s in response.context["students"]} == {diary.child_a.pk, diary.child_b.pk}


def test_parent_switches_between_children_and_is_remembered(diary, log_in):
    client = log_in(diary.parent_user)
    assert client.get(week_url(diary.child_b)).context["student"] == diary.child_b
    response = client.get(reverse("journal:diary"))
    assert response.status_code == 200 and response.context["student"] == diary.child_b


def test_parent_cannot_open_another_child(diary, log_in):
    client = log_in(diary.parent_user)
    stranger = diary.students_a[3]
    for name in ("journal:diary_student", "journal:diary_grades", "journal:diary_attendance"):
        assert client.get(reverse(name, args=[stranger.pk])).status_code == 404
        assert client.get(reverse(name, args=[diary.other_student.pk])).status_code == 404


def test_student_sees_only_themself(diary, log_in):
    client = log_in(diary.student_user)
    me = diary.students_a[0]
    response = client.get(reverse("journal:diary"))
    assert response.status_code == 200 and response.context["student"] == me
    assert [s.pk for s in response.context["students"]] == [me.pk]
    assert client.get(week_url(diary.child_a)).status_code == 404
    assert client.get(reverse("journal:diary_grades", args=[me.pk])).status_code == 200


@pytest.mark.parametrize("who", ["teacher_user", "deputy", "director", "other_school_teacher"])
def test_staff_and_other_school_have_no_children_here(diary, log_in, who):
    client = log_in(getattr(diary, who))
    response = client.get(reverse("journal:diary"))
    assert response.status_code == 200
    assert "students" not in response.context or not response.context.get("student")
    assert client.get(week_url(diary.child_a)).status_code == 404


def test_parent_of_another_school_is_refused(diary, log_in):
    other_parent = f.user_with_role(diary.other_school, Role.PARENT, "parent_other_school")
    guardian = f.GuardianFactory(school=diary.other_school, user=other_parent)
    f.StudentGuardianFactory(student=diary.other_student, guardian=guardian)
    client = log_in(other_parent)
    assert client.get(week_url(diary.child_a)).status_code == 404


def test_anonymous_is_sent_to_login(diary, client):
    for url in (reverse("journal:diary"), week_url(diary.child_a),
                reverse("journal:diary_grades", args=[diary.child_a.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_grades_by_subject_with_averages(diary, log_in):
    response = log_in(diary.parent_user).get(reverse("journal:diary_grades", args=[diary.child_a.pk]) +
                                             f"?period={diary.q2.pk}")
    assert response.status_code == 200
    maths = response.context["data"]["subjects"][0]
    assert [g["value"] for g in maths["grades"]] == [5, 3]
    assert str(maths["average"]) == "4.00"
    assert str(maths["weighted"]) == "3.67"  # oral 1 × 5, control 2 × 3 → 11 / 3
    # a period of another year or school is not found
    other = f.StudyPeriodFactory(year=diary.other_class.year)
    url = reverse("journal:diary_grades", args=[diary.child_a.pk]) + f"?period={other.pk}"
    assert log_in(diary.parent_user).get(url).status_code == 404


def test_period_grades_in_the_diary(diary, log_in):
    gf.PeriodGradeFactory(period=diary.q1, assignment=diary.assignment_a, student=diary.child_a, value=4)
    response = log_in(diary.parent_user).get(reverse("journal:diary_grades", args=[diary.child_a.pk]))
    finals = dict((p.pk, label) for p, label in response.context["data"]["subjects"][0]["finals"])
    assert finals[diary.q1.pk] == "4"


def test_attendance_summary(diary, log_in):
    response = log_in(diary.parent_user).get(reverse("journal:diary_attendance", args=[diary.child_a.pk]))
    assert response.status_code == 200
    data = response.context["data"]
    assert data["missed"] == 1
    q2 = [row for row in data["per_period"] if row["period"] == diary.q2][0]
    assert dict(q2["pairs"])[AbsenceStatus.ILL] == 1


def test_diary_query_count_does_not_grow_with_lessons(diary, log_in, django_assert_max_num_queries):
    client = log_in(diary.parent_user)
    client.get(week_url(diary.child_a))
    with django_assert_max_num_queries(22):  # +2 (issue 11): the menu's unread count, the announcements block
        client.get(week_url(diary.child_a))
    with django_assert_max_num_queries(20):
        client.get(reverse("journal:diary_grades", args=[diary.child_a.pk]))
    with django_assert_max_num_queries(20):
        client.get(reverse("journal:diary_attendance", args=[diary.child_a.pk]))


def test_login_sends_parent_and_student_to_the_diary(diary, client):
    client.force_login(diary.parent_user)
    response = client.get(reverse("portal:start"))
    assert response["Location"] == reverse("journal:diary")
