"""factory_boy factories of the class journal, shared by the tests and the demo-data command.

Built on the register factories (journal/register/factories.py). A lesson belongs to a teaching
assignment; grades and absences to a lesson and a student of the assignment's class.

    lesson = LessonFactory(assignment=assignment, date=date(2026, 11, 12))
    GradeFactory(lesson=lesson, student=student, value=5)          # oral answer by default
    AttendanceFactory(lesson=lesson, student=student, status="ill")
    PeriodGradeFactory(period=period, assignment=assignment, student=student, value=4)
"""

import datetime

import factory
from factory.django import DjangoModelFactory

from journal.register import factories as register

from . import models
from .services.grade_types import DEFAULT_GRADE_TYPES


def _default_type(code):
    for item in DEFAULT_GRADE_TYPES:
        if item["code"] == code:
            return item
    return DEFAULT_GRADE_TYPES[0]


class GradeTypeFactory(DjangoModelFactory):
    """A grade type of a school; `code` picks one of the default set (oral, homework, written,
    test, practical, dictation, control) with its names, weight and written flag."""

    class Meta:
        model = models.GradeType
        django_get_or_create = ("school", "code")

    school = factory.SubFactory(register.SchoolFactory)
    code = "oral"
    name_ky = factory.LazyAttribute(lambda o: _default_type(o.code)["name_ky"])
    name_ru = factory.LazyAttribute(lambda o: _default_type(o.code)["name_ru"])
    short_ky = factory.LazyAttribute(lambda o: _default_type(o.code)["short_ky"])
    short_ru = factory.LazyAttribute(lambda o: _default_type(o.code)["short_ru"])
    weight = factory.LazyAttribute(lambda o: _default_type(o.code)["weight"])
    is_written = factory.LazyAttribute(lambda o: _default_type(o.code)["is_written"])
    order = factory.LazyAttribute(lambda o: _default_type(o.code)["order"])


class AssessmentRuleFactory(DjangoModelFactory):
    class Meta:
        model = models.AssessmentRule

    school = factory.SubFactory(register.SchoolFactory)
    year = factory.SubFactory(register.AcademicYearFactory, school=factory.SelfAttribute("..school"))
    grade_from = 5
    grade_to = 11
    scale = models.Scale.FIVE


class PlanTopicFactory(DjangoModelFactory):
    class Meta:
        model = models.PlanTopic

    assignment = factory.SubFactory(register.TeachingAssignmentFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Тема {n + 1}")
    hours = 1


class LessonFactory(DjangoModelFactory):
    class Meta:
        model = models.Lesson

    assignment = factory.SubFactory(register.TeachingAssignmentFactory)
    school = factory.SelfAttribute("assignment.school")
    date = datetime.date(2026, 11, 12)
    lesson_number = 1
    status = models.LessonStatus.PLANNED


class GradeFactory(DjangoModelFactory):
    class Meta:
        model = models.Grade

    lesson = factory.SubFactory(LessonFactory)
    school = factory.SelfAttribute("lesson.school")
    student = factory.SubFactory(
        register.StudentFactory,
        school=factory.SelfAttribute("..lesson.school"),
        class_group=factory.SelfAttribute("..lesson.assignment.class_group"),
    )
    position = 0
    grade_type = factory.SubFactory(GradeTypeFactory, school=factory.SelfAttribute("..lesson.school"), code="oral")
    value = 5


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = models.Attendance

    lesson = factory.SubFactory(LessonFactory)
    school = factory.SelfAttribute("lesson.school")
    student = factory.SubFactory(
        register.StudentFactory,
        school=factory.SelfAttribute("..lesson.school"),
        class_group=factory.SelfAttribute("..lesson.assignment.class_group"),
    )
    status = models.AbsenceStatus.UNEXCUSED


class PeriodGradeFactory(DjangoModelFactory):
    class Meta:
        model = models.PeriodGrade

    assignment = factory.SubFactory(register.TeachingAssignmentFactory)
    school = factory.SelfAttribute("assignment.school")
    period = factory.SubFactory(register.StudyPeriodFactory, year=factory.SelfAttribute("..assignment.year"))
    student = factory.SubFactory(
        register.StudentFactory,
        school=factory.SelfAttribute("..assignment.school"),
        class_group=factory.SelfAttribute("..assignment.class_group"),
    )
    kind = models.PeriodGradeKind.PERIOD
    value = 4
    special = ""
