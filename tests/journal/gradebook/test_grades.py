"""Grades and absences: set, add, delete; versions (optimistic concurrency: a stale version is
refused with the current value and nothing is overwritten); history of every change."""

import pytest

from journal.gradebook.models import AbsenceStatus, Attendance, Grade, LessonStatus
from journal.gradebook.selectors.history import cell_history
from journal.gradebook.services.attendance import attendance_set
from journal.gradebook.services.common import JournalConflict
from journal.gradebook.services.grades import grade_add, grade_delete, grade_set, lesson_set_grade_type

from .conftest import post_cell

pytestmark = pytest.mark.django_db


class TestGradeSet:
    def test_create_and_change_bump_version(self, gb):
        g = grade_set(lesson=gb.lesson, student=gb.students_a[0], value=4, by=gb.teacher_user)
        assert (g.value, g.version, g.position, g.grade_type.code) == (4, 1, 0, "oral")
        g = grade_set(lesson=gb.lesson, student=gb.students_a[0], value=5, by=gb.teacher_user, version=1)
        assert (g.value, g.version) == (5, 2)
        assert Grade.objects.get().updated_by == gb.teacher_user

    def test_new_grade_marks_lesson_held(self, gb):
        grade_set(lesson=gb.lesson, student=gb.students_a[0], value=4, by=gb.teacher_user)
        gb.lesson.refresh_from_db()
        assert gb.lesson.status == LessonStatus.HELD

    def test_several_grades_per_lesson(self, gb):
        grade_set(lesson=gb.lesson, student=gb.students_a[0], value=4, by=gb.teacher_user)
        second = grade_add(lesson=gb.lesson, student=gb.students_a[0], value=5, by=gb.teacher_user,
                           grade_type=gb.types["written"], comment="диктант")
        assert second.position == 1 and second.grade_type.code == "written"
        assert list(Grade.objects.order_by("position").values_list("value", flat=True)) == [4, 5]

    def test_column_type_of_control_lesson(self, gb):
        gb.lesson.grade_type = gb.types["control"]
        gb.lesson.save()
        g = grade_set(lesson=gb.lesson, student=gb.students_a[0], value=3, by=gb.teacher_user)
        assert g.grade_type.code == "control"

    def test_changing_column_type_moves_its_grades(self, gb):
        g = grade_set(lesson=gb.lesson, student=gb.students_a[0], value=3, by=gb.teacher_user)
        other = grade_add(lesson=gb.lesson, student=gb.students_a[0], value=5, by=gb.teacher_user,
                          grade_type=gb.types["homework"])
        lesson_set_grade_type(lesson=gb.lesson, grade_type=gb.types["test"], by=gb.teacher_user)
        g.refresh_from_db()
        other.refresh_from_db()
        assert g.grade_type.code == "test" and g.version == 2
        assert other.grade_type.code == "homework"

    def test_delete(self, gb):
        grade_set(lesson=gb.lesson, student=gb.students_a[0], value=4, by=gb.teacher_user)
        grade_delete(lesson=gb.lesson, student=gb.students_a[0], position=0, by=gb.teacher_user, version=1)
        assert not Grade.objects.exists()
        # deleting again (a retry) is fine
        grade_delete(lesson=gb.lesson, student=gb.students_a[0], position=0, by=gb.teacher_user, version=1)

    def test_student_of_another_class_refused(self, gb):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            grade_set(lesson=gb.lesson, student=gb.students_b[0], value=4, by=gb.teacher_user)
        with pytest.raises(ValidationError):
            grade_set(lesson=gb.lesson, student=gb.other_student, value=4, by=gb.teacher_user)


class TestConcurrency:
    def test_stale_version_refused_with_current_value(self, gb):
        grade_set(lesson=gb.lesson, student=gb.students_a[0], value=4, by=gb.teacher_user)  # version 1
        # the deputy corrects it meanwhile
        grade_set(lesson=gb.lesson, student=gb.students_a[0], value=3, by=gb.deputy, version=1, reason="ошибка")
        with pytest.raises(JournalConflict) as exc:
            grade_set(lesson=gb.lesson, student=gb.students_a[0], value=5, by=gb.teacher_user, version=1)
        assert exc.value.current.value == 3 and exc.value.current.version == 2
        assert Grade.objects.get().value == 3

    def test_two_creates_of_one_cell(self, gb):
        grade_set(lesson=gb.lesson, student=gb.students_a[0], value=4, by=gb.teacher_user, version=0)
        with pytest.raises(JournalConflict):
            grade_set(lesson=gb.lesson, student=gb.students_a[0], value=2, by=gb.deputy, version=0, reason="r")
        assert Grade.objects.get().value == 4

    def test_retry_of_saved_value_is_not_a_conflict(self, gb):
        grade_set(lesson=gb.lesson, student=gb.students_a[0], value=4, by=gb.teacher_user, version=0)
        again = grade_set(lesson=gb.lesson, student=gb.students_a[0], value=4, by=gb.teacher_user, version=0)
        assert again.version == 1 and Grade.objects.count() == 1

    def test_stale_delete_refused(self, gb):
        grade_set(lesson=gb.lesson, student=gb.students_a[0], value=4, by=gb.teacher_user)
        grade_set(lesson=gb.lesson, student=gb.students_a[0], value=2, by=gb.teacher_user, version=1)
        with pytest.raises(JournalConflict):
            grade_delete(lesson=gb.lesson, student=gb.students_a[0], position=0, by=gb.teacher_user, version=1)
        assert Grade.objects.get().value == 2

    def test_api_answers_409_with_current_cell_and_keeps_it(self, gb, login):
        client = login(gb.teacher_user)
        s = gb.students_a[0]
        r = post_cell(client, gb.assignment_a, op="grade", lesson=gb.lesson.pk, student=s.pk, position=0, value=4,
                      version=0)
        assert r.status_code == 200 and r.json()["cell"]["g"] == [[0, 4, 1, gb.types["oral"].pk]]
        # someone else (the deputy) changes it
        grade_set(lesson=gb.lesson, student=s, value=3, by=gb.deputy, version=1, reason="проверка")
        r = post_cell(client, gb.assignment_a, op="grade", lesson=gb.lesson.pk, student=s.pk, position=0, value=5,
                      version=1)
        assert r.status_code == 409
        data = r.json()
        assert data["conflict"] is True
        assert data["cell"]["g"][0][1] == 3 and data["cell"]["g"][0][2] == 2
        assert data["by"]
        assert Grade.objects.get().value == 3
        # the user chooses their value: sent again with the current version
        r = post_cell(client, gb.assignment_a, op="grade", lesson=gb.lesson.pk, student=s.pk, position=0, value=5,
                      version=2)
        assert r.status_code == 200 and Grade.objects.get().value == 5

    def test_absence_conflict(self, gb):
        attendance_set(lesson=gb.lesson, student=gb.students_a[0], status="unexcused", by=gb.teacher_user)
        attendance_set(lesson=gb.lesson, student=gb.students_a[0], status="ill", by=gb.teacher_user, version=1)
        with pytest.raises(JournalConflict) as exc:
            attendance_set(lesson=gb.lesson, student=gb.students_a[0], status="", by=gb.teacher_user, version=1)
        assert exc.value.current.status == "ill"
        assert Attendance.objects.get().status == "ill"


