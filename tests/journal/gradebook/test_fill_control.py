"""The fill control (R-J13): per teacher and assignment — lessons without topic, homework,
attendance; students with too few grades; plan progress — aggregated in the database."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from journal.gradebook import factories as gf
from journal.gradebook.models import Lesson, LessonStatus, TimetableEntry
from journal.gradebook.selectors.control import default_range, fill_control
from journal.gradebook.services.lesson_generation import lessons_generate
from journal.gradebook.services.plans import plan_save
from journal.register import factories as f

from .planning_fixtures import cal_fixture, log_in_fixture  # noqa: F401

pytestmark = pytest.mark.django_db
START, END = datetime.date(2026, 11, 10), datetime.date(2026, 11, 20)


@pytest.fixture(name="ctl")
def ctl_fixture(cal):
    lessons_generate(school=cal.school, year=cal.year, date_from=cal.q2.start, date_to=cal.q2.end)
    lessons = list(Lesson.objects.filter(assignment=cal.assignment_a, date__range=(START, END)).order_by("date"))
    assert len(lessons) == 9
    for i, lesson in enumerate(lessons):
        lesson.topic = f"Тема {i}" if i < 6 else ""
        lesson.homework = "§1" if i < 5 else ""
        lesson.attendance_taken = i < 7
        lesson.status = LessonStatus.HELD
        lesson.save()
    # three of five students have a grade; 5 h/week, 9 of 36 lessons held: at least 1 grade by now
    for student in cal.students_a[:3]:
        gf.GradeFactory(lesson=lessons[0], student=student, value=4)
    # the plan: 10 topics, dated from the lessons; 9 are due by the 20th, 6 given
    plan_save(assignment=cal.assignment_a, rows=[{"title": f"Тема {i}", "hours": 1} for i in range(10)],
              user=cal.teacher_user)
    Lesson.objects.filter(assignment=cal.assignment_a, date__lt=START).delete()
    cal.lessons = lessons
    return cal


def row_of(rows, assignment):
    return next(r for r in rows if r.assignment == assignment)


def test_counts_per_assignment(ctl):
    rows = fill_control(school=ctl.school, year=ctl.year, date_from=START, date_to=END, on_date=END)
    a = row_of(rows, ctl.assignment_a)
    assert (a.lessons, a.no_topic, a.no_homework, a.no_attendance) == (9, 3, 4, 2)
    assert a.min_grades_period == 7 and a.min_grades == 1
    assert (a.students, a.few_grades) == (5, 2)
    assert a.has_plan and a.plan_due == 9 and a.plan_given == 6 and a.behind == 3
    b = row_of(rows, ctl.assignment_b)  # 5 «Б» Mondays 16 November: one lesson, nothing filled
    assert (b.lessons, b.no_topic, b.no_homework, b.no_attendance) == (1, 1, 1, 1)
    assert not b.has_plan and b.behind == 0


def test_lessons_after_today_and_cancelled_are_not_counted(ctl):
    Lesson.objects.filter(pk=ctl.lessons[-1].pk).update(status=LessonStatus.CANCELLED)
    rows = fill_control(school=ctl.school, year=ctl.year, date_from=START, date_to=datetime.date(2026, 11, 30),
                        on_date=datetime.date(2026, 11, 18))
    a = row_of(rows, ctl.assignment_a)
    assert a.lessons == 7  # 10–18 November


def test_plan_topic_chosen_counts_as_a_topic(ctl):
    topic = ctl.assignment_a.plan_topics.order_by("order")[6]
    Lesson.objects.filter(pk=ctl.lessons[6].pk).update(plan_topic=topic)
    a = row_of(fill_control(school=ctl.school, year=ctl.year, date_from=START, date_to=END, on_date=END),
               ctl.assignment_a)
    assert a.no_topic == 2 and a.plan_given == 7


def test_full_minimum_at_the_end_of_the_period(ctl):
    rows = fill_control(school=ctl.school, year=ctl.year, date_from=START, date_to=ctl.q2.end, on_date=ctl.q2.end)
    a = row_of(rows, ctl.assignment_a)
    assert a.min_grades == 7 and a.few_grades == 5


def test_no_grade_check_where_the_scale_has_no_marks(ctl):
    first = f.ClassGroupFactory(school=ctl.school, year=ctl.year, grade=1, letter="А")
    f.StudentFactory(school=ctl.school, class_group=first)
    a1 = f.TeachingAssignmentFactory(class_group=first, teacher=ctl.teacher, subject=ctl.math, hours_per_week=4)
    TimetableEntry.objects.create(school=ctl.school, year=ctl.year, class_group=first, weekday=3, lesson_number=1,
                                  assignment=a1, valid_from=ctl.year.start)
    lessons_generate(school=ctl.school, year=ctl.year, date_from=START, date_to=END)
    row = row_of(fill_control(school=ctl.school, year=ctl.year, date_from=START, date_to=END, on_date=END), a1)
    assert not row.marks and row.few_grades == 0
    assert row.lessons == 2


def test_filters_and_sorting(ctl):
    rows = fill_control(school=ctl.school, year=ctl.year, date_from=START, date_to=END, on_date=END,
                        teacher=ctl.other_teacher)
    assert [r.assignment for r in rows] == [ctl.assignment_b]
    rows = fill_control(school=ctl.school, year=ctl.year, date_from=START, date_to=END, on_date=END,
                        sort="-no_homework")
    assert rows[0].assignment == ctl.assignment_a
    rows = fill_control(school=ctl.school, year=ctl.year, date_from=START, date_to=END, on_date=END, sort="lessons")
    assert rows[0].assignment == ctl.assignment_b


def test_default_range_is_the_last_two_weeks():
    assert default_range(datetime.date(2026, 11, 20)) == (datetime.date(2026, 11, 7), datetime.date(2026, 11, 20))


def test_query_count_does_not_grow_with_the_school(ctl, django_assert_max_num_queries):
    def run():
        return fill_control(school=ctl.school, year=ctl.year, date_from=START, date_to=END, on_date=END)

    with django_assert_max_num_queries(12):
        run()
    for grade in (6, 7, 8):
        c = f.ClassGroupFactory(school=ctl.school, year=ctl.year, grade=grade, letter="А")
        for _ in range(3):
            f.StudentFactory(school=ctl.school, class_group=c)
        for subject_no in range(3):
            a = f.TeachingAssignmentFactory(class_group=c, teacher=ctl.other_teacher,
                                            subject=f.SubjectFactory(school=ctl.school, name_ky=f"Предмет {subject_no}"))
            TimetableEntry.objects.create(school=ctl.school, year=ctl.year, class_group=c, weekday=subject_no + 1,
                                          lesson_number=grade, assignment=a, valid_from=ctl.year.start)
    lessons_generate(school=ctl.school, year=ctl.year, date_from=START, date_to=END)
    with django_assert_max_num_queries(12):
        assert len(run()) == 11


# --- the page ----------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["teacher_user", "class_teacher_user", "parent_user", "student_user", "sysadmin",
                                 "other_school_teacher"])
def test_only_the_deputy_and_the_director(ctl, log_in, who):
    assert log_in(getattr(ctl, who)).get(reverse("journal:fill_control")).status_code == 403


def test_page_for_the_deputy_and_the_director(ctl, log_in, client):
    url = reverse("journal:fill_control") + "?from=2026-11-10&to=2026-11-20&sort=-no_topic"
    for user in (ctl.deputy, ctl.director):
        response = log_in(user).get(url)
        assert response.status_code == 200
        assert response.context["rows"][0].assignment in (ctl.assignment_a, ctl.assignment_b)
    client.logout()
    assert client.get(url).status_code == 302


def test_bad_range_falls_back_with_a_message(ctl, log_in):
    response = log_in(ctl.deputy).get(reverse("journal:fill_control") + "?from=2026-11-20&to=2026-11-01")
    assert response.status_code == 200 and response.context["error"]


def test_filter_by_another_schools_teacher_is_404(ctl, log_in):
    other = f.StaffMemberFactory(school=ctl.other_school)
    response = log_in(ctl.deputy).get(reverse("journal:fill_control") + f"?teacher={other.pk}")
    assert response.status_code == 404


def test_xlsx_export(ctl, log_in):
    response = log_in(ctl.deputy).get(reverse("journal:fill_control") + "?from=2026-11-10&to=2026-11-20&format=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    values = [[c for c in row] for row in sheet.iter_rows(min_row=3, values_only=True)]
    names = {row[0] for row in values}
    assert ctl.teacher.short_name in names and ctl.other_teacher.short_name in names


def test_page_query_count(ctl, log_in, django_assert_max_num_queries):
    client = log_in(ctl.deputy)
    url = reverse("journal:fill_control") + "?from=2026-11-10&to=2026-11-20"
    client.get(url)
    with django_assert_max_num_queries(25):
        client.get(url)
