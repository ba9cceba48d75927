"""The lesson page: topic from the plan, homework with a file, the whole class's attendance and
grades in one form; a failed save keeps what was typed; moving, cancelling, substitution."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from journal.gradebook import factories as gf
from journal.gradebook.models import Attendance, Grade, Lesson, LessonStatus
from journal.gradebook.services.grades import grade_set
from journal.gradebook.services.lessons import lesson_add, lesson_cancel, lesson_move, lesson_update

pytestmark = pytest.mark.django_db


def _url(lesson):
    return reverse("journal:lesson_detail", args=[lesson.pk])


def _form(page):
    """The POST data the page would send unchanged (hidden fields and current values)."""
    ctx = page.context
    lesson = ctx["lesson"]
    data = {"version": ctx["lesson_version"], "o-topic": lesson.topic, "o-homework": lesson.homework,
            "o-comment": lesson.comment, "o-plan_topic": lesson.plan_topic_id or "",
            "topic": lesson.topic, "homework": lesson.homework, "comment": lesson.comment,
            "plan_topic": lesson.plan_topic_id or ""}
    for row in ctx["rows"]:
        sid = row["student"].pk
        data[f"att-{sid}"] = row["att"]["status"]
        data[f"att-{sid}-v"] = row["att"]["version"]
        data[f"att-{sid}-o"] = row["att"]["original"]
        for g in row["grades"]:
            key = f"g-{sid}-{g['position']}"
            data.update({key: g["value"], f"{key}-t": g["type"], f"{key}-c": g["comment"],
                         f"{key}-v": g["version"], f"{key}-o": g["original"]})
        data[f"g-{sid}-new"] = ""
        data[f"g-{sid}-new-t"] = row["new"]["type"]
        data[f"g-{sid}-new-c"] = ""
    return data


class TestLessonPage:
    def test_plan_topic_suggested_in_order(self, gb, login):
        t1 = gf.PlanTopicFactory(assignment=gb.assignment_a, order=1, title="Натурал сандар")
        t2 = gf.PlanTopicFactory(assignment=gb.assignment_a, order=2, title="Бөлчөктөр")
        gb.lessons[0].plan_topic = t1
        gb.lessons[0].topic = t1.title
        gb.lessons[0].save()
        r = login(gb.teacher_user).get(_url(gb.lessons[1]))
        assert r.status_code == 200
        assert r.context["suggested"] == t2
        assert r.context["form"].initial["topic"] == "Бөлчөктөр"

    def test_save_everything(self, gb, login):
        topic = gf.PlanTopicFactory(assignment=gb.assignment_a, order=1, title="Теңдемелер")
        client = login(gb.teacher_user)
        lesson = gb.lesson
        data = _form(client.get(_url(lesson)))
        s0, s1, s2 = gb.students_a[:3]
        data.update({
            "plan_topic": topic.pk, "topic": "", "homework": "§12, №3–5",
            "homework_file": SimpleUploadedFile("тапшырма.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
            f"att-{s0.pk}": "ill", f"att-{s1.pk}": "late",
            f"g-{s1.pk}-new": "5", f"g-{s1.pk}-new-c": "жакшы",
            f"g-{s2.pk}-new": "3", f"g-{s2.pk}-new-t": gb.types["written"].pk,
        })
        r = client.post(_url(lesson), data)
        assert r.status_code == 302, r.context and r.context["errors"]
        lesson.refresh_from_db()
        assert lesson.plan_topic == topic and lesson.topic == "Теңдемелер"
        assert lesson.homework == "§12, №3–5" and lesson.homework_file.name.endswith(".pdf")
        assert lesson.attendance_taken and lesson.status == LessonStatus.HELD
        assert dict(Attendance.objects.values_list("student_id", "status")) == {s0.pk: "ill", s1.pk: "late"}
        grades = {g.student_id: g for g in Grade.objects.all()}
        assert grades[s1.pk].value == 5 and grades[s1.pk].comment == "жакшы"
        assert grades[s1.pk].grade_type.code == "oral"
        assert grades[s2.pk].grade_type.code == "written"

        # the page again: change a grade, clear an absence, add a second grade
        data = _form(client.get(_url(lesson)))
        data.update({f"att-{s0.pk}": "", f"g-{s1.pk}-0": "4", f"g-{s1.pk}-new": "5"})
        assert client.post(_url(lesson), data).status_code == 302
        assert not Attendance.objects.filter(student=s0).exists()
        assert list(Grade.objects.filter(student=s1).order_by("position").values_list("value", flat=True)) == [4, 5]

    def test_failed_save_keeps_typed_and_saves_nothing(self, gb, login):
        client = login(gb.teacher_user)
        lesson = gb.lesson
        s0, s1 = gb.students_a[:2]
        data = _form(client.get(_url(lesson)))
        data.update({"homework": "жаттоо", f"att-{s0.pk}": "unexcused", f"g-{s1.pk}-new": "7"})
        r = client.post(_url(lesson), data)
        assert r.status_code == 400
        assert not Attendance.objects.exists() and not Grade.objects.exists()
        lesson.refresh_from_db()
        assert lesson.homework == ""
        rows = {row["student"].pk: row for row in r.context["rows"]}
        assert rows[s0.pk]["att"]["status"] == "unexcused"
        assert rows[s1.pk]["new"]["value"] == "7" and rows[s1.pk]["errors"]
        assert r.context["form"]["homework"].value() == "жаттоо"
        html = r.content.decode()
        assert 'value="unexcused" class="abs-unexcused" checked' in html

    def test_conflict_shown_then_user_chooses(self, gb, login):
        client = login(gb.teacher_user)
        lesson = gb.lesson
        s0 = gb.students_a[0]
        grade_set(lesson=lesson, student=s0, value=4, by=gb.teacher_user)
        data = _form(client.get(_url(lesson)))
        # meanwhile the deputy corrects it
        grade_set(lesson=lesson, student=s0, value=3, by=gb.deputy, version=1, reason="r")
        data[f"g-{s0.pk}-0"] = "5"
        r = client.post(_url(lesson), data)
        assert r.status_code == 400
        assert Grade.objects.get().value == 3
        row = next(row for row in r.context["rows"] if row["student"].pk == s0.pk)
        assert row["conflicts"] and row["grades"][0]["value"] == "5" and row["grades"][0]["version"] == 2
        # saving the page again keeps the teacher's value
        data = _form(r)
        assert client.post(_url(lesson), data).status_code == 302
        assert Grade.objects.get().value == 5

    def test_untouched_rows_changed_elsewhere_are_not_conflicts(self, gb, login):
        client = login(gb.teacher_user)
        s0, s1 = gb.students_a[:2]
        grade_set(lesson=gb.lesson, student=s0, value=4, by=gb.teacher_user)
        data = _form(client.get(_url(gb.lesson)))
        grade_set(lesson=gb.lesson, student=s0, value=3, by=gb.deputy, version=1, reason="r")
        data[f"att-{s1.pk}"] = "ill"
        assert client.post(_url(gb.lesson), data).status_code == 302
        assert Grade.objects.get().value == 3

    def test_deputy_needs_reason(self, gb, login):
        client = login(gb.deputy)
        data = _form(client.get(_url(gb.lesson)))
        data[f"att-{gb.students_a[0].pk}"] = "ill"
        r = client.post(_url(gb.lesson), data)
        assert r.status_code == 400 and "reason" in r.context["errors"]
        assert not Attendance.objects.exists()
        data["reason"] = "по заявлению родителей"
        assert client.post(_url(gb.lesson), data).status_code == 302
        assert Attendance.history.get().history_change_reason == "по заявлению родителей"


class TestLessonServices:
    def test_add_move_cancel(self, gb):
        lesson = lesson_add(assignment=gb.assignment_a, date=datetime.date(2026, 12, 3), lesson_number=5,
                            by=gb.teacher_user)
        assert lesson.version == 1 and lesson.status == LessonStatus.PLANNED
        lesson = lesson_move(lesson=lesson, date=datetime.date(2026, 12, 4), by=gb.teacher_user, version=1)
        assert lesson.date == datetime.date(2026, 12, 4) and lesson.version == 2
        lesson = lesson_cancel(lesson=lesson, by=gb.teacher_user, version=2)
        assert lesson.status == LessonStatus.CANCELLED
        assert lesson.history.count() == 3

    def test_cancel_with_grades_refused(self, gb):
        from django.core.exceptions import ValidationError

        grade_set(lesson=gb.lesson, student=gb.students_a[0], value=5, by=gb.teacher_user)
        gb.lesson.refresh_from_db()
        with pytest.raises(ValidationError):
            lesson_cancel(lesson=gb.lesson, by=gb.teacher_user, version=gb.lesson.version)
        assert Lesson.objects.get(pk=gb.lesson.pk).status != LessonStatus.CANCELLED

    def test_cancelled_lesson_takes_no_grades(self, gb):
        from django.core.exceptions import ValidationError

        lesson_cancel(lesson=gb.lessons[2], by=gb.teacher_user, version=1)
        with pytest.raises(ValidationError):
            grade_set(lesson=gb.lessons[2], student=gb.students_a[0], value=5, by=gb.teacher_user)

    def test_move_into_closed_period_refused_for_teacher(self, gb):
        from django.core.exceptions import PermissionDenied

        from journal.gradebook.services.period_grades import study_period_close

        study_period_close(period=gb.q1, by=gb.deputy)
        with pytest.raises(PermissionDenied):
            lesson_move(lesson=gb.lesson, date=datetime.date(2026, 10, 1), by=gb.teacher_user, version=1)

    def test_stale_lesson_version(self, gb):
        from journal.gradebook.services.common import JournalConflict

        lesson_update(lesson=gb.lesson, by=gb.teacher_user, version=1, topic="A")
        stale = Lesson.objects.get(pk=gb.lesson.pk)
        stale.version = 1
        with pytest.raises(JournalConflict):
            lesson_update(lesson=stale, by=gb.teacher_user, version=1, topic="B")
        assert Lesson.objects.get(pk=gb.lesson.pk).topic == "A"

    def test_change_view_move_and_substitute(self, gb, login):
        client = login(gb.teacher_user)
        url = reverse("journal:lesson_change", args=[gb.lesson.pk])
        assert client.post(url, {"action": "move", "date": "2026-11-20", "version": 1}).status_code == 302
        gb.lesson.refresh_from_db()
        assert gb.lesson.date == datetime.date(2026, 11, 20)
        client.post(url, {"action": "substitute", "teacher": gb.other_teacher.pk, "version": gb.lesson.version})
        gb.lesson.refresh_from_db()
        assert gb.lesson.substitute_teacher == gb.other_teacher
        # a teacher of another school cannot be chosen
        from journal.register import factories as f

        stranger = f.StaffMemberFactory(school=gb.other_school)
        r = client.post(url, {"action": "substitute", "teacher": stranger.pk, "version": gb.lesson.version})
        assert r.status_code == 404
        # another teacher's lesson: 404
        r = client.post(reverse("journal:lesson_change", args=[gb.lessons_b[0].pk]), {"action": "cancel"})
        assert r.status_code == 404
