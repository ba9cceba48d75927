"""From a row of the class journal to the notifications of the student and their parents: who
is told (the student's account and the accounts of their guardians in the register) and what,
in each recipient's language."""

from django.apps import apps
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from journal.register.models import Student

from ..models import Event
from .notify import notify


def recipients_of(student):
    """The student's own account and their parents' accounts (the register's guardians)."""
    users = []
    if student.user_id and student.user.is_active:
        users.append(student.user)
    for link in student.guardian_links.select_related("guardian__user"):
        user = link.guardian.user
        if user is not None and user.is_active:
            users.append(user)
    return users


def _diary_url(student):
    try:
        return reverse("journal:diary_student", args=[student.pk])
    except Exception:  # noqa: BLE001 - the diary is not installed
        return ""


def _day(date):
    return date_format(date, "SHORT_DATE_FORMAT")


def _texts(event, row, student):
    """(title, body) callables rendered in each recipient's language."""
    if event in (Event.GRADE, Event.COMMENT) and row._meta.model_name == "grade":
        lesson = row.lesson
        subject = lesson.assignment.subject
        if event == Event.COMMENT:
            return (lambda u: _("Teacher's comment in %(subject)s") % {"subject": subject.name},
                    lambda u: _("%(student)s, %(date)s: %(comment)s") % {
                        "student": student.short_name, "date": _day(lesson.date), "comment": row.comment})
        return (lambda u: _("Grade %(value)s in %(subject)s") % {"value": row.value, "subject": subject.name},
                lambda u: _("%(student)s got %(value)s in %(subject)s on %(date)s.") % {
                    "student": student.short_name, "value": row.value, "subject": subject.name,
                    "date": _day(lesson.date)})
    if event in (Event.ABSENCE, Event.LATENESS):
        lesson = row.lesson
        subject = lesson.assignment.subject
        if event == Event.LATENESS:
            return (lambda u: _("%(student)s was late") % {"student": student.short_name},
                    lambda u: _("%(student)s was late for %(subject)s on %(date)s.") % {
                        "student": student.short_name, "subject": subject.name, "date": _day(lesson.date)})
        return (lambda u: _("%(student)s was absent") % {"student": student.short_name},
                lambda u: _("%(student)s missed %(subject)s on %(date)s (%(status)s).") % {
                    "student": student.short_name, "subject": subject.name, "date": _day(lesson.date),
                    "status": row.get_status_display()})
    if event == Event.PERIOD_GRADE:
        mark = row.value if row.value is not None else row.get_special_display()
        subject = row.assignment.subject
        return (lambda u: _("Period grade %(value)s in %(subject)s") % {"value": mark, "subject": subject.name},
                lambda u: _("%(student)s: %(period)s, %(subject)s — %(value)s.") % {
                    "student": student.short_name, "period": str(row.period), "subject": subject.name,
                    "value": mark})
    raise ValueError(event)


def journal_event_fan_out(event, label, pk):
    """Notify the student and the parents of a journal row (skipped when the row is gone)."""
    model = apps.get_model(label)
    if event == Event.HOMEWORK:
        lesson = model.objects.select_related("assignment__subject", "assignment__class_group", "updated_by").filter(
            pk=pk).first()
        if lesson is None or not lesson.homework:
            return 0
        subject = lesson.assignment.subject
        students = Student.objects.filter(class_group=lesson.assignment.class_group_id).select_related("user")
        created = 0
        for student in students:
            created += len(notify(
                school=lesson.school, event=Event.HOMEWORK, recipients=recipients_of(student), student=student,
                title=lambda u: _("Homework in %(subject)s") % {"subject": subject.name},
                body=lambda u: pgettext("homework notification", "%(date)s: %(homework)s") % {
                    "date": _day(lesson.date), "homework": lesson.homework},
                url=_diary_url(student), actor=lesson.updated_by,
            ))
        return created
    related = ["student__user", "updated_by"]
    if model._meta.model_name == "periodgrade":
        related += ["assignment__subject", "period"]
    else:
        related += ["lesson__assignment__subject"]
    row = model.objects.select_related(*related).filter(pk=pk).first()
    if row is None:
        return 0
    student = row.student
    title, body = _texts(event, row, student)
    return len(notify(school=row.school, event=event, recipients=recipients_of(student), student=student,
                      title=title, body=body, url=_diary_url(student), actor=row.updated_by))
