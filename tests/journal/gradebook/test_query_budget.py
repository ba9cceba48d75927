"""The query budget of the journal grid page and of a grade save through the grid (issue 10 §6),
counted as bench/run.py counts them: the whole request (session, user, middleware, context
processors, the header's numbers), on a school served from its own site (as the demo school is)
and with the database task queue (the notification hook INSERTs its task in the grade's
transaction). The budget holds however big the class is; nothing the save must do is lost."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Site

from journal.gradebook.models import Grade
from journal.gradebook.selectors.grid import class_periods, student_cells, student_in_class
from journal.gradebook.services.common import JournalConflict
from journal.gradebook.services.grades import grade_set

from .test_grid import _build_class

pytestmark = pytest.mark.django_db

GRID_MAX_QUERIES = 15
GRADE_SAVE_MAX_QUERIES = 10


@pytest.fixture
def sited(gb, settings, school_day):
    """gb, its school the one of the default site, the database task queue, "today" in quarter 2."""
    site = Site.objects.get(is_default_site=True)
    gb.school.site = site
    gb.school.save()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    school_day(datetime.date(2026, 12, 20))
    return gb


def _queries(client, method, url, **kwargs):
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(url, **kwargs)
    return response, [q["sql"] for q in ctx.captured_queries]


def _save(client, assignment, lesson, student, value, version, period):
    body = {"op": "grade", "lesson": lesson.pk, "student": student.pk, "position": 0, "value": value,
            "version": version, "period": period.pk}
    return _queries(client, "post", reverse("journal:grid_cell", args=[assignment.pk]), data=json.dumps(body),
                    content_type="application/json", HTTP_ACCEPT="application/json")


def test_grid_page_budget_does_not_grow_with_the_class(sited, login):
    client = login(sited.teacher_user)
    counts = []
    for assignment in (_build_class(sited, 5, 5, "Б7"), _build_class(sited, 35, 45, "В7")):
        url = reverse("journal:grid", args=[assignment.pk])
        client.get(url, {"period": sited.q2.pk})  # warm-up: the visit row of the day, the caches
        response, queries = _queries(client, "get", url, data={"period": sited.q2.pk})
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= GRID_MAX_QUERIES, "\n".join(q[:150] for q in queries)
    assert len(response.context["config"]["cells"]) > 500
    # the header's numbers (unread messages and notifications) in one query, the visit counted
    assert sum("notifications_notification" in q for q in queries) == 1
    assert sum("portal_visit" in q for q in queries) == 1


def test_grade_save_budget_does_not_grow_with_the_class(sited, login):
    from django_tasks_db.models import DBTaskResult

    client = login(sited.teacher_user)
    counts = []
    for assignment in (_build_class(sited, 5, 5, "Б8"), _build_class(sited, 35, 45, "В8")):
        lesson = assignment.lessons.order_by("date").first()
        student = assignment.class_group.students.order_by("pk").first()
        Grade.objects.filter(lesson=lesson, student=student).delete()
        response, _ = _save(client, assignment, lesson, student, 5, 0, sited.q2)  # warm-up: creates it
        assert response.status_code == 200, response.content
        tasks = DBTaskResult.objects.count()
        history = Grade.history.filter(lesson_id=lesson.pk, student_id=student.pk).count()
        response, queries = _save(client, assignment, lesson, student, 4, 1, sited.q2)
        assert response.status_code == 200, response.content
        counts.append(len(queries))
        # nothing lost: the grade, its history row (who, what), the parents' notification task
        body = response.json()
        assert body["cell"]["g"][0][:3] == [0, 4, 2] and body["row"]["count"] >= 1
        grade = Grade.objects.get(lesson=lesson, student=student, position=0)
        assert (grade.value, grade.version, grade.updated_by) == (4, 2, sited.teacher_user)
        last = Grade.history.filter(id=grade.pk).order_by("-history_id").first()
        assert Grade.history.filter(lesson_id=lesson.pk, student_id=student.pk).count() == history + 1
        assert (last.history_type, last.value, last.version, last.history_user) == ("~", 4, 2, sited.teacher_user)
        assert DBTaskResult.objects.count() == tasks + 1
    assert counts[0] == counts[1], counts
    assert counts[1] <= GRADE_SAVE_MAX_QUERIES, "\n".join(q[:150] for q in queries)


def test_the_saved_row_is_what_the_grid_shows(sited, login):
    """The answer's row (average, suggestion, count) is computed from what was read before the
    write and the grade written: the same as the page computes after it."""
    client = login(sited.teacher_user)
    assignment = _build_class(sited, 6, 12, "Г8")
    lesson = assignment.lessons.order_by("date")[1]
    student = assignment.class_group.students.order_by("pk")[2]
    current = Grade.objects.filter(lesson=lesson, student=student, position=0).first()
    value = 2 if current is None or current.value != 2 else 3
    response, _ = _save(client, assignment, lesson, student, value, current.version if current else 0, sited.q2)
    assert response.status_code == 200, response.content
    row = response.json()["row"]
    page = client.get(reverse("journal:grid", args=[assignment.pk]), {"period": sited.q2.pk})
    shown = next(r for r in page.context["grid"].rows if r.student.pk == student.pk)
    assert row["average"] == shown.average_display
    assert row["suggested"] == shown.suggestion.value and row["count"] == shown.suggestion.count


def test_a_stale_save_is_refused_without_a_lock(sited):
    """The version check is in the UPDATE itself: a change made between the read and the write
    makes the write a conflict, and the other change stays."""
    lesson, student = sited.lesson, sited.students_a[0]
    grade_set(lesson=lesson, student=student, value=5, by=sited.teacher_user)
    assignment = lesson.assignment
    found = student_in_class(assignment=assignment, student_id=student.pk)
    periods = class_periods(assignment.class_group)
    cells = student_cells(assignment=assignment, period=sited.q2, student_id=student.pk, lesson=lesson)
    grade_set(lesson=lesson, student=student, value=3, by=sited.deputy, version=1, reason="исправление")
    with pytest.raises(JournalConflict) as conflict:
        grade_set(lesson=lesson, student=student, value=4, by=sited.teacher_user, version=1, cell=cells,
                  periods=periods, enrolment=found[1])
    assert conflict.value.current.value == 3
    grade = Grade.objects.get(lesson=lesson, student=student)
    assert (grade.value, grade.version) == (3, 2)
    assert Grade.history.filter(id=grade.pk).count() == 2


def test_a_save_through_the_grid_of_a_closed_period_is_refused(sited, login):
    sited.q2.is_closed = True
    sited.q2.save()
    client = login(sited.teacher_user)
    response, _ = _save(client, sited.assignment_a, sited.lesson, sited.students_a[0], 5, 0, sited.q2)
    assert response.status_code == 403
    assert not Grade.objects.filter(lesson=sited.lesson).exists()


def test_a_student_who_came_after_the_lesson_gets_nothing_for_it(sited, login):
    from journal.register.models import MovementKind, MovementRecord

    student = sited.students_a[3]
    MovementRecord.objects.create(student=student, school=sited.school, kind=MovementKind.ARRIVAL,
                                  date=datetime.date(2026, 11, 12), class_to=sited.class_a)
    client = login(sited.teacher_user)
    response, _ = _save(client, sited.assignment_a, sited.lesson, student, 5, 0, sited.q2)  # 10 November
    assert response.status_code == 400 and response.json()["code"] == "not_enrolled"
    response, _ = _save(client, sited.assignment_a, sited.lessons[2], student, 5, 0, sited.q2)  # 12 November
    assert response.status_code == 200, response.content


def test_other_schools_and_classes_stay_out(sited, login):
    client = login(sited.teacher_user)
    # a lesson of another teacher's assignment, through one's own assignment's URL or its own: 404
    response, _ = _save(client, sited.assignment_a, sited.lessons_b[0], sited.students_a[0], 5, 0, sited.q2)
    assert response.status_code == 404
    response, _ = _save(client, sited.assignment_b, sited.lessons_b[0], sited.students_b[0], 5, 0, sited.q2)
    assert response.status_code == 404
    # a student of another class or school: 404
    for student in (sited.students_b[0], sited.other_student):
        response, _ = _save(client, sited.assignment_a, sited.lesson, student, 5, 0, sited.q2)
        assert response.status_code == 404
    assert not Grade.objects.exists()
