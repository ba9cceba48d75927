"""The report figures (DOMAIN.md): pass rate, quality, СОУ, averages — worked examples."""

from decimal import Decimal

import pytest

from journal.gradebook import reports as r
from journal.gradebook.rules import min_grades_for_hours, min_grades_so_far

# a class of 20 graded students: five 5s, eight 4s, six 3s, one 2
TWENTY = [5] * 5 + [4] * 8 + [3] * 6 + [2]


def test_grade_counts_ignore_exempt_and_empty():
    counts = r.grade_counts([5, 4, None, r.NA, 7, 0, 3])
    assert (counts[5], counts[4], counts[3], counts[2], counts[1], counts[r.NA]) == (1, 1, 1, 0, 0, 1)
    assert r.graded(counts) == 4


def test_pass_rate_quality_sou_average_worked_example():
    counts = r.grade_counts(TWENTY)
    # успеваемость: 19 of 20 have 3 or better
    assert r.pass_rate(counts) == Decimal("95.0")
    # качество: 13 of 20 have 4 or 5
    assert r.quality(counts) == Decimal("65.0")
    # СОУ: (100·5 + 64·8 + 36·6 + 16·1) / 20 = 1244 / 20
    assert r.sou(counts) == Decimal("62.2")
    # average: 77 / 20
    assert r.average(TWENTY) == Decimal("3.85")


def test_not_certified_counts_as_graded_and_failing():
    counts = r.grade_counts([*TWENTY, r.NA])
    assert r.graded(counts) == 21
    assert r.pass_rate(counts) == Decimal("90.5")   # 19 / 21
    assert r.quality(counts) == Decimal("61.9")     # 13 / 21
    assert r.sou(counts) == Decimal("59.2")         # 1244 / 21
    assert r.average([*TWENTY, r.NA]) == Decimal("3.85")  # н/а is not a number


def test_sou_weights_of_each_grade():
    assert r.sou(r.grade_counts([5])) == Decimal("100.0")
    assert r.sou(r.grade_counts([4])) == Decimal("64.0")
    assert r.sou(r.grade_counts([3])) == Decimal("36.0")
    assert r.sou(r.grade_counts([2])) == Decimal("16.0")
    assert r.sou(r.grade_counts([1])) == Decimal("7.0")
    assert r.sou(r.grade_counts([5, 1])) == Decimal("53.5")


def test_nothing_graded_gives_none():
    counts = r.grade_counts([None, None])
    assert r.pass_rate(counts) is None
    assert r.quality(counts) is None
    assert r.sou(counts) is None
    assert r.average([]) is None


def test_rounding_half_up():
    # 2 of 3 = 66.666… → 66.7; 1 of 8 = 12.5 exactly
    assert r.pass_rate(r.grade_counts([5, 4, 2])) == Decimal("66.7")
    assert r.quality(r.grade_counts([5, 3, 3, 3, 3, 3, 3, 3])) == Decimal("12.5")
    assert r.average([4, 5, 5]) == Decimal("4.67")


@pytest.mark.parametrize(
    ("values", "standing"),
    [
        ([5, 5, 5], r.STUDENT_EXCELLENT),
        ([5, 4, 5], r.STUDENT_ONE_FOUR),
        ([4, 4, 5], r.STUDENT_GOOD),
        ([3, 4, 5], r.STUDENT_ONE_THREE),
        ([3, 3, 4], r.STUDENT_SATISFACTORY),
        ([2, 5, 5], r.STUDENT_FAILING),
        ([r.NA, 5], r.STUDENT_FAILING),
        ([None], None),
    ],
)
def test_student_standing(values, standing):
    assert r.student_standing(values) == standing


def test_class_figures_over_students():
    students = [[5, 5, 5], [5, 4, 5], [4, 4, 5], [3, 4, 5], [3, 3, 4], [2, 4, 5], []]
    figures = r.class_figures(students)
    assert figures["students"] == 7
    assert figures["graded"] == 6
    assert figures["excellent"] == 1
    assert figures["one_four"] == 1
    assert figures["good"] == 3          # only 4 and 5, excellent included
    assert figures["one_three"] == 1
    assert figures["failing"] == 1
    assert figures["pass_rate"] == Decimal("83.3")   # 5 of 6 without a 2
    assert figures["quality"] == Decimal("50.0")     # 3 of 6 with only 4 and 5


def test_figures_bundle_has_string_keys_for_templates():
    f = r.figures([5, 4, 4, r.NA])
    assert f["n"]["5"] == 1 and f["n"]["4"] == 2 and f["n"]["na"] == 1
    assert f["graded"] == 4


@pytest.mark.parametrize(
    ("hours", "minimum"),
    [(1, 3), (2, 3), ("2.0", 3), ("2.5", 5), (3, 5), (4, 5), (5, 7), (6, 7), (0, 3)],
)
def test_minimum_grades_by_weekly_hours(hours, minimum):
    assert min_grades_for_hours(hours) == minimum


def test_minimum_grades_pro_rated():
    assert min_grades_so_far(5, 1) == 7
    assert min_grades_so_far(5, 0.5) == 3
    assert min_grades_so_far(2, 0.25) == 0
    assert min_grades_so_far(2, 1.5) == 3  # capped at the whole period
