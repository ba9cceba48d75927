"""Events of the class journal reach the student and the parents: one enqueue in the save, the
notifications written in each recipient's language, an e-mail copy through the outbox."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from journal.gradebook.models import AbsenceStatus
from journal.gradebook.services.attendance import attendance_set
from journal.gradebook.services.grades import grade_set
from journal.gradebook.services.lessons import lesson_update
from journal.gradebook.services.period_grades import period_grade_set
from journal.notifications.models import Delivery, DeliveryStatus, Event, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _commit_each_write(monkeypatch, django_capture_on_commit_callbacks):
    """Each journal write runs its after-commit hooks when it returns, as a real commit would
    (the test's own transaction never commits)."""
    import journal.gradebook.services.attendance as attendance
    import journal.gradebook.services.grades as grades
    import journal.gradebook.services.lessons as lessons
    import journal.gradebook.services.period_grades as period_grades

    def committing(fn):
        def wrapper(**kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return fn(**kwargs)
        return wrapper

    for module, name in [(grades, "grade_set"), (attendance, "attendance_set"), (lessons, "lesson_update"),
                         (period_grades, "period_grade_set")]:
        monkeypatch.setitem(globals(), name, committing(getattr(module, name)))


def _titles(user):
    return list(Notification.objects.filter(recipient=user).values_list("event", "title"))


def test_grade_notifies_student_and_parent_in_their_languages(nb):
    grade_set(lesson=nb.lesson, student=nb.students_a[0], value=5, by=nb.teacher_user)
    assert _titles(nb.parent_user) == [("grade", "Оценка 5 по предмету Математика")]
    assert _titles(nb.student_user) == [("grade", "Математика сабагынан 5 баа")]
    assert not Notification.objects.filter(recipient=nb.teacher_user).exists()  # not the actor
    assert Delivery.objects.filter(status=DeliveryStatus.SENT, channel="email").count() == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "Оценка 5" in by_address["parent@example.kg"].subject
    assert by_address["parent@example.kg"].extra_headers["Content-Language"] == "ru"
    assert "/ru/app/notifications/unsubscribe/" in by_address["parent@example.kg"].body


def test_other_children_and_other_families_are_not_told(nb):
    grade_set(lesson=nb.lesson, student=nb.students_a[2], value=4, by=nb.teacher_user)
    assert not Notification.objects.filter(recipient__in=[nb.parent_user, nb.student_user]).exists()


def test_absence_lateness_homework_period_grade_comment(nb, school_day):
    import datetime

    school_day(datetime.date(2026, 12, 7))
    attendance_set(lesson=nb.lessons[1], student=nb.students_a[1], status=AbsenceStatus.ILL, by=nb.teacher_user)
    attendance_set(lesson=nb.lessons[2], student=nb.students_a[1], status=AbsenceStatus.LATE, by=nb.teacher_user)
    grade_set(lesson=nb.lessons[3], student=nb.students_a[1], value=4, by=nb.teacher_user, comment="Молодец")
    lesson_update(lesson=nb.lessons[4], by=nb.teacher_user, version=nb.lessons[4].version, homework="§12, №5")
    period_grade_set(period=nb.q2, assignment=nb.assignment_a, student=nb.students_a[1], by=nb.teacher_user,
                     value=5)
    events = sorted(Notification.objects.filter(recipient=nb.parent_user).values_list("event", flat=True))
    assert events == sorted([Event.ABSENCE, Event.LATENESS, Event.GRADE, Event.COMMENT, Event.HOMEWORK,
                             Event.HOMEWORK, Event.PERIOD_GRADE])  # homework: one per child in the class
    absence = Notification.objects.get(recipient=nb.parent_user, event=Event.ABSENCE)
    assert absence.student == nb.students_a[1] and "Математика" in absence.body


def test_unchanged_save_notifies_nothing(nb):
    grade_set(lesson=nb.lesson, student=nb.students_a[1], value=5, by=nb.teacher_user)
    count = Notification.objects.count()
    grade_set(lesson=nb.lesson, student=nb.students_a[1], value=5, by=nb.teacher_user, version=1)
    assert Notification.objects.count() == count


def test_notifications_off_setting(nb, settings):
    settings.NOTIFICATIONS_ENABLED = False
    grade_set(lesson=nb.lesson, student=nb.students_a[1], value=5, by=nb.teacher_user)
    assert not Notification.objects.exists()


def test_the_hook_only_enqueues(nb, settings):
    """The hook adds exactly one query to a grade save: the task's INSERT, in the grade's own
    transaction (the database queue)."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    grade_set(lesson=nb.lesson, student=nb.students_a[1], value=3, by=nb.teacher_user)  # warm up
    settings.NOTIFICATIONS_ENABLED = False
    with CaptureQueriesContext(connection) as off:
        grade_set(lesson=nb.lessons[1], student=nb.students_a[1], value=4, by=nb.teacher_user)
    settings.NOTIFICATIONS_ENABLED = True
    with CaptureQueriesContext(connection) as on:
        grade_set(lesson=nb.lessons[2], student=nb.students_a[1], value=4, by=nb.teacher_user)
    assert len(on.captured_queries) == len(off.captured_queries) + 1
    inserts = [q["sql"] for q in on.captured_queries if "dbtaskresult" in q["sql"].lower()]
    assert len(inserts) == 1 and inserts[0].startswith("INSERT")
    assert DBTaskResult.objects.count() == 2  # the warm-up's and the last one's: waiting for the worker
    assert not Notification.objects.exists()
