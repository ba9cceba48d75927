"""Issue 9 §1 in the class journal: nothing is entered for a lesson that has not taken place, a
grade and an absence share a cell only where the school allows it, the absence keys are the
printed marks' letters, and the grid's "too few grades" warning is pro-rated like fill control."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from journal.gradebook import factories as gf
from journal.gradebook.marks import absence_keys
from journal.gradebook.models import Attendance, Grade, JournalSettings, Lesson, LessonStatus
from journal.gradebook.rules import min_grades_by_progress
from journal.gradebook.selectors.grid import expected_grades, journal_grid
from journal.gradebook.services.attendance import attendance_set
from journal.gradebook.services.grades import grade_add, grade_delete, grade_set
from journal.gradebook.services.lessons import LessonSaveErrors, lesson_journal_save, lesson_update
from journal.gradebook.services.period_grades import WARN_TOO_FEW

from .conftest import post_cell

pytestmark = pytest.mark.django_db

# gb's six lessons of 5 «А» maths are dated 10, 11, 12, 13, 16 and 17 November 2026.
NOV_12 = datetime.date(2026, 11, 12)


@pytest.fixture
def future(gb, school_day):
    """The school's today is 12 November: lessons[3] (13 November) has not taken place."""
    school_day(NOV_12)
    return gb.lessons[3]


class TestFutureLessons:
    def test_grade_refused_with_message(self, gb, future):
        with pytest.raises(ValidationError) as exc:
            grade_set(lesson=future, student=gb.students_a[0], value=5, by=gb.teacher_user)
        assert exc.value.code == "future" and "13.11.2026" in exc.value.messages[0]
        with pytest.raises(ValidationError):
            grade_add(lesson=future, student=gb.students_a[0], value=5, by=gb.teacher_user)
        assert not Grade.objects.exists()
        future.refresh_from_db()
        assert future.status == LessonStatus.PLANNED

    @pytest.mark.parametrize("status", ["unexcused", "ill", "excused", "late"])
    def test_absence_and_lateness_refused(self, gb, future, status):
        with pytest.raises(ValidationError):
            attendance_set(lesson=future, student=gb.students_a[0], status=status, by=gb.teacher_user)
        assert not Attendance.objects.exists()

    def test_today_and_past_allowed(self, gb, future):
        grade_set(lesson=gb.lessons[2], student=gb.students_a[0], value=5, by=gb.teacher_user)  # today
        attendance_set(lesson=gb.lessons[0], student=gb.students_a[1], status="late", by=gb.teacher_user)
        assert Grade.objects.count() == 1 and Attendance.objects.count() == 1

    def test_removing_an_old_mark_allowed_and_lesson_stays_planned(self, gb, future):
        grade = gf.GradeFactory(lesson=future, student=gb.students_a[0], value=4, grade_type=gb.types["oral"])
        gf.AttendanceFactory(lesson=future, student=gb.students_a[1], status="ill")
        grade_delete(lesson=future, student=gb.students_a[0], position=0, by=gb.teacher_user, version=grade.version)
        attendance_set(lesson=future, student=gb.students_a[1], status="", by=gb.teacher_user, version=1)
        attendance_set(lesson=future, student=gb.students_a[2], status="", by=gb.teacher_user)
        assert not Grade.objects.exists() and not Attendance.objects.exists()
        future.refresh_from_db()
        assert future.status == LessonStatus.PLANNED and not future.attendance_taken

    def test_future_lesson_cannot_be_marked_held(self, gb, future):
        with pytest.raises(ValidationError) as exc:
            lesson_update(lesson=future, by=gb.teacher_user, version=future.version, status=LessonStatus.HELD)
        assert "status" in exc.value.message_dict
        assert Lesson.objects.get(pk=future.pk).status == LessonStatus.PLANNED
        past = gb.lessons[0]
        lesson_update(lesson=past, by=gb.teacher_user, version=past.version, status=LessonStatus.HELD)
        assert Lesson.objects.get(pk=past.pk).status == LessonStatus.HELD

    def test_grid_api_answers_400_with_the_message(self, gb, future, login):
        client = login(gb.teacher_user)
        r = post_cell(client, gb.assignment_a, op="grade", lesson=future.pk, student=gb.students_a[0].pk,
                      value=5, version=0)
        assert r.status_code == 400
        assert "13.11.2026" in r.json()["message"]
        r = post_cell(client, gb.assignment_a, op="absence", lesson=future.pk, student=gb.students_a[0].pk,
                      status="late", version=0)
        assert r.status_code == 400
        assert not Grade.objects.exists() and not Attendance.objects.exists()
        # the next cell typed (a past lesson) is saved as usual
        r = post_cell(client, gb.assignment_a, op="grade", lesson=gb.lessons[0].pk, student=gb.students_a[0].pk,
                      value=5, version=0)
        assert r.status_code == 200

    def test_lesson_page_save_refuses_and_keeps_lesson_planned(self, gb, future):
        class Change:
            def __init__(self, student, status):
                self.student, self.status, self.version, self.key = student, status, 0, f"a-{student.pk}"

        with pytest.raises(LessonSaveErrors) as exc:
            lesson_journal_save(lesson=future, by=gb.teacher_user,
                                attendance=[Change(gb.students_a[0], "ill"), Change(gb.students_a[1], "")])
        assert f"a-{gb.students_a[0].pk}" in exc.value.errors
        future.refresh_from_db()
        assert future.status == LessonStatus.PLANNED and not future.attendance_taken
        assert not Attendance.objects.exists()


