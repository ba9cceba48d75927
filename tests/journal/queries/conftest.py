"""A small hand-worked school for the query constructor.

Grades (one lesson each; 12.11.2026):
    5 «А» maths (teacher):              a0 5, a1 4, a2 4, a3 2, a4 3
    5 «А» Russian (other teacher):      a0 2
    5 «Б» maths (other teacher):        b0 5, b1 3
    another school, 5 «А» maths:        5
By class and subject:
    5 «А» maths    count 5, average 18/5 = 3.60, 4–5: 3/5 = 60.0 %, 2: 1/5 = 20.0 %
    5 «А» Russian  count 1, average 2.00,        4–5: 0.0 %,          2: 100.0 %
    5 «Б» maths    count 2, average 8/2 = 4.00,  4–5: 1/2 = 50.0 %,   2: 0.0 %
Over every row: count 8, average 28/8 = 3.50, 4–5: 4/8 = 50.0 %, 2: 2/8 = 25.0 %."""

import datetime

import pytest

from journal.gradebook import factories as gf
from journal.register import factories as f
from journal.register.models import Consent


@pytest.fixture
def query_school(small_school):
    s = small_school
    russian = f.SubjectFactory(school=s.school, name_ky="Орус тили", name_ru="Русский язык")
    s.ru_a = f.TeachingAssignmentFactory(class_group=s.class_a, teacher=s.other_teacher, subject=russian)
    s.russian = russian
    day = datetime.date(2026, 11, 12)
    lesson_a = gf.LessonFactory(assignment=s.assignment_a, date=day)
    for student, value in zip(s.students_a, (5, 4, 4, 2, 3), strict=True):
        gf.GradeFactory(lesson=lesson_a, student=student, value=value)
    gf.GradeFactory(lesson=gf.LessonFactory(assignment=s.ru_a, date=day), student=s.students_a[0], value=2)
    lesson_b = gf.LessonFactory(assignment=s.assignment_b, date=day)
    for student, value in zip(s.students_b[:2], (5, 3), strict=True):
        gf.GradeFactory(lesson=lesson_b, student=student, value=value)
    other_teacher = f.StaffMemberFactory(school=s.other_school)
    other_math = f.SubjectFactory(school=s.other_school, name_ky="Математика", name_ru="Математика")
    other_assignment = f.TeachingAssignmentFactory(class_group=s.other_class, teacher=other_teacher,
                                                   subject=other_math)
    gf.GradeFactory(lesson=gf.LessonFactory(assignment=other_assignment, date=day), student=s.other_student, value=5)
    # consent (R-I15): a0 and a1 of 5 «А» have one, the others not
    for student in s.students_a[:2]:
        Consent.objects.create(school=s.school, student=student, given_by="Ата-энеси", given_on=datetime.date(2026, 9, 1))
    return s
