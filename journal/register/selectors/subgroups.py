"""Subgroups of split subjects (foreign languages, technology, informatics, PE): which students a
teaching assignment of one subgroup teaches. A class whose split subject has no memberships yet
is "not split yet": every assignment of it shows the whole class, as before."""

from django.db.models import Count

from ..models import SubgroupMembership, TeachingAssignment


def subgroup_student_ids(assignment):
    """The student ids of the assignment's subgroup, or None when the assignment is for the whole
    class or the subject is not split yet in the class (1 query, none for a whole-class one)."""
    if not assignment.subgroup:
        return None
    rows = list(SubgroupMembership.objects.filter(class_group_id=assignment.class_group_id,
                                                  subject_id=assignment.subject_id)
                .values_list("student_id", "number"))
    if not rows:
        return None
    return {student_id for student_id, number in rows if number == assignment.subgroup}


def restrict_to_subgroup(students, assignment):
    """A queryset or list of students narrowed to the assignment's subgroup."""
    ids = subgroup_student_ids(assignment)
    if ids is None:
        return students
    if hasattr(students, "filter"):
        return students.filter(pk__in=ids)
    return [s for s in students if s.pk in ids]


def student_subgroups(student):
    """{subject id: subgroup number} of a student in their class, for the subjects that are split."""
    return dict(SubgroupMembership.objects.filter(class_group_id=student.class_group_id, student=student)
                .values_list("subject_id", "number"))


def split_subjects_of_class(class_group):
    """The class's split subjects: [(subject, [subgroup numbers with an assignment], members count)]."""
    numbers = {}
    subjects = {}
    for a in (TeachingAssignment.objects.filter(class_group=class_group, subgroup__gt=0)
              .select_related("subject").order_by("subject__order", "subgroup")):
        numbers.setdefault(a.subject_id, []).append(a.subgroup)
        subjects[a.subject_id] = a.subject
    counts = dict(SubgroupMembership.objects.filter(class_group=class_group).values("subject_id")
                  .annotate(n=Count("pk")).values_list("subject_id", "n"))
    return [(subjects[pk], sorted(set(nums)), counts.get(pk, 0)) for pk, nums in numbers.items()]
