"""Fixtures and helpers of the register tests (imported by the test modules)."""

import datetime

import pytest

from journal.register import factories as f
from journal.register.models import Consent, ConsentScope

ROLES = ["anon", "director", "deputy", "sysadmin", "classteacher", "teacher", "teacher_b", "parent", "student", "other"]


def give_consent(person, *, given_on=datetime.date(2026, 9, 1), withdrawn_on=None, scope=ConsentScope.REGISTER):
    return Consent.objects.create(
        school=person.school, given_by="Асанова Айгерим", given_on=given_on, withdrawn_on=withdrawn_on, scope=scope,
        **{Consent.subject_field(person): person},
    )


@pytest.fixture(name="register_school")
def register_school_fixture(small_school):
    """small_school plus a parent for a 5 «А» and a 5 «Б» student, a parent in the other school,
    and `users`: role name → user (None for anonymous)."""
    s = small_school
    s.guardian_x = f.GuardianFactory(school=s.school, first_name="Жылдыз", last_name="Исакова", phone="+996 555 111 222")
    f.StudentGuardianFactory(student=s.students_a[2], guardian=s.guardian_x, relation="mother")
    s.guardian_y = f.GuardianFactory(school=s.school, first_name="Асель", last_name="Мамытова")
    f.StudentGuardianFactory(student=s.students_b[2], guardian=s.guardian_y, relation="mother")
    s.other_guardian = f.GuardianFactory(school=s.other_school)
    f.StudentGuardianFactory(student=s.other_student, guardian=s.other_guardian)
    s.other_staff = f.StaffMemberFactory(school=s.other_school)
    s.users = {
        "anon": None, "director": s.director, "deputy": s.deputy, "sysadmin": s.sysadmin,
        "classteacher": s.class_teacher_user, "teacher": s.teacher_user, "teacher_b": s.other_teacher_user,
        "parent": s.parent_user, "student": s.student_user, "other": s.other_school_teacher,
    }
    return s


def login(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client
