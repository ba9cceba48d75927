"""The assessment scale is data (AssessmentRule); defaults per R-J17; the server refuses a grade
the scale does not allow, with a clear message."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from journal.gradebook import factories as gf
from journal.gradebook.models import Grade, Scale
from journal.gradebook.services.grades import grade_set
from journal.gradebook.services.scales import scale_for
from journal.register import factories as f

from .conftest import post_cell

pytestmark = pytest.mark.django_db


def _class(gb, grade, letter="В"):
    return f.ClassGroupFactory(school=gb.school, year=gb.year, grade=grade, letter=letter)


class TestDefaults:
    def test_grade_1_no_marks_all_year(self, gb):
        c = _class(gb, 1)
        for when in (gb.q1, gb.q2, gb.q3, gb.q4, gb.year_period, datetime.date(2027, 5, 10)):
            assert scale_for(c, when).scale == Scale.NONE

    def test_grade_2_no_marks_in_first_half_only(self, gb):
        c = _class(gb, 2)
        assert scale_for(c, gb.q1).scale == Scale.NONE
        assert scale_for(c, gb.q2).scale == Scale.NONE
        assert scale_for(c, datetime.date(2026, 12, 20)).scale == Scale.NONE
        assert scale_for(c, gb.q3).scale == Scale.FIVE
        assert scale_for(c, datetime.date(2027, 2, 1)).scale == Scale.FIVE
        assert scale_for(c, gb.year_period).scale == Scale.FIVE

    def test_grade_5_five_point(self, gb):
        info = scale_for(gb.class_a, gb.q2)
        assert info.scale == Scale.FIVE
        assert info.values == [5, 4, 3, 2, 1]
        assert info.allows(1) and info.allows(5) and not info.allows(0) and not info.allows(6)


class TestRules:
    def test_points_rule(self, gb):
        gf.AssessmentRuleFactory(school=gb.school, year=gb.year, grade_from=5, grade_to=9, scale=Scale.POINTS,
                                 max_points=10)
        info = scale_for(gb.class_a, gb.q2)
        assert info.scale == Scale.POINTS and info.min_value == 0 and info.max_value == 10
        assert info.allows(0) and info.allows(10) and not info.allows(11)

    def test_rule_limited_to_periods_wins(self, gb):
        gf.AssessmentRuleFactory(school=gb.school, year=gb.year, grade_from=1, grade_to=11, scale=Scale.FIVE)
        special = gf.AssessmentRuleFactory(school=gb.school, year=gb.year, grade_from=5, grade_to=5,
                                           scale=Scale.NONE)
        special.periods.add(gb.q1)
        assert scale_for(gb.class_a, gb.q1).scale == Scale.NONE
        assert scale_for(gb.class_a, datetime.date(2026, 10, 1)).scale == Scale.NONE
        assert scale_for(gb.class_a, gb.q2).scale == Scale.FIVE

    def test_rule_overrides_default_of_grade_1(self, gb):
        gf.AssessmentRuleFactory(school=gb.school, year=gb.year, grade_from=1, grade_to=1, scale=Scale.FIVE)
        assert scale_for(_class(gb, 1), gb.q2).scale == Scale.FIVE

    def test_rule_of_another_school_ignored(self, gb):
        gf.AssessmentRuleFactory(school=gb.other_school, year=gb.other_class.year, grade_from=1, grade_to=11,
                                 scale=Scale.NONE)
        assert scale_for(gb.class_a, gb.q2).scale == Scale.FIVE


class TestServerRefuses:
    def _grade_1_lesson(self, gb):
        c = _class(gb, 1)
        student = f.StudentFactory(school=gb.school, class_group=c)
        a = f.TeachingAssignmentFactory(class_group=c, teacher=gb.teacher, subject=gb.math)
        return gf.LessonFactory(assignment=a, date=datetime.date(2026, 11, 12)), student

    def test_grade_1_refused(self, gb):
        lesson, student = self._grade_1_lesson(gb)
        with pytest.raises(ValidationError) as exc:
            grade_set(lesson=lesson, student=student, value=5, by=gb.teacher_user)
        assert exc.value.code == "no_marks"
        assert not Grade.objects.exists()

    def test_grade_1_refused_by_api_with_translated_message(self, gb, login):
        lesson, student = self._grade_1_lesson(gb)
        client = login(gb.teacher_user)
        r = post_cell(client, lesson.assignment, op="grade", lesson=lesson.pk, student=student.pk, value=5,
                      version=0)
        assert r.status_code == 400
        assert r.json()["code"] == "no_marks"
        with translation.override("ky"):
            assert r.json()["message"] == str(translation.gettext(
                "No grades are given here: this class is assessed without marks in this period."))
        assert not Grade.objects.exists()

    def test_grade_1_attendance_still_recorded(self, gb, login):
        lesson, student = self._grade_1_lesson(gb)
        r = post_cell(login(gb.teacher_user), lesson.assignment, op="absence", lesson=lesson.pk,
                      student=student.pk, status="ill", version=0)
        assert r.status_code == 200

    def test_grade_2_first_half_refused_second_half_allowed(self, gb, school_day):
        school_day(datetime.date(2027, 2, 1))  # the spring lesson has taken place
        c = _class(gb, 2)
        student = f.StudentFactory(school=gb.school, class_group=c)
        a = f.TeachingAssignmentFactory(class_group=c, teacher=gb.teacher, subject=gb.math)
        autumn = gf.LessonFactory(assignment=a, date=datetime.date(2026, 12, 1))
        spring = gf.LessonFactory(assignment=a, date=datetime.date(2027, 2, 1))
        with pytest.raises(ValidationError):
            grade_set(lesson=autumn, student=student, value=4, by=gb.teacher_user)
        assert grade_set(lesson=spring, student=student, value=4, by=gb.teacher_user).value == 4

    @pytest.mark.parametrize("value", [0, 6, 9, -1, "x"])
    def test_five_point_out_of_range_refused(self, gb, value):
        with pytest.raises(ValidationError):
            grade_set(lesson=gb.lesson, student=gb.students_a[0], value=value, by=gb.teacher_user)
        assert not Grade.objects.exists()

    def test_points_scale(self, gb):
        gf.AssessmentRuleFactory(school=gb.school, year=gb.year, grade_from=5, grade_to=5, scale=Scale.POINTS,
                                 max_points=12)
        assert grade_set(lesson=gb.lesson, student=gb.students_a[0], value=0, by=gb.teacher_user).value == 0
        assert grade_set(lesson=gb.lesson, student=gb.students_a[1], value=12, by=gb.teacher_user).value == 12
        with pytest.raises(ValidationError) as exc:
            grade_set(lesson=gb.lesson, student=gb.students_a[2], value=13, by=gb.teacher_user)
        assert exc.value.code == "out_of_scale"


def test_points_scale_suggests_a_period_grade_in_points(gb):
    """Issue 9 §6: on a points scale the period grade is suggested as on the 5-point scale — the
    weighted average rounded half up, in points (7 and 8 of 10 → 7,5 → 8); no marks, no suggestion."""
    from journal.gradebook.selectors.grid import class_periods
    from journal.gradebook.selectors.period_grades import period_sheet

    gf.AssessmentRuleFactory(school=gb.school, year=gb.year, grade_from=5, grade_to=5, scale=Scale.POINTS,
                             max_points=10)
    grade_set(lesson=gb.lessons[0], student=gb.students_a[0], value=7, by=gb.teacher_user)
    grade_set(lesson=gb.lessons[1], student=gb.students_a[0], value=8, by=gb.teacher_user)
    periods = class_periods(gb.class_a)
    sheet = period_sheet(assignment=gb.assignment_a, period=gb.q2, periods=periods)
    first = next(r for r in sheet["rows"] if r.student == gb.students_a[0])
    assert str(first.suggestion.average) == "7.50" and first.suggestion.value == 8
    assert next(r for r in sheet["rows"] if r.student == gb.students_a[1]).suggestion.value is None
