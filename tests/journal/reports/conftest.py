"""The hand-worked school shared by the report tests."""

import datetime

import pytest

from journal.gradebook import factories as gf
from journal.gradebook.models import PeriodGradeSpecial
from journal.register import factories as f
from journal.register.models import MovementReason, Student
from journal.register.services.movement import student_arrive, student_depart

D = datetime.date


def _pg(assignment, student, period, value=None, special=""):
    return gf.PeriodGradeFactory(assignment=assignment, student=student, period=period,
                                 value=value, special=special)


@pytest.fixture
def report_school(small_school):
    return hand_worked_school(small_school)


def hand_worked_school(small_school):
    """The hand-worked school built on `small_school` (also used by the browser test of the
    reports, tests/e2e/test_reports_drilldown.py). Quarter 2 (10.11–29.12.2026).

    5 «А», maths and Russian:            5 «Б», maths only:
      a0  5 5   only 5                     b0  5   only 5
      a1  5 4   one 4                      b1  4   one 4
      a2  4 3   one 3                      b2  3   one 3
      a3  2 4   failing (maths 2)          b3  3   one 3
      a4  exempt, н/а  failing, н/а, exempt b4  left on 25.11, no grade
      a5  4 4   only 4 and 5 (arrived 20.11)
    1 «А»: three students, grade 1 is assessed without marks (R-J17)."""
    s = small_school
    q = s.period
    russian = f.SubjectFactory(school=s.school, name_ky="Орус тили", name_ru="Русский язык")
    ru_a = f.TeachingAssignmentFactory(class_group=s.class_a, teacher=s.other_teacher, subject=russian)
    record = student_arrive(student=Student(last_name="Жаңы", first_name="Эмир", sex="m", birth_date=D(2015, 1, 1)),
                            class_group=s.class_a, date=D(2026, 11, 20), reason=MovementReason.FROM_SCHOOL)
    newcomer = record.student
    student_depart(student=s.students_b[4], date=D(2026, 11, 25), reason=MovementReason.OTHER_SCHOOL)
    a = s.students_a + [newcomer]
    for student, (math, ru) in zip(a, [(5, 5), (5, 4), (4, 3), (2, 4), ("exempt", "na"), (4, 4)], strict=True):
        for assignment, mark in ((s.assignment_a, math), (ru_a, ru)):
            if mark == "exempt":
                _pg(assignment, student, q, special=PeriodGradeSpecial.EXEMPT)
            elif mark == "na":
                _pg(assignment, student, q, special=PeriodGradeSpecial.NOT_CERTIFIED)
            else:
                _pg(assignment, student, q, value=mark)
    for student, mark in zip(s.students_b[:4], (5, 4, 3, 3), strict=True):
        _pg(s.assignment_b, student, q, value=mark)
    first = f.ClassGroupFactory(school=s.school, year=s.year, grade=1, letter="А")
    for _ in range(3):
        f.StudentFactory(school=s.school, class_group=first)
    s.first, s.ru_a, s.newcomer, s.russian = first, ru_a, newcomer, russian
    return s
