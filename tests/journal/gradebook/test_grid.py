"""The journal grid page: content, period choice, a constant number of SQL queries however many
students and lessons; the teacher's start page and the list of class journals."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from journal.gradebook import factories as gf
from journal.gradebook.models import Attendance, Grade, Lesson, PeriodGrade
from journal.gradebook.selectors.grid import current_period, journal_grid
from journal.register import factories as f
from journal.register.models import Student

pytestmark = pytest.mark.django_db


def _grid_url(assignment):
    return reverse("journal:grid", args=[assignment.pk])


class TestGridPage:
    def test_shows_grades_absences_and_config(self, gb, login):
        s0, s1 = gb.students_a[0], gb.students_a[1]
        gf.GradeFactory(lesson=gb.lessons[0], student=s0, value=5, grade_type=gb.types["oral"])
        gf.GradeFactory(lesson=gb.lessons[0], student=s0, value=4, position=1, grade_type=gb.types["control"])
        gf.AttendanceFactory(lesson=gb.lessons[1], student=s1, status="ill")
        gf.PeriodGradeFactory(period=gb.q2, assignment=gb.assignment_a, student=s0, value=5)
        r = login(gb.teacher_user).get(_grid_url(gb.assignment_a), {"period": gb.q2.pk})
        assert r.status_code == 200
        html = r.content.decode()
        assert '<span class="gb-g">5</span> <span class="gb-g is-w">4</span>' in html
        assert 'class="gb-abs abs-ill"' in html
        assert r.context["can_write"] is True
        config = r.context["config"]
        assert config["cells"][f"{gb.lessons[0].pk}:{s0.pk}"]["g"] == [
            [0, 5, 1, gb.types["oral"].pk], [1, 4, 1, gb.types["control"].pk]]
        assert config["cells"][f"{gb.lessons[1].pk}:{s1.pk}"]["a"] == ["ill", 1]
        assert config["periodGrades"][str(s0.pk)] == [5, "", 1]
        assert len(r.context["grid"].columns) == 6
        assert len(r.context["grid"].rows) == 5
        assert 'id="gb-config"' in html and "gradebook-grid.js" in html

    def test_other_periods_and_cancelled_lessons(self, gb, login):
        gf.LessonFactory(assignment=gb.assignment_a, date=datetime.date(2026, 9, 15))
        cancelled = gb.lessons[5]
        cancelled.status = "cancelled"
        cancelled.save()
        client = login(gb.teacher_user)
        r = client.get(_grid_url(gb.assignment_a), {"period": gb.q1.pk})
        assert len(r.context["grid"].columns) == 1
        r = client.get(_grid_url(gb.assignment_a), {"period": gb.q2.pk})
        assert len(r.context["grid"].columns) == 5
        # the year is not a grid period: the period select lists the quarters only
        assert [p.pk for p in r.context["periods"]] == [gb.q1.pk, gb.q2.pk, gb.q3.pk, gb.q4.pk]

    def test_default_period_is_the_current_one(self, gb):
        periods = [gb.q1, gb.q2, gb.q3, gb.q4]
        assert current_period(periods, datetime.date(2026, 11, 20)) == gb.q2
        assert current_period(periods, datetime.date(2027, 1, 5)) == gb.q2  # holidays: the last one started
        assert current_period(periods, datetime.date(2026, 8, 20)) == gb.q1

    def test_without_periods(self, small_school, login):
        small_school.period.delete()
        r = login(small_school.teacher_user).get(_grid_url(small_school.assignment_a))
        assert r.status_code == 200 and r.context["no_periods"]

    def test_add_lesson(self, gb, login):
        client = login(gb.teacher_user)
        url = reverse("journal:lesson_add", args=[gb.assignment_a.pk])
        r = client.post(url, {"date": "2026-11-25", "lesson_number": "4", "period": gb.q2.pk})
        assert r.status_code == 302
        assert Lesson.objects.filter(assignment=gb.assignment_a, date=datetime.date(2026, 11, 25)).exists()
        # outside the year: refused with a message, nothing added
        before = Lesson.objects.count()
        client.post(url, {"date": "2028-01-01"})
        assert Lesson.objects.count() == before
        # another teacher's assignment: 404
        assert client.post(reverse("journal:lesson_add", args=[gb.assignment_b.pk]),
                           {"date": "2026-11-25"}).status_code == 404


def _build_class(gb, n_students, n_lessons, letter):
    """A class with `n_students`, a 5-hours-a-week subject with `n_lessons` in quarter 2, about
    a third of the cells graded (some twice), some absences and some period grades."""
    cls = f.ClassGroupFactory(school=gb.school, year=gb.year, grade=6, letter=letter)
    students = Student.objects.bulk_create([
        Student(school=gb.school, class_group=cls, last_name=f"Ученик{i:02d}", first_name="Айбек", sex="m")
        for i in range(n_students)
    ])
    assignment = f.TeachingAssignmentFactory(class_group=cls, teacher=gb.teacher, subject=gb.math, hours_per_week=5)
    start = gb.q2.start
    lessons = Lesson.objects.bulk_create([
        Lesson(school=gb.school, assignment=assignment, date=start + datetime.timedelta(days=i % 45),
               lesson_number=1 + i // 45) for i in range(n_lessons)
    ])
    oral, control = gb.types["oral"], gb.types["control"]
    grades, absences = [], []
    for i, student in enumerate(students):
        for j, lesson in enumerate(lessons):
            if (i + j) % 3 == 0:
                grades.append(Grade(school=gb.school, lesson=lesson, student=student, value=2 + (i + j) % 4,
                                    grade_type=control if j % 9 == 0 else oral))
                if (i + j) % 6 == 0:
                    grades.append(Grade(school=gb.school, lesson=lesson, student=student, position=1, value=5,
                                        grade_type=oral))
            elif (i + j) % 7 == 0:
                absences.append(Attendance(school=gb.school, lesson=lesson, student=student, status="ill"))
    Grade.objects.bulk_create(grades)
    Attendance.objects.bulk_create(absences)
    PeriodGrade.objects.bulk_create([
        PeriodGrade(school=gb.school, period=gb.q2, assignment=assignment, student=s, value=4) for s in students[::2]
    ])
    return assignment


class TestQueryCount:
    def test_selector_constant(self, gb, django_assert_num_queries):
        small = _build_class(gb, 10, 10, "Б1")
        large = _build_class(gb, 35, 45, "В1")
        counts = []
        for assignment in (small, large):
            journal_grid(assignment=assignment, period=gb.q2)  # creates nothing more: types exist
            with CaptureQueriesContext(connection) as ctx:
                grid = journal_grid(assignment=assignment, period=gb.q2)
            counts.append(len(ctx.captured_queries))
        assert len(grid.rows) == 35 and len(grid.columns) == 45
        assert counts[0] == counts[1]
        with django_assert_num_queries(counts[1]):
            journal_grid(assignment=large, period=gb.q2)

    def test_page_constant(self, gb, login, django_assert_max_num_queries):
        small = _build_class(gb, 10, 10, "Б2")
        large = _build_class(gb, 35, 45, "В2")
        client = login(gb.teacher_user)
        counts = []
        for assignment in (small, large):
            url = _grid_url(assignment)
            client.get(url, {"period": gb.q2.pk})  # warm-up (visit counter row, session)
            with CaptureQueriesContext(connection) as ctx:
                r = client.get(url, {"period": gb.q2.pk})
            assert r.status_code == 200
            counts.append(len(ctx.captured_queries))
        assert counts[0] == counts[1], counts
        with django_assert_max_num_queries(counts[1]):
            r = client.get(_grid_url(large), {"period": gb.q2.pk})
        assert len(r.context["config"]["cells"]) > 500
        print(f"journal grid page: {counts[1]} queries for 35 students × 45 lessons")


class TestGradeSaveQueries:
    """A grade save through the grid's cell API (the most frequent write of the system) reads
    what it needs once: the assignment with its class, year and school, the lesson and the
    student, the assessment rules once for the check and the row's summary."""

    def test_change_of_a_grade(self, gb, login):
        from .conftest import post_cell

        client = login(gb.teacher_user)
        student = gb.students_a[0]
        base = {"op": "grade", "lesson": gb.lesson.pk, "student": student.pk, "position": 0, "period": gb.q2.pk}
        assert post_cell(client, gb.assignment_a, **base, value=5, version=0).status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            r = post_cell(client, gb.assignment_a, **base, value=4, version=1)
        assert r.status_code == 200, r.content
        body = r.json()
        assert [g[1] for g in body["cell"]["g"]] == [4] and body["cell"]["g"][0][2] == 2  # value 4, version 2
        assert body["row"]["count"] == 1
        assert Grade.objects.get(lesson=gb.lesson, student=student).value == 4
        assert len(ctx.captured_queries) <= GRADE_SAVE_MAX_QUERIES, "\n".join(q["sql"][:120] for q in ctx.captured_queries)


