"""The core access policy: who sees which classes and students (allowed and forbidden sides)."""

import pytest

from portal import access


@pytest.mark.django_db
class TestStudentsVisible:
    def test_director_sees_whole_school_but_not_other_school(self, small_school):
        s = small_school
        visible = set(access.students_visible(s.director, s.school))
        assert set(s.students_a + s.students_b) == visible
        assert s.other_student not in visible

    def test_teacher_sees_only_classes_taught(self, small_school):
        s = small_school
        visible = set(access.students_visible(s.teacher_user, s.school))
        assert visible == set(s.students_a)

    def test_parent_sees_only_own_children(self, small_school):
        s = small_school
        visible = set(access.students_visible(s.parent_user, s.school))
        assert visible == {s.students_a[1], s.students_b[1]}

    def test_student_sees_only_self(self, small_school):
        s = small_school
        assert list(access.students_visible(s.student_user, s.school)) == [s.students_a[0]]

    def test_user_of_other_school_sees_nothing(self, small_school):
        s = small_school
        assert not access.students_visible(s.other_school_teacher, s.school).exists()

    def test_anonymous_sees_nothing(self, small_school):
        from django.contrib.auth.models import AnonymousUser

        assert not access.students_visible(AnonymousUser(), small_school.school).exists()


@pytest.mark.django_db
class TestJournalWrite:
    def test_teacher_writes_only_own_assignment(self, small_school):
        s = small_school
        writable = set(access.assignments_writable(s.teacher_user, s.school))
        assert writable == {s.assignment_a}

    def test_director_never_writes_journal(self, small_school):
        s = small_school
        assert not access.assignments_writable(s.director, s.school).exists()
        assert access.assignments_visible(s.director, s.school).count() == 2

    def test_class_teacher_edits_own_class_only(self, small_school):
        s = small_school
        assert list(access.classes_editable(s.class_teacher_user, s.school)) == [s.class_a]
        assert not access.classes_editable(s.teacher_user, s.school).exists()