class TestGradeAndAbsence:
    def test_grade_refused_for_absent_student(self, gb):
        s = gb.students_a[0]
        attendance_set(lesson=gb.lesson, student=s, status="unexcused", by=gb.teacher_user)
        with pytest.raises(ValidationError) as exc:
            grade_set(lesson=gb.lesson, student=s, value=2, by=gb.teacher_user)
        assert exc.value.code == "absent"
        assert not Grade.objects.exists()

    def test_absence_refused_for_graded_student(self, gb):
        s = gb.students_a[0]
        grade_set(lesson=gb.lesson, student=s, value=2, by=gb.teacher_user)
        with pytest.raises(ValidationError) as exc:
            attendance_set(lesson=gb.lesson, student=s, status="ill", by=gb.teacher_user)
        assert exc.value.code == "graded"
        assert not Attendance.objects.exists()

    def test_late_student_may_be_graded(self, gb):
        s = gb.students_a[0]
        attendance_set(lesson=gb.lesson, student=s, status="late", by=gb.teacher_user)
        grade_set(lesson=gb.lesson, student=s, value=4, by=gb.teacher_user)
        assert Grade.objects.count() == 1

    def test_allowed_by_the_school_setting(self, gb):
        assert JournalSettings._meta.get_field("grade_with_absence").default is False
        JournalSettings.objects.create(school=gb.school, grade_with_absence=True)
        s = gb.students_a[0]
        attendance_set(lesson=gb.lesson, student=s, status="unexcused", by=gb.teacher_user)
        grade_set(lesson=gb.lesson, student=s, value=2, by=gb.teacher_user)
        assert Grade.objects.count() == 1 and Attendance.objects.count() == 1

    def test_other_schools_setting_does_not_count(self, gb):
        JournalSettings.objects.create(school=gb.other_school, grade_with_absence=True)
        attendance_set(lesson=gb.lesson, student=gb.students_a[0], status="ill", by=gb.teacher_user)
        with pytest.raises(ValidationError):
            grade_set(lesson=gb.lesson, student=gb.students_a[0], value=2, by=gb.teacher_user)

    def test_grid_api_refuses_n2(self, gb, login):
        client = login(gb.teacher_user)
        s = gb.students_a[0]
        r = post_cell(client, gb.assignment_a, op="absence", lesson=gb.lesson.pk, student=s.pk,
                      status="unexcused", version=0)
        assert r.status_code == 200
        r = post_cell(client, gb.assignment_a, op="grade", lesson=gb.lesson.pk, student=s.pk, value=2, version=0)
        assert r.status_code == 400 and r.json()["message"]
        assert not Grade.objects.exists()


