"""Fixtures of the notifications tests: the class-journal school of tests/journal/gradebook with
the parent (Russian-speaking, with an e-mail address) and the student's account."""

import pytest

from tests.journal.gradebook.conftest import gb, login, school_day  # noqa: F401, F811 - shared fixtures


@pytest.fixture
def nb(gb):  # noqa: F811
    gb.parent_user.email = "parent@example.kg"
    gb.parent_user.language = "ru"
    gb.parent_user.save()
    gb.student_user.email = "student@example.kg"
    gb.student_user.language = "ky"
    gb.student_user.save()
    # the parent's child in 5 «А» is students_a[1]; give students_a[0] (the student account) the parent too
    from journal.register import factories as f

    f.StudentGuardianFactory(student=gb.students_a[0], guardian=gb.guardian)
    return gb
