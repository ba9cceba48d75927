"""Period grades (R-J5, R-J20): the weighted suggestion and its warnings, saving (with н/а and
exempt), the year suggestion from the quarters, closing and reopening a period."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from journal.gradebook import factories as gf
from journal.gradebook.models import PeriodGrade, PeriodLockEvent
from journal.gradebook.rules import min_grades_for_hours
from journal.gradebook.selectors.grid import journal_grid
from journal.gradebook.selectors.history import period_grade_history
from journal.gradebook.services.common import JournalConflict
from journal.gradebook.services.period_grades import (
    WARN_MISSING_PERIODS,
    WARN_NO_GRADES,
    WARN_NO_WRITTEN,
    WARN_NOT_CERTIFIED,
    WARN_TOO_FEW,
    period_grade_set,
    period_grade_suggestion,
    round_grade,
    study_period_close,
    study_period_reopen,
    year_grade_suggestion,
)

from .conftest import post_cell

pytestmark = pytest.mark.django_db


def _row(grid, student):
    return next(r for r in grid.rows if r.student.pk == student.pk)


class TestSuggestion:
    def test_weighted_average(self):
        # oral 5 (w 1), oral 4 (w 1), control 3 (w 2): (5 + 4 + 6) / 4 = 3.75 → 4
        s = period_grade_suggestion([(5, 1, False), (4, 1, False), (3, 2, True)], hours_per_week=2)
        assert s.average == Decimal("3.75") and s.value == 4
        assert s.warnings == []

    def test_control_work_counts_more(self):
        plain = period_grade_suggestion([(5, 1, False), (5, 1, False), (3, 1, True)], hours_per_week=2)
        weighted = period_grade_suggestion([(5, 1, False), (5, 1, False), (3, 2, True)], hours_per_week=2)
        assert plain.value == 4 and weighted.value == 4 and weighted.average < plain.average

    def test_rounding_half_up(self):
        assert round_grade(Decimal("3.5")) == 4
        assert round_grade(Decimal("3.49")) == 3
        assert round_grade(Decimal("4.5")) == 5

    def test_too_few_grades_for_hours(self):
        assert min_grades_for_hours(2) == 3 and min_grades_for_hours(3) == 5 and min_grades_for_hours(5) == 7
        s = period_grade_suggestion([(5, 1, True), (4, 1, False)], hours_per_week=2)
        assert WARN_TOO_FEW in s.warning_codes and s.value == 5
        s = period_grade_suggestion([(5, 1, True)] * 4, hours_per_week=5)
        assert WARN_TOO_FEW in s.warning_codes
        s = period_grade_suggestion([(5, 1, True)] * 7, hours_per_week=5)
        assert WARN_TOO_FEW not in s.warning_codes

    def test_no_written_work(self):
        s = period_grade_suggestion([(5, 1, False)] * 3, hours_per_week=1)
        assert s.warning_codes == [WARN_NO_WRITTEN]

    def test_no_grades(self):
        s = period_grade_suggestion([], hours_per_week=1)
        assert s.value is None and s.warning_codes == [WARN_NO_GRADES]

    def test_year_from_quarters(self):
        q = [PeriodGrade(value=4), PeriodGrade(value=4), PeriodGrade(value=3), PeriodGrade(value=3)]
        s = year_grade_suggestion(q, expected=4)
        assert s.value == 4 and s.warnings == []
        s = year_grade_suggestion(q[:3], expected=4)
        assert s.value == 4 and WARN_MISSING_PERIODS in s.warning_codes
        s = year_grade_suggestion([PeriodGrade(value=None, special="na"), PeriodGrade(value=5)], expected=2)
        assert WARN_NOT_CERTIFIED in s.warning_codes and s.value == 5


class TestSuggestionInGrid:
    def test_grid_row_suggestion_and_warnings(self, gb):
        s = gb.students_a[0]
        for lesson, value, code in zip(gb.lessons[:3], (5, 5, 3), ("oral", "oral", "control"), strict=True):
            gf.GradeFactory(lesson=lesson, student=s, value=value, grade_type=gb.types[code])
        gf.GradeFactory(lesson=gb.lessons[0], student=gb.students_a[1], value=4, grade_type=gb.types["oral"])
        grid = journal_grid(assignment=gb.assignment_a, period=gb.q2)
        rows = {r.student.pk: r for r in grid.rows}
        first = rows[s.pk].suggestion
        # (5 + 5 + 3·2) / 4 = 4; assignment_a has 5 hours a week → at least 7 grades
        assert first.average == Decimal("4.00") and first.value == 4
        assert first.warning_codes == [WARN_TOO_FEW]
        second = rows[gb.students_a[1].pk].suggestion
        assert set(second.warning_codes) == {WARN_TOO_FEW, WARN_NO_WRITTEN}

    def test_weights_configurable(self, gb):
        s = gb.students_a[0]
        gf.GradeFactory(lesson=gb.lessons[0], student=s, value=5, grade_type=gb.types["oral"])
        gf.GradeFactory(lesson=gb.lessons[1], student=s, value=2, grade_type=gb.types["control"])
        t = gb.types["control"]
        t.weight = 1
        t.save()
        row = _row(journal_grid(assignment=gb.assignment_a, period=gb.q2), s)
        assert row.suggestion.average == Decimal("3.50") and row.suggestion.value == 4
        t.weight = 3
        t.save()
        row = _row(journal_grid(assignment=gb.assignment_a, period=gb.q2), s)
        assert row.suggestion.average == Decimal("2.75") and row.suggestion.value == 3


class TestSaving:
    def test_set_change_special_clear(self, gb):
        a, s = gb.assignment_a, gb.students_a[0]
        pg = period_grade_set(period=gb.q2, assignment=a, student=s, value=4, by=gb.teacher_user)
        assert (pg.value, pg.version) == (4, 1)
        pg = period_grade_set(period=gb.q2, assignment=a, student=s, special="na", by=gb.teacher_user, version=1)
        assert (pg.value, pg.special, pg.version) == (None, "na", 2)
        pg = period_grade_set(period=gb.q2, assignment=a, student=s, special="exempt", by=gb.teacher_user,
                              version=2)
        assert pg.special == "exempt"
        assert period_grade_set(period=gb.q2, assignment=a, student=s, by=gb.teacher_user, version=3) is None
        assert not PeriodGrade.objects.exists()
        assert len(period_grade_history(period=gb.q2, assignment=a, student=s)) == 4

    def test_out_of_scale_refused(self, gb):
        with pytest.raises(ValidationError):
            period_grade_set(period=gb.q2, assignment=gb.assignment_a, student=gb.students_a[0], value=6,
                             by=gb.teacher_user)

    def test_conflict(self, gb):
        a, s = gb.assignment_a, gb.students_a[0]
        period_grade_set(period=gb.q2, assignment=a, student=s, value=4, by=gb.teacher_user)
        period_grade_set(period=gb.q2, assignment=a, student=s, value=3, by=gb.deputy, version=1, reason="r")
        with pytest.raises(JournalConflict):
            period_grade_set(period=gb.q2, assignment=a, student=s, value=5, by=gb.teacher_user, version=1)
        assert PeriodGrade.objects.get().value == 3

    def test_exam_only_for_the_year(self, gb):
        with pytest.raises(ValidationError):
            period_grade_set(period=gb.q2, assignment=gb.assignment_a, student=gb.students_a[0], value=5,
                             kind="exam", by=gb.teacher_user)
        pg = period_grade_set(period=gb.year_period, assignment=gb.assignment_a, student=gb.students_a[0], value=5,
                              kind="exam", by=gb.teacher_user)
        assert pg.kind == "exam"

    def test_api(self, gb, login):
        client = login(gb.teacher_user)
        s = gb.students_a[0]
        r = post_cell(client, gb.assignment_a, op="period", student=s.pk, period=gb.q2.pk, value=5, version=0)
        assert r.status_code == 200 and r.json()["periodGrade"] == [5, "", 1]
        r = post_cell(client, gb.assignment_a, op="period", student=s.pk, period=gb.q2.pk, value=None,
                      special="na", version=1)
        assert r.status_code == 200 and r.json()["periodGrade"] == [None, "na", 2]
        r = post_cell(client, gb.assignment_a, op="period", student=s.pk, period=gb.q2.pk, value=4, version=1)
        assert r.status_code == 409 and r.json()["periodGrade"] == [None, "na", 2]


class TestPage:
    def test_quarter_page_saves(self, gb, login):
        client = login(gb.teacher_user)
        url = reverse("journal:period_grades", args=[gb.assignment_a.pk])
        r = client.get(url, {"period": gb.q2.pk})
        assert r.status_code == 200
        s0, s1 = gb.students_a[0], gb.students_a[1]
        data = {"period": gb.q2.pk,
                f"pg-{s0.pk}-period": "5", f"pg-{s0.pk}-period-v": "0", f"pg-{s0.pk}-period-o": "",
                f"pg-{s1.pk}-period": "na", f"pg-{s1.pk}-period-v": "0", f"pg-{s1.pk}-period-o": ""}
        r = client.post(url, data)
        assert r.status_code == 302
        assert {(p.student_id, p.value, p.special) for p in PeriodGrade.objects.all()} == {
            (s0.pk, 5, ""), (s1.pk, None, "na")}

    def test_failed_save_keeps_typed_and_saves_nothing(self, gb, login):
        client = login(gb.teacher_user)
        url = reverse("journal:period_grades", args=[gb.assignment_a.pk])
        s0, s1 = gb.students_a[0], gb.students_a[1]
        period_grade_set(period=gb.q2, assignment=gb.assignment_a, student=s1, value=3, by=gb.deputy, reason="r")
        data = {"period": gb.q2.pk,
                f"pg-{s0.pk}-period": "4", f"pg-{s0.pk}-period-v": "0", f"pg-{s0.pk}-period-o": "",
                # the page was loaded before the deputy's change: stale
                f"pg-{s1.pk}-period": "5", f"pg-{s1.pk}-period-v": "0", f"pg-{s1.pk}-period-o": ""}
        r = client.post(url, data)
        assert r.status_code == 400
        assert PeriodGrade.objects.count() == 1 and PeriodGrade.objects.get().value == 3
        cells = {c["key"]: c for item in r.context["rows"] for c in item["cells"]}
        assert cells[f"pg-{s0.pk}-period"]["value"] == "4"
        assert cells[f"pg-{s1.pk}-period"]["value"] == "5" and cells[f"pg-{s1.pk}-period"]["conflict"]
        assert cells[f"pg-{s1.pk}-period"]["version"] == 1

    def test_year_page_suggests_from_quarters(self, gb, login):
        s = gb.students_a[0]
        for q, v in ((gb.q1, 5), (gb.q2, 4), (gb.q3, 4), (gb.q4, 5)):
            gf.PeriodGradeFactory(period=q, assignment=gb.assignment_a, student=s, value=v)
        r = login(gb.teacher_user).get(reverse("journal:period_grades", args=[gb.assignment_a.pk]),
                                       {"period": gb.year_period.pk})
        assert r.status_code == 200
        rows = {item["row"].student.pk: item for item in r.context["rows"]}
        row = rows[s.pk]
        assert row["period_texts"] == ["5", "4", "4", "5"]
        assert row["row"].suggestion.value == 5  # 4.5 → 5
        assert rows[gb.students_a[1].pk]["row"].suggestion.warning_codes == [WARN_MISSING_PERIODS]


class TestClosing:
    def test_close_and_reopen_with_reason(self, gb):
        study_period_close(period=gb.q2, by=gb.deputy)
        gb.q2.refresh_from_db()
        assert gb.q2.is_closed and gb.q2.closed_by == gb.deputy
        with pytest.raises(ValidationError):
            study_period_reopen(period=gb.q2, by=gb.deputy, reason=" ")
        with pytest.raises(PermissionDenied):
            study_period_reopen(period=gb.q2, by=gb.teacher_user, reason="x")
        study_period_reopen(period=gb.q2, by=gb.deputy, reason="исправление оценок")
        gb.q2.refresh_from_db()
        assert not gb.q2.is_closed
        assert [e.action for e in PeriodLockEvent.objects.order_by("at", "id")] == ["close", "reopen"]
