"""Helpers the class-journal views share: the assignment a user may open, and the write mode."""

import json

from django.http import JsonResponse

from journal.register.models import TeachingAssignment
from portal import access

ASSIGNMENT_RELATED = ("class_group", "class_group__year", "subject", "teacher", "school")


def visible_assignment(request, assignment_id):
    """The teaching assignment if the user may read its journal, else 404."""
    school = access.school_for_request(request)
    qs = access.assignments_visible(request.user, school).select_related(*ASSIGNMENT_RELATED)
    return access.get_or_404(qs, pk=assignment_id)


def visible_lesson(request, assignment_id, lesson_id):
    """A lesson of the teaching assignment, if the user may read the assignment's journal, else
    404: one query, the lesson with the assignment (its class, year, subject, teacher, school)."""
    from ..models import Lesson

    school = access.school_for_request(request)
    visible = access.assignments_visible(request.user, school).filter(pk=assignment_id)
    lesson = access.get_or_404(
        Lesson.objects.filter(assignment__in=visible.values("pk"))
        .select_related(*(f"assignment__{name}" for name in ASSIGNMENT_RELATED), "plan_topic", "substitute_teacher"),
        pk=int_or_none(lesson_id),
    )
    if lesson.school_id == lesson.assignment.school_id:
        lesson.school = lesson.assignment.school  # loaded with the assignment: the services read it
    return lesson


def all_assignments_of_class(class_group):
    return TeachingAssignment.objects.filter(class_group=class_group).select_related(*ASSIGNMENT_RELATED)


def write_mode(request, assignment, *, locked=False, lesson=None):
    return access.journal_write_mode(request.user, assignment.school, assignment, lesson=lesson, locked=locked)


def json_body(request):
    try:
        data = json.loads(request.body.decode("utf-8") or "{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def validation_error_response(exc):
    codes = [e.code for e in getattr(exc, "error_list", []) if e.code]
    return json_error(" ".join(exc.messages), code=codes[0] if codes else "invalid")


def json_error(message, status=400, **extra):
    return JsonResponse({"ok": False, "message": str(message), **extra}, status=status)


def int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
