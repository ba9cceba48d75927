"""Splitting a class into subgroups of a subject (the deputy): one subgroup per student and
subject; the year transition carries them into the new class."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ..models import ClassGroup, Student, StudentStatus, SubgroupMembership, TeachingAssignment


@transaction.atomic
def subgroups_set(*, class_group, subject, numbers):
    """Replace the subgroups of `subject` in `class_group`. `numbers`: {student id: subgroup
    number, or None for none}. Every number must be a subgroup the class has a teacher for;
    every student must study in the class. Writes nothing when anything is wrong."""
    class_group = ClassGroup.objects.select_for_update().get(pk=class_group.pk)
    valid = set(TeachingAssignment.objects.filter(class_group=class_group, subject=subject, subgroup__gt=0)
                .values_list("subgroup", flat=True))
    if not valid:
        raise ValidationError(_("%(subject)s is not split in %(class)s: assign a teacher to subgroups 1 and 2 first.")
                              % {"subject": subject, "class": class_group})
    in_class = set(Student.objects.filter(class_group=class_group, status=StudentStatus.STUDYING)
                   .values_list("pk", flat=True))
    rows = []
    for student_id, number in numbers.items():
        if student_id not in in_class:
            raise ValidationError(_("Only students of the class can be put into its subgroups."))
        if number is None:
            continue
        if number not in valid:
            raise ValidationError(_("Subgroup %(n)s of %(subject)s has no teacher in %(class)s.")
                                  % {"n": number, "subject": subject, "class": class_group})
        rows.append(SubgroupMembership(school_id=class_group.school_id, class_group=class_group, subject=subject,
                                       student_id=student_id, number=number))
    SubgroupMembership.objects.filter(class_group=class_group, subject=subject, student_id__in=list(numbers)).delete()
    SubgroupMembership.objects.bulk_create(rows)
    return len(rows)


def subgroups_carry_over(*, moves):
    """The year transition: `moves` is [(student id, old class id, new class id)]; each student
    keeps their subgroups in the new class (same subject, same number)."""
    old_by_student = {student_id: (old, new) for student_id, old, new in moves}
    if not old_by_student:
        return 0
    existing = SubgroupMembership.objects.filter(student_id__in=list(old_by_student))
    rows = []
    for m in existing:
        old, new = old_by_student[m.student_id]
        if m.class_group_id == old:
            rows.append(SubgroupMembership(school_id=m.school_id, class_group_id=new, subject_id=m.subject_id,
                                           student_id=m.student_id, number=m.number))
    SubgroupMembership.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
