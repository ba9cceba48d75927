"""Reads for the lesson page and the teacher's start page."""

from django.db.models import Q
from django.utils import timezone

from journal.register.models import ClassGroup, StaffMember, TeachingAssignment
from journal.register.selectors.subgroups import restrict_to_subgroup

from ..models import Attendance, Grade, Lesson, LessonStatus, PlanTopic
from ..services.grade_types import default_type_for_lesson, grade_types_ensure_defaults
from ..services.scales import scale_for
from .grid import class_students

LESSON_RELATED = (
    "assignment", "assignment__class_group", "assignment__class_group__year", "assignment__subject",
    "assignment__teacher", "assignment__school", "assignment__year", "plan_topic", "substitute_teacher",
    "school",
)


def teacher_lessons_on(user, school, date=None):
    """The lessons a teacher gives on a date (own and substituted), in order."""
    date = date or timezone.localdate()
    # sub-selects from the teacher's staff row (index lookups), no join in the condition: with the
    # OR over joined staff PostgreSQL hashed every school's assignments and staff of the deployment
    staff = StaffMember.objects.filter(school=school, user=user).values("pk")
    own = TeachingAssignment.objects.filter(school=school, teacher__in=staff).values("pk")
    return list(
        Lesson.objects.filter(school=school, date=date)
        .filter(Q(assignment__in=own, substitute_teacher__isnull=True) | Q(substitute_teacher__in=staff))
        # the joined rows by the school too: PostgreSQL cannot tell how few lessons the condition
        # above leaves, and without these it hashed the deployment's every assignment and class
        .filter(assignment__school=school, assignment__class_group__school=school,
                assignment__subject__school=school)
        .select_related("assignment__class_group", "assignment__subject", "substitute_teacher")
        .order_by("lesson_number", "pk")
    )


def _current_year_filter(qs, prefix):
    current = qs.filter(**{f"{prefix}is_current": True})
    return current if current.exists() else qs


def teacher_assignments(user, school):
    """The teacher's own teaching assignments (of the current year), by class and subject."""
    qs = TeachingAssignment.objects.filter(school=school, teacher__user=user).select_related(
        "class_group", "subject")
    return list(_current_year_filter(qs, "year__").order_by(
        "class_group__grade", "class_group__letter", "subject__order", "subgroup"))


def homeroom_classes(user, school):
    """The classes the user is class teacher of (current year), with their assignments."""
    qs = ClassGroup.objects.filter(school=school, class_teacher__user=user)
    classes = list(_current_year_filter(qs, "year__").order_by("grade", "letter"))
    assignments = TeachingAssignment.objects.filter(class_group__in=classes).select_related(
        "subject", "teacher").order_by("subject__order", "subject__name_ky", "subgroup")
    by_class = {}
    for a in assignments:
        by_class.setdefault(a.class_group_id, []).append(a)
    return [(c, by_class.get(c.pk, [])) for c in classes]


def plan_topics(lesson):
    """The assignment's calendar-thematic plan in order, and the suggested topic for the lesson:
    its own topic if set, else the first topic no other lesson has used."""
    topics = list(PlanTopic.objects.filter(assignment_id=lesson.assignment_id).order_by("order"))
    if lesson.plan_topic_id:
        return topics, next((t for t in topics if t.pk == lesson.plan_topic_id), None)
    used = set(
        Lesson.objects.filter(assignment_id=lesson.assignment_id, plan_topic__isnull=False)
        .exclude(pk=lesson.pk).exclude(status=LessonStatus.CANCELLED)
        .values_list("plan_topic_id", flat=True)
    )
    suggested = next((t for t in topics if t.pk not in used), None)
    return topics, suggested


def lesson_sheet(lesson):
    """Students of the lesson's class with their absence and grades in it, the grade types, the
    column's default type and the scale."""
    assignment = lesson.assignment
    students = list(restrict_to_subgroup(class_students(assignment.class_group), assignment))
    grades = {}
    for g in Grade.objects.filter(lesson=lesson).select_related("grade_type").order_by("position"):
        grades.setdefault(g.student_id, []).append(g)
    absences = {a.student_id: a for a in Attendance.objects.filter(lesson=lesson)}
    types = grade_types_ensure_defaults(lesson.school)
    return {
        "students": students,
        "grades": grades,
        "absences": absences,
        "types": types,
        "default_type": default_type_for_lesson(lesson, types),
        "scale": scale_for(assignment.class_group, lesson.date),
    }


def neighbour_lessons(lesson):
    """The previous and the next lesson of the same assignment (for quick navigation)."""
    qs = Lesson.objects.filter(assignment_id=lesson.assignment_id).exclude(pk=lesson.pk)
    previous = qs.filter(Q(date__lt=lesson.date) | Q(date=lesson.date, pk__lt=lesson.pk)).order_by(
        "-date", "-lesson_number", "-pk").first()
    following = qs.filter(Q(date__gt=lesson.date) | Q(date=lesson.date, pk__gt=lesson.pk)).order_by(
        "date", "lesson_number", "pk").first()
    return previous, following
