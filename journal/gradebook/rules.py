"""Rules of the class journal that several parts share (pure data and functions, no queries).

R-J20: a quarter / half-year grade needs at least 3 grades in the period for a subject with
≤ 2 hours a week, and more for more hours. The thresholds live here, in one place: the fill
control (part B) and the period-grade suggestion (part A) both import them.
"""

import math
from decimal import Decimal

# (maximum weekly hours, minimum number of grades in a study period), checked in order.
# ≤ 2 h/week → 3 grades; 3–4 h/week → 5 grades; ≥ 5 h/week → 7 grades.
MIN_GRADES_BY_HOURS = (
    (Decimal("2"), 3),
    (Decimal("4"), 5),
    (None, 7),
)


def min_grades_for_hours(hours_per_week):
    """The minimum number of grades a student needs in a study period for a subject taught
    `hours_per_week` hours a week (R-J20). Fractional hours (2.5) fall into the next band."""
    hours = Decimal(str(hours_per_week or 0))
    for max_hours, minimum in MIN_GRADES_BY_HOURS:
        if max_hours is None or hours <= max_hours:
            return minimum
    return MIN_GRADES_BY_HOURS[-1][1]  # pragma: no cover - the last band has no upper bound


def min_grades_so_far(hours_per_week, elapsed_fraction):
    """The minimum expected part-way through a period: the full minimum pro-rated by the
    share of the period's lessons already held (rounded down, never below 0). At the end of
    the period (fraction 1) it is the full minimum."""
    fraction = min(max(float(elapsed_fraction), 0.0), 1.0)
    return math.floor(min_grades_for_hours(hours_per_week) * fraction + 1e-9)


def min_grades_by_progress(hours_per_week, *, held, total):
    """The minimum expected now, from the period's lessons: `held` of them dated up to now (or
    up to the end of the range checked) out of `total` (cancelled ones left out of both). The
    one pro-rating the fill control and the journal grid's "too few grades" warning share; a
    period with no lessons expects nothing yet."""
    return min_grades_so_far(hours_per_week, held / total if total else 0)