class TestAttendance:
    def test_mark_change_clear(self, gb):
        lesson, s = gb.lesson, gb.students_a[0]
        a = attendance_set(lesson=lesson, student=s, status=AbsenceStatus.UNEXCUSED, by=gb.teacher_user)
        assert a.version == 1
        lesson.refresh_from_db()
        assert lesson.attendance_taken and lesson.status == LessonStatus.HELD
        a = attendance_set(lesson=lesson, student=s, status=AbsenceStatus.ILL, by=gb.teacher_user, version=1)
        assert a.version == 2
        assert attendance_set(lesson=lesson, student=s, status="", by=gb.teacher_user, version=2) is None
        assert not Attendance.objects.exists()

    def test_unknown_status_refused(self, gb):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            attendance_set(lesson=gb.lesson, student=gb.students_a[0], status="gone", by=gb.teacher_user)

    def test_late_with_grade(self, gb, login):
        client = login(gb.teacher_user)
        s = gb.students_a[1]
        assert post_cell(client, gb.assignment_a, op="absence", lesson=gb.lesson.pk, student=s.pk, status="late",
                         version=0).status_code == 200
        r = post_cell(client, gb.assignment_a, op="grade", lesson=gb.lesson.pk, student=s.pk, value=5, version=0)
        assert r.json()["cell"]["a"] == ["late", 1]
        assert r.json()["cell"]["g"][0][1] == 5


class TestHistory:
    def test_changed_grade_keeps_history(self, gb):
        s = gb.students_a[0]
        grade_set(lesson=gb.lesson, student=s, value=4, by=gb.teacher_user)
        grade_set(lesson=gb.lesson, student=s, value=5, by=gb.teacher_user, version=1)
        grade_set(lesson=gb.lesson, student=s, value=3, by=gb.deputy, version=2, reason="исправление ошибки")
        grade_delete(lesson=gb.lesson, student=s, position=0, by=gb.teacher_user, version=3)
        records = list(Grade.history.order_by("history_date", "history_id"))
        assert [(r.history_type, r.value, r.history_user) for r in records] == [
            ("+", 4, gb.teacher_user), ("~", 5, gb.teacher_user), ("~", 3, gb.deputy), ("-", 3, gb.teacher_user)]
        assert records[2].history_change_reason == "исправление ошибки"

        entries = cell_history(lesson=gb.lesson, student=s)
        assert [(e["old"][:1], e["new"][:1]) for e in entries] == [("3", ""), ("5", "3"), ("4", "5"), ("", "4")]
        assert entries[1]["reason"] == "исправление ошибки"
        assert entries[1]["who"] == gb.deputy.full_name

    def test_absence_history(self, gb):
        s = gb.students_a[0]
        attendance_set(lesson=gb.lesson, student=s, status="unexcused", by=gb.teacher_user)
        attendance_set(lesson=gb.lesson, student=s, status="ill", by=gb.teacher_user, version=1)
        entries = cell_history(lesson=gb.lesson, student=s)
        assert len(entries) == 2 and entries[0]["new"] == str(AbsenceStatus.ILL.label)

    def test_history_endpoint(self, gb, login):
        s = gb.students_a[0]
        grade_set(lesson=gb.lesson, student=s, value=4, by=gb.teacher_user)
        grade_set(lesson=gb.lesson, student=s, value=5, by=gb.teacher_user, version=1)
        from django.urls import reverse

        url = reverse("journal:cell_history", args=[gb.assignment_a.pk])
        r = login(gb.teacher_user).get(url, {"lesson": gb.lesson.pk, "student": s.pk}, HTTP_ACCEPT="application/json")
        assert r.status_code == 200 and len(r.json()["entries"]) == 2
        r = login(gb.teacher_user).get(url, {"lesson": gb.lesson.pk, "student": s.pk, "format": "html"})
        assert r.status_code == 200 and "5" in r.content.decode()
        # a student of another class through this assignment: 404
        r = login(gb.teacher_user).get(url, {"lesson": gb.lesson.pk, "student": gb.students_b[0].pk})
        assert r.status_code == 404