GRADE_SAVE_MAX_QUERIES = 10  # issue 10 §6 (test_query_budget.py counts it as the bench does)


class TestTeacherHome:
    def test_todays_lessons_and_assignments(self, gb, login):
        today = timezone.localdate()
        lesson = gf.LessonFactory(assignment=gb.assignment_a, date=today, lesson_number=3, topic="Бөлчөктөр")
        gf.LessonFactory(assignment=gb.assignment_b, date=today, lesson_number=4)  # another teacher's
        r = login(gb.teacher_user).get(reverse("journal:teacher_home"))
        assert r.status_code == 200
        assert r.context["lessons"] == [lesson]
        html = r.content.decode()
        assert reverse("journal:lesson_detail", args=[lesson.pk]) in html
        assert reverse("journal:grid", args=[gb.assignment_a.pk]) in html
        assert reverse("journal:grid", args=[gb.assignment_b.pk]) not in html

    def test_empty_state(self, gb, login):
        r = login(gb.teacher_user).get(reverse("journal:teacher_home"))
        assert r.status_code == 200 and r.context["lessons"] == []

    def test_substitute_sees_the_lesson(self, gb, login):
        lesson = gf.LessonFactory(assignment=gb.assignment_a, date=timezone.localdate(),
                                  substitute_teacher=gb.other_teacher)
        assert login(gb.other_teacher_user).get(reverse("journal:teacher_home")).context["lessons"] == [lesson]
        assert login(gb.teacher_user).get(reverse("journal:teacher_home")).context["lessons"] == []

    def test_class_teacher_sees_class(self, gb, login):
        r = login(gb.class_teacher_user).get(reverse("journal:teacher_home"))
        homerooms = r.context["homerooms"]
        assert homerooms[0][0] == gb.class_a and homerooms[0][1] == [gb.assignment_a]

    def test_login_redirects_teacher_here(self, gb, login):
        r = login(gb.teacher_user).get(reverse("portal:start"))
        assert r.status_code == 302 and r["Location"] == reverse("journal:teacher_home")

    def test_anonymous(self, client, gb):
        assert client.get(reverse("journal:teacher_home")).status_code == 302


class TestGridIndex:
    def test_deputy_sees_all_teacher_own_and_homeroom(self, gb, login):
        r = login(gb.deputy).get(reverse("journal:grid_index"))
        assert sum(len(a) for _c, a in r.context["classes"]) == 2
        r = login(gb.teacher_user).get(reverse("journal:grid_index"))
        assert [a for _c, items in r.context["classes"] for a in items] == [gb.assignment_a]
        r = login(gb.other_school_teacher).get(reverse("journal:grid_index"))
        assert list(r.context["classes"]) == []
