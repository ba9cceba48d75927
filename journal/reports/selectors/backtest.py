"""The forecast's measured accuracy: for past study periods with saved period grades, forecast
from the data up to a cut-off (½ and ⅔ of the period) and compare with the saved grades.

Per period and cut-off, for the forecast and for the baseline "the rounded current weighted
mean" (the gradebook's suggestion on the marks so far; н/а when there is no mark yet):
- exact: share of student × subject pairs whose saved period grade (a number or н/а) was
  predicted exactly (a pair without any prediction counts as a miss);
- mae: mean absolute error over the pairs where both the saved and the predicted grade are numbers;
- the at-risk flag of a student × subject (predicted 2 or н/а) against "saved 2 or н/а":
  precision (flagged that were right) and recall (of the real 2 / н/а, how many were flagged);
- the same flag per student (any subject; the forecast's flag is the at-risk list's: it adds
  attendance under 80 % and a falling trend);
- band: for the forecast, the share of pairs whose saved grade lay inside the band.
Exempt grades are left out.
"""

import datetime
from collections import defaultdict

from journal.gradebook.models import PeriodGrade, PeriodGradeKind, PeriodGradeSpecial
from journal.gradebook.reports import NA
from journal.gradebook.services.period_grades import round_grade
from journal.register.models import PeriodKind, Student, StudyPeriod, TeachingAssignment

from .forecast import RED, school_forecast

FRACTIONS = ((1, 2), (2, 3))


def _cut_off(period, numerator, denominator):
    return period.start + datetime.timedelta(days=(period.end - period.start).days * numerator // denominator)


def _ratio(part, whole):
    return round(part / whole, 3) if whole else None


class _Score:
    def __init__(self):
        self.n = self.exact = self.abs_n = 0
        self.abs_sum = 0
        self.tp = self.fp = self.fn = 0
        self.s_tp = self.s_fp = self.s_fn = 0
        self.in_band = 0

    def pair(self, predicted, actual):
        self.n += 1
        self.exact += predicted == actual
        if isinstance(predicted, int) and isinstance(actual, int):
            self.abs_n += 1
            self.abs_sum += abs(predicted - actual)

    def flag(self, flagged, real, *, student=False):
        prefix = "s_" if student else ""
        if flagged and real:
            setattr(self, prefix + "tp", getattr(self, prefix + "tp") + 1)
        elif flagged:
            setattr(self, prefix + "fp", getattr(self, prefix + "fp") + 1)
        elif real:
            setattr(self, prefix + "fn", getattr(self, prefix + "fn") + 1)

    def result(self, band=False):
        out = {
            "n": self.n,
            "exact": _ratio(self.exact, self.n),
            "mae": _ratio(self.abs_sum, self.abs_n),
            "precision": _ratio(self.tp, self.tp + self.fp),
            "recall": _ratio(self.tp, self.tp + self.fn),
            "student_precision": _ratio(self.s_tp, self.s_tp + self.s_fp),
            "student_recall": _ratio(self.s_tp, self.s_tp + self.s_fn),
        }
        if band:
            out["band"] = _ratio(self.in_band, self.n)
        return out


def _is_bad(value):
    return value == NA or (isinstance(value, int) and value <= 2)


def backtest_period(*, school, period, fractions=FRACTIONS):
    """[{period, label, cut_off, fraction, forecast: {...}, baseline: {...}}] for one period."""
    saved = {}
    for assignment_id, student_id, value, special in PeriodGrade.objects.filter(
            period=period, kind=PeriodGradeKind.PERIOD, assignment__school=school).exclude(
            special=PeriodGradeSpecial.EXEMPT).values_list("assignment_id", "student_id", "value", "special"):
        saved[(assignment_id, student_id)] = NA if special == PeriodGradeSpecial.NOT_CERTIFIED else value
    if not saved:
        return []
    assignment_ids = {a for a, _s in saved}
    class_of = dict(TeachingAssignment.objects.filter(pk__in=assignment_ids).values_list("pk", "class_group_id"))
    students = {s.pk: s for s in Student.objects.filter(pk__in={s for _a, s in saved}).order_by("sort_key", "pk")}
    roll = defaultdict(dict)
    for (assignment_id, student_id) in saved:
        roll[class_of[assignment_id]][student_id] = students[student_id]
    roll = {class_id: list(members.values()) for class_id, members in roll.items()}
    out = []
    for numerator, denominator in fractions:
        as_of = _cut_off(period, numerator, denominator)
        fc = school_forecast(school=school, assignments=TeachingAssignment.objects.filter(pk__in=assignment_ids),
                             as_of=as_of, period=period, roll=roll)
        model, baseline = _Score(), _Score()
        for c in fc.classes:
            for sf in c.students:
                real_student = False
                model_student = sf.low_attendance or bool(sf.falling)
                base_student = False
                for subject in sf.subjects:
                    actual = saved.get((subject.assignment.pk, sf.student.pk))
                    if actual is None:
                        continue
                    predicted = subject.final
                    base = round_grade(subject.mean) if subject.mean is not None else NA
                    if isinstance(base, int):
                        base = max(2, min(5, base))
                    model.pair(predicted, actual)
                    baseline.pair(base, actual)
                    if isinstance(actual, int) and subject.low is not None and subject.low <= actual <= subject.high:
                        model.in_band += 1
                    elif actual == NA and subject.na:
                        model.in_band += 1
                    real = _is_bad(actual)
                    flagged = subject.light == RED
                    model.flag(flagged, real)
                    baseline.flag(_is_bad(base), real)
                    real_student |= real
                    model_student |= flagged
                    base_student |= _is_bad(base)
                model.flag(model_student, real_student, student=True)
                baseline.flag(base_student, real_student, student=True)
        out.append({
            "period": period.pk, "label": str(period), "cut_off": as_of.isoformat(),
            "fraction": f"{numerator}/{denominator}", "forecast": model.result(band=True),
            "baseline": baseline.result(),
        })
    return out


def backtest(*, school, today, fractions=FRACTIONS):
    """Every quarter / half-year of the school that ended before `today` and has saved period
    grades, oldest first."""
    periods = StudyPeriod.objects.filter(year__school=school, end__lt=today).exclude(kind=PeriodKind.YEAR).filter(
        pk__in=PeriodGrade.objects.filter(kind=PeriodGradeKind.PERIOD, school=school).values("period_id")
    ).order_by("start", "grade_from")
    rows = []
    for period in periods:
        rows.extend(backtest_period(school=school, period=period, fractions=fractions))
    return rows

