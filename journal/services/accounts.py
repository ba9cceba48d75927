"""Accounts of students and parents: activation follows the student's status."""

from django.db import transaction

from journal.models import Student, StudentStatus


@transaction.atomic
def student_accounts_set_active(*, student, active):
    """Activate or deactivate the logins of a student and of their parents.

    A parent's login stays active while any other child of theirs still studies at the school."""
    if student.user_id:
        type(student.user).objects.filter(pk=student.user_id).update(is_active=active)
    for link in student.guardian_links.select_related("guardian__user"):
        user = link.guardian.user
        if user is None:
            continue
        if active:
            if not user.is_active:
                user.is_active = True
                user.save(update_fields=["is_active"])
            continue
        still_studying = (
            Student.objects.filter(guardian_links__guardian=link.guardian, status=StudentStatus.STUDYING)
            .exclude(pk=student.pk)
            .exists()
        )
        if not still_studying and user.is_active:
            user.is_active = False
            user.save(update_fields=["is_active"])
