"""Who may read and write the class journal: only the teacher of the assignment (or the deputy,
with a reason) writes; a closed period is read-only except for the deputy; the director never
writes (R-J14); other classes, other schools and anonymous users are refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from journal.gradebook import factories as gf
from journal.gradebook.models import Grade, PeriodGrade
from journal.gradebook.services.grades import grade_set
from journal.gradebook.services.period_grades import period_grade_set, study_period_close
from portal import access

from .conftest import post_cell

pytestmark = pytest.mark.django_db


def _grade(client, gb, **extra):
    data = {"op": "grade", "lesson": gb.lesson.pk, "student": gb.students_a[0].pk, "position": 0, "value": 5,
            "version": 0, **extra}
    return post_cell(client, gb.assignment_a, **data)


class TestWriteMode:
    def test_modes(self, gb):
        a = gb.assignment_a
        assert access.journal_write_mode(gb.teacher_user, gb.school, a) == access.JOURNAL_TEACHER
        assert access.journal_write_mode(gb.deputy, gb.school, a) == access.JOURNAL_DEPUTY
        assert access.journal_write_mode(gb.director, gb.school, a) is None
        assert access.journal_write_mode(gb.sysadmin, gb.school, a) is None
        assert access.journal_write_mode(gb.class_teacher_user, gb.school, a) is None
        assert access.journal_write_mode(gb.other_teacher_user, gb.school, a) is None
        assert access.journal_write_mode(gb.other_school_teacher, gb.school, a) is None
        assert access.journal_write_mode(gb.teacher_user, gb.school, a, locked=True) is None
        assert access.journal_write_mode(gb.deputy, gb.school, a, locked=True) == access.JOURNAL_DEPUTY


class TestApi:
    def test_teacher_of_assignment_writes(self, gb, login):
        assert _grade(login(gb.teacher_user), gb).status_code == 200
        assert Grade.objects.get().value == 5

    def test_another_teachers_class_refused(self, gb, login):
        client = login(gb.teacher_user)
        lesson_b = gb.lessons_b[0]
        r = post_cell(client, gb.assignment_b, op="grade", lesson=lesson_b.pk, student=gb.students_b[0].pk,
                      value=5, version=0)
        assert r.status_code == 404
        # and through the own assignment's URL with the other lesson: 404 too
        r = _grade(client, gb, lesson=lesson_b.pk, student=gb.students_b[0].pk)
        assert r.status_code == 404
        assert not Grade.objects.exists()

    def test_student_of_another_class_refused(self, gb, login):
        r = _grade(login(gb.teacher_user), gb, student=gb.students_b[0].pk)
        assert r.status_code == 404
        r = _grade(login(gb.teacher_user), gb, student=gb.other_student.pk)
        assert r.status_code == 404
        assert not Grade.objects.exists()

    def test_class_teacher_reads_but_does_not_write(self, gb, login):
        client = login(gb.class_teacher_user)
        assert client.get(reverse("journal:grid", args=[gb.assignment_a.pk])).status_code == 200
        assert _grade(client, gb).status_code == 403
        assert not Grade.objects.exists()

    def test_director_reads_but_never_writes(self, gb, login):
        client = login(gb.director)
        r = client.get(reverse("journal:grid", args=[gb.assignment_a.pk]))
        assert r.status_code == 200 and r.context["can_write"] is False
        assert _grade(client, gb, reason="because").status_code == 403
        assert not Grade.objects.exists()
        with pytest.raises(PermissionDenied):
            grade_set(lesson=gb.lesson, student=gb.students_a[0], value=5, by=gb.director, reason="x")

    def test_deputy_needs_a_reason(self, gb, login):
        client = login(gb.deputy)
        r = _grade(client, gb)
        assert r.status_code == 400 and r.json()["code"] == "reason_required"
        assert not Grade.objects.exists()
        assert _grade(client, gb, reason="учитель болеет").status_code == 200
        record = Grade.history.get()
        assert record.history_change_reason == "учитель болеет" and record.history_user == gb.deputy

    def test_other_school_refused(self, gb, login):
        client = login(gb.other_school_teacher)
        assert _grade(client, gb).status_code == 404
        assert client.get(reverse("journal:grid", args=[gb.assignment_a.pk])).status_code == 404
        assert not Grade.objects.exists()

    def test_anonymous_refused(self, gb, client):
        r = _grade(client, gb)
        assert r.status_code == 302 and "/accounts/login" in r["Location"]
        r = client.get(reverse("journal:grid", args=[gb.assignment_a.pk]))
        assert r.status_code == 302
        assert not Grade.objects.exists()

    @pytest.mark.parametrize("who", ["student_user", "parent_user"])
    def test_students_and_parents_see_no_grid(self, gb, login, who):
        client = login(getattr(gb, who))
        assert client.get(reverse("journal:grid", args=[gb.assignment_a.pk])).status_code == 404
        assert _grade(client, gb).status_code == 404

    def test_get_not_allowed_on_api(self, gb, login):
        r = login(gb.teacher_user).get(reverse("journal:grid_cell", args=[gb.assignment_a.pk]))
        assert r.status_code == 405


class TestClosedPeriod:
    def test_teacher_refused_deputy_allowed_with_reason(self, gb, login):
        study_period_close(period=gb.q2, by=gb.deputy)
        r = _grade(login(gb.teacher_user), gb)
        assert r.status_code == 403
        assert not Grade.objects.exists()
        with pytest.raises(PermissionDenied):
            grade_set(lesson=gb.lesson, student=gb.students_a[0], value=5, by=gb.teacher_user)
        with pytest.raises(ValidationError):
            grade_set(lesson=gb.lesson, student=gb.students_a[0], value=5, by=gb.deputy)
        g = grade_set(lesson=gb.lesson, student=gb.students_a[0], value=5, by=gb.deputy, reason="апелляция")
        assert g.value == 5

    def test_grid_read_only_for_teacher_when_closed(self, gb, login):
        study_period_close(period=gb.q2, by=gb.deputy)
        r = login(gb.teacher_user).get(reverse("journal:grid", args=[gb.assignment_a.pk]), {"period": gb.q2.pk})
        assert r.status_code == 200 and r.context["can_write"] is False

    def test_closed_period_grade_refused(self, gb):
        study_period_close(period=gb.q2, by=gb.deputy)
        with pytest.raises(PermissionDenied):
            period_grade_set(period=gb.q2, assignment=gb.assignment_a, student=gb.students_a[0], value=4,
                             by=gb.teacher_user)
        assert not PeriodGrade.objects.exists()

    def test_only_deputy_closes(self, gb):
        for user in (gb.teacher_user, gb.director, gb.sysadmin):
            with pytest.raises(PermissionDenied):
                study_period_close(period=gb.q2, by=user)


class TestPages:
    @pytest.mark.parametrize("name", ["grid", "period_grades"])
    def test_forbidden_sides(self, gb, login, client, name):
        url = reverse(f"journal:{name}", args=[gb.assignment_a.pk])
        assert client.get(url).status_code == 302  # anonymous
        assert login(gb.other_teacher_user).get(url).status_code == 404
        assert login(gb.other_school_teacher).get(url).status_code == 404
        assert login(gb.teacher_user).get(url).status_code == 200

    def test_lesson_page_forbidden_sides(self, gb, login, client):
        url = reverse("journal:lesson_detail", args=[gb.lesson.pk])
        assert client.get(url).status_code == 302
        assert login(gb.other_teacher_user).get(url).status_code == 404
        assert login(gb.other_school_teacher).get(url).status_code == 404
        assert login(gb.parent_user).get(url).status_code == 404
        r = login(gb.director).get(url)
        assert r.status_code == 200 and r.context["can_write"] is False
        assert login(gb.director).post(url, {"version": 1}).status_code == 403

    def test_substitute_writes_the_lesson(self, gb, login):
        gb.lesson.substitute_teacher = gb.other_teacher
        gb.lesson.save()
        url = reverse("journal:lesson_detail", args=[gb.lesson.pk])
        r = login(gb.other_teacher_user).get(url)
        assert r.status_code == 200 and r.context["can_write"] is True
        # but only that lesson
        other = gf.LessonFactory(assignment=gb.assignment_a)
        assert login(gb.other_teacher_user).get(
            reverse("journal:lesson_detail", args=[other.pk])).status_code == 404

    def test_period_close_page(self, gb, login, client):
        url = reverse("journal:period_close")
        assert client.get(url).status_code == 302
        assert login(gb.teacher_user).get(url).status_code == 403
        assert login(gb.director).get(url).status_code == 200
        assert login(gb.director).post(url, {"period": gb.q2.pk}).status_code == 403
        r = login(gb.deputy).post(url, {"period": gb.q2.pk, "action": "close"})
        assert r.status_code == 302
        gb.q2.refresh_from_db()
        assert gb.q2.is_closed

    def test_period_close_other_school_period_404(self, gb, login):
        from journal.register import factories as f

        other_period = f.StudyPeriodFactory(year=gb.other_class.year)
        r = login(gb.deputy).post(reverse("journal:period_close"), {"period": other_period.pk, "action": "close"})
        assert r.status_code == 404
        other_period.refresh_from_db()
        assert not other_period.is_closed

    def test_grade_types_page(self, gb, login, client):
        url = reverse("journal:grade_types")
        assert client.get(url).status_code == 302
        assert login(gb.teacher_user).get(url).status_code == 403
        assert login(gb.director).get(url).status_code == 200
        t = gb.types["control"]
        data = {f"t-{t.pk}-weight": "3", f"t-{t.pk}-written": "on"}
        assert login(gb.director).post(url, data).status_code == 403
        assert login(gb.deputy).post(url, data).status_code == 302
        t.refresh_from_db()
        assert t.weight == 3
