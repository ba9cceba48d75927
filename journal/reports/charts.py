"""What the report pages draw (issue 10 §1): the distribution of marks, quality by class (or by
subject) and the dynamics — picked from the figures the report service computed (nothing is
computed here). Each chart carries its rows, so the page prints the same figures in a table."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from journal.gradebook.marks import special_mark
from journal.gradebook.models import PeriodGradeSpecial

from .selectors.dynamics import LAST_YEAR, PREVIOUS

MARK_KEYS = (5, 4, 3, 2, 1, "na")


def _number(value):
    return None if value is None else float(value)


def chart(chart_id, title, kind, labels, datasets, first_column, unit=""):
    """datasets: [(label, [values])]. Returns the template's chart: id, title, the JSON data for
    Chart.js and the rows of its accessible table."""
    return {
        "id": chart_id,
        "data_id": f"{chart_id}-data",
        "title": title,
        "first_column": first_column,
        "columns": [label for label, _values in datasets],
        "rows": [(label, [values[i] for _l, values in datasets]) for i, label in enumerate(labels)],
        "data": {"type": kind, "unit": unit, "labels": [str(label) for label in labels],
                 "datasets": [{"label": str(label), "data": [_number(v) for v in values]} for label, values in datasets]},
    }


def _marks_chart(counts):
    labels = ["5", "4", "3", "2", "1", special_mark(PeriodGradeSpecial.NOT_CERTIFIED)]
    return chart("chart-marks", _("Distribution of period grades"), "bar", labels,
                 [(_("Period grades"), [counts[k] for k in MARK_KEYS])], _("Mark"))


def _dynamics_chart(summary, total_of, figures):
    """The figures of the total in the same period last year, the previous period and now."""
    points = []
    for which in (LAST_YEAR, PREVIOUS):
        other = summary.comparisons.get(which)
        if other is not None and total_of(other) is not None:
            points.append((f"{other.period.label}, {other.period.year}", total_of(other)))
    if not points or total_of(summary) is None:
        return None
    points.append((f"{summary.period.label}, {summary.period.year}", total_of(summary)))
    return chart("chart-dynamics", _("Dynamics"), "line", [label for label, _row in points],
                 [(label, [getattr(row, name) for _l, row in points]) for name, label in figures],
                 _("Study period"), unit="%")


TREND_FIGURES = (("pass_rate", gettext_lazy("Pass rate, %")), ("quality", gettext_lazy("Quality, %")),
                 ("sou", gettext_lazy("Degree of learning (SOU), %")))


def _charts(summary, counts, rows, quality_title, first_column):
    """Marks, quality and pass rate by row, and the dynamics of the total."""
    out = [
        _marks_chart(counts),
        chart("chart-quality", quality_title, "bar", [r.label for r in rows],
              [(_("Quality, %"), [r.quality for r in rows]), (_("Pass rate, %"), [r.pass_rate for r in rows])],
              first_column, unit="%"),
    ]
    dynamics = _dynamics_chart(summary, lambda s: s.total if s.total and s.total.graded else None,
                               [(name, str(label)) for name, label in TREND_FIGURES])
    return out + ([dynamics] if dynamics else [])


def achievement_charts(summary):
    if summary.total is None or not summary.has_marks:
        return []
    return _charts(summary, summary.total.marks, [r for r in summary.class_rows if r.graded],
                   _("Quality and pass rate by class"), _("Class"))


def subject_charts(summary):
    if summary.total is None:
        return []
    return _charts(summary, summary.total.counts, summary.by_subject, _("Quality and pass rate by subject"),
                   _("Subject"))
