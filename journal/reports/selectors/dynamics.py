"""Dynamics of the report figures (issue 10 §1): each figure beside the previous period's and the
same period of last year, where that data exists.

The figures of the other periods come from the same report service (achievement_summary,
subject_summary) run once for each of those periods over the same scope; nothing is computed
twice. Rows are matched by what they stand for: a class by its name (grade and letter) — in
another year that is the class of the same name —, a parallel by its grade, a stage, the total,
a subject by the subject.

- previous period: the period of the same kind and grades with the number before (2nd quarter →
  1st quarter of the same year); the first one has none;
- same period last year: the period of the same kind, number and grades in the year before."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from journal.register.models import StudyPeriod

PREVIOUS = "previous"
LAST_YEAR = "last_year"

# figures where a rise is bad news
WORSE_WHEN_UP = {"failing", "not_certified", "twos"}


LAST_YEAR_WITHIN = datetime.timedelta(days=400)  # how far back the year before may start


def comparison_periods(period):
    """{PREVIOUS: StudyPeriod or None, LAST_YEAR: StudyPeriod or None} (one query, with their years)."""
    same = {"kind": period.kind, "grade_from": period.grade_from, "grade_to": period.grade_to}
    year = period.year
    wanted = Q(year__school_id=year.school_id, year__start__lt=year.start,
               year__start__gte=year.start - LAST_YEAR_WITHIN, number=period.number)
    if period.number > 1:
        wanted |= Q(year_id=period.year_id, number=period.number - 1)
    return pick_comparison_periods(period, StudyPeriod.objects.filter(wanted, **same).select_related("year"))


def candidate_periods(period):
    """Every study period of the period's year and of the years that may be "last year" (with their
    years): the candidates of pick_comparison_periods and the periods a scale is decided with."""
    year = period.year
    return StudyPeriod.objects.filter(
        Q(year_id=period.year_id)
        | Q(year__school_id=year.school_id, year__start__lt=year.start, year__start__gte=year.start - LAST_YEAR_WITHIN)
    ).select_related("year")


def pick_comparison_periods(period, candidates):
    """comparison_periods from candidates (any study periods, the years loaded):
    - previous period: the period of the same kind and grades with the number before, same year;
    - same period last year: the period of the same kind, number and grades in the latest year that
      starts before this one's year (at most LAST_YEAR_WITHIN before)."""
    year = period.year
    previous, last_year = None, None
    for p in candidates:
        if (p.kind, p.grade_from, p.grade_to) != (period.kind, period.grade_from, period.grade_to):
            continue
        if p.year_id == period.year_id:
            if period.number > 1 and p.number == period.number - 1:
                previous = p
        elif (p.number == period.number and p.year.school_id == year.school_id
              and year.start - LAST_YEAR_WITHIN <= p.year.start < year.start
              and (last_year is None or p.year.start > last_year.year.start)):
            last_year = p
    return {PREVIOUS: previous, LAST_YEAR: last_year}


@dataclass
class Change:
    """A figure against the same figure of another period."""

    which: str          # PREVIOUS or LAST_YEAR
    figure: str
    period: StudyPeriod
    value: object       # this period's figure
    base: object        # the other period's figure

    @property
    def delta(self):
        return self.value - self.base

    @property
    def direction(self):
        return "up" if self.delta > 0 else "down" if self.delta < 0 else "same"

    @property
    def good(self):
        """True: better than then; False: worse; None: the same."""
        if self.direction == "same":
            return None
        return (self.direction == "up") != (self.figure in WORSE_WHEN_UP)

    @property
    def arrow(self):
        if self.which == PREVIOUS:
            return {"up": "▲", "down": "▼", "same": "="}[self.direction]
        return {"up": "△", "down": "▽", "same": "="}[self.direction]

    @property
    def delta_label(self):
        delta = self.delta
        sign = "+" if delta > 0 else "−" if delta < 0 else "±"
        return sign + _format(abs(delta))

    @property
    def text(self):
        """What a screen reader says (and the tooltip shows)."""
        where = (_("previous period (%(period)s)") if self.which == PREVIOUS
                 else _("same period last year (%(period)s)")) % {"period": f"{self.period.label}, {self.period.year}"}
        if self.direction == "same":
            return _("%(where)s: %(base)s, unchanged") % {"where": where, "base": _format(self.base)}
        template = _("%(where)s: %(base)s, up by %(delta)s") if self.direction == "up" else \
            _("%(where)s: %(base)s, down by %(delta)s")
        return template % {"where": where, "base": _format(self.base), "delta": _format(abs(self.delta))}


def _format(value):
    if isinstance(value, Decimal):
        return number_format(value, decimal_pos=-value.as_tuple().exponent if value.as_tuple().exponent < 0 else 0)
    return str(value)


def compare(summary, *, run, rows_of, figures, key):
    """Run the report service `run(period)` once for each compared period of summary.period, keep
    those summaries in summary.comparisons and give the rows_of(summary) their dynamics."""
    others = {}
    for which, other_period in comparison_periods(summary.period).items():
        if other_period is None:
            continue
        other = run(other_period)
        summary.comparisons[which] = other
        others[which] = (other_period, rows_of(other))
    attach(rows_of(summary), others, figures, key, counted=lambda row: row.graded > 0)


def attach(rows, others, figures, key, counted=lambda row: True):
    """Give each of `rows` a `dynamics` dict {figure: [Change, …]} against the rows of `others`
    ({PREVIOUS/LAST_YEAR: (period, rows)}) with the same key(row). A figure is compared only where
    both periods have it (not None) and the other row has data (counted(other))."""
    indexes = {which: (period, {key(r): r for r in other_rows}) for which, (period, other_rows) in others.items()}
    for row in rows:
        dynamics = {}
        for which, (period, index) in indexes.items():
            other = index.get(key(row))
            if other is None or not counted(other) or not counted(row):
                continue
            for name in figures:
                value, base = getattr(row, name), getattr(other, name)
                if value is None or base is None:
                    continue
                dynamics.setdefault(name, []).append(Change(which=which, figure=name, period=period,
                                                             value=value, base=base))
        row.dynamics = dynamics
    return rows