class TestAbsenceKeys:
    def test_keys_are_the_printed_letters(self):
        with translation.override("ky"):
            keys = absence_keys()
            assert keys["unexcused"][0] == "н" and keys["ill"][0] == "о"
            assert keys["excused"][0] == "с" and keys["late"][0] == "к"
        with translation.override("ru"):
            keys = absence_keys()
            assert keys["unexcused"][0] == "н" and keys["ill"][0] == "б"
            assert keys["excused"][0] == "у" and keys["late"][0] == "о"  # «оп»

    @pytest.mark.parametrize("language", ["ky", "ru"])
    def test_no_key_means_two_marks(self, language):
        with translation.override(language):
            keys = absence_keys()
        flat = [k for ks in keys.values() for k in ks]
        assert len(flat) == len(set(flat))

    @pytest.mark.parametrize("language,ill", [("ky", "о"), ("ru", "б")])
    def test_grid_config_and_key_help(self, gb, login, language, ill):
        client = login(gb.teacher_user)
        with translation.override(language):  # also restores the language the request activates
            url = reverse("journal:grid", args=[gb.assignment_a.pk])
            r = client.get(url, {"period": gb.q2.pk}, HTTP_ACCEPT_LANGUAGE=language)
        assert r.status_code == 200
        assert r.context["config"]["absenceKeys"]["ill"][0] == ill
        assert f"<kbd>{ill}" in r.content.decode()


class TestProRatedWarning:
    def test_one_rule_with_fill_control(self):
        assert min_grades_by_progress(5, held=3, total=6) == 3
        assert min_grades_by_progress(5, held=6, total=6) == 7
        assert min_grades_by_progress(5, held=0, total=0) == 0
        dates = [datetime.date(2026, 11, d) for d in (10, 11, 12, 13, 16, 17)]
        assert expected_grades(5, dates, today=NOV_12) == min_grades_by_progress(5, held=3, total=6)

    def _grades(self, gb, student, n):
        for lesson in gb.lessons[:n]:
            gf.GradeFactory(lesson=lesson, student=student, value=5, grade_type=gb.types["control"])

    def test_part_way_through_the_period(self, gb, school_day):
        school_day(NOV_12)  # 3 of the 6 lessons held: 7 × 3/6 → 3 grades expected by now
        self._grades(gb, gb.students_a[0], 3)
        self._grades(gb, gb.students_a[1], 2)
        grid = journal_grid(assignment=gb.assignment_a, period=gb.q2)
        rows = {row.student.pk: row for row in grid.rows}
        assert WARN_TOO_FEW not in rows[gb.students_a[0].pk].suggestion.warning_codes
        warned = rows[gb.students_a[1].pk].suggestion
        assert WARN_TOO_FEW in warned.warning_codes and "3" in warned.warning_text and "7" in warned.warning_text

    def test_after_the_period_the_full_minimum(self, gb, school_day):
        school_day(datetime.date(2026, 12, 30))
        self._grades(gb, gb.students_a[0], 3)
        grid = journal_grid(assignment=gb.assignment_a, period=gb.q2)
        assert WARN_TOO_FEW in grid.rows[[r.student.pk for r in grid.rows].index(gb.students_a[0].pk)] \
            .suggestion.warning_codes

    def test_cell_api_row_uses_the_same_rule(self, gb, school_day, login):
        school_day(NOV_12)
        self._grades(gb, gb.students_a[0], 2)
        r = post_cell(login(gb.teacher_user), gb.assignment_a, op="grade", lesson=gb.lessons[2].pk,
                      student=gb.students_a[0].pk, value=4, version=0, period=gb.q2.pk)
        assert r.status_code == 200
        assert r.json()["row"]["count"] == 3 and r.json()["row"]["warnings"] == ""
