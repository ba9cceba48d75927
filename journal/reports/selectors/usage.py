"""Use of the system by parents and students (R-J12): per class, the share of students and of
parents who came into the system this week, this month and in the study period, and who opened
the diary. Read from portal.Visit (one row a user a day: logins, pages viewed and, since this
report, diary pages viewed — counted by portal.middleware.VisitLogMiddleware).

Counted in the database: two grouped queries (students, parents) and two totals, whatever the
number of classes."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from journal.register.models import Student, StudentGuardian, StudentStatus
from portal.models import Visit

WINDOWS = (
    ("week", gettext_lazy("This week")),
    ("month", gettext_lazy("This month")),
    ("period", gettext_lazy("Study period")),
)


def usage_windows(today, period):
    """{key: (first day, last day)}: the week from Monday, the month from the 1st, the study
    period up to today (all of it when it is over)."""
    monday = today - datetime.timedelta(days=today.weekday())
    return {
        "week": (monday, today),
        "month": (today.replace(day=1), today),
        "period": (period.start, min(period.end, today)) if period is not None else (today, today),
    }


@dataclass
class Share:
    count: int
    total: int

    @property
    def percent(self):
        return round(100 * self.count / self.total, 1) if self.total else None


@dataclass
class UsageGroup:
    """Students (or parents) of a class: how many, and how many came / opened the diary per window."""

    total: int = 0
    signed_in: dict = field(default_factory=dict)     # window -> Share
    diary: dict = field(default_factory=dict)         # window -> Share

    @property
    def shares(self):
        """Who came, then who opened the diary, each in the order of WINDOWS."""
        return [self.signed_in[k] for k, _label in WINDOWS] + [self.diary[k] for k, _label in WINDOWS]


@dataclass
class UsageRow:
    label: str
    class_group: object = None
    students: UsageGroup = field(default_factory=UsageGroup)
    parents: UsageGroup = field(default_factory=UsageGroup)
    kind: str = "class"

    @property
    def groups(self):
        return (self.students, self.parents)


@dataclass
class UsageReport:
    windows: dict
    rows: list
    total: UsageRow | None


def _counts(school, windows, counted, user_path, distinct):
    """Count(counted) in all, and of those whose user came (opened the diary) in each window."""
    visits = Visit.objects.filter(Q(school=school) | Q(school__isnull=True), user=OuterRef(user_path))
    out = {"n_total": Count(counted, distinct=distinct)}
    for key, (start, end) in windows.items():
        in_window = visits.filter(date__range=(start, end))
        out[f"n_in_{key}"] = Count(counted, distinct=distinct, filter=Q(Exists(in_window)))
        out[f"n_diary_{key}"] = Count(counted, distinct=distinct, filter=Q(Exists(in_window.filter(diary_views__gt=0))))
    return out


def _group(data, windows):
    total = data.get("n_total", 0) or 0
    return UsageGroup(
        total=total,
        signed_in={k: Share(data.get(f"n_in_{k}", 0) or 0, total) for k in windows},
        diary={k: Share(data.get(f"n_diary_{k}", 0) or 0, total) for k in windows},
    )


def usage_report(*, school, classes, today, period, restricted=False):
    """The use of the system by the students and parents of `classes` (an access-filtered
    queryset). Students: those studying in the class; parents: every parent or guardian of
    them (a parent of two classes counts in both, once in the total)."""
    windows = usage_windows(today, period)
    classes = list(classes.order_by("grade", "letter"))
    ids = [c.pk for c in classes]
    students = Student.objects.filter(school=school, class_group_id__in=ids, status=StudentStatus.STUDYING)
    parents = StudentGuardian.objects.filter(student__school=school, student__class_group_id__in=ids,
                                             student__status=StudentStatus.STUDYING)
    student_counts = _counts(school, windows, "pk", "user_id", False)
    parent_counts = _counts(school, windows, "guardian_id", "guardian__user_id", True)
    per_class_students = {row["class_group_id"]: row for row in
                          students.values("class_group_id").annotate(**student_counts).order_by()}
    per_class_parents = {row["student__class_group_id"]: row for row in
                         parents.values("student__class_group_id").annotate(**parent_counts).order_by()}
    rows = [
        UsageRow(label=str(c), class_group=c, students=_group(per_class_students.get(c.pk, {}), windows),
                 parents=_group(per_class_parents.get(c.pk, {}), windows))
        for c in classes
    ]
    total = None
    if rows:
        total = UsageRow(
            label=_("Total of the classes shown") if restricted else _("School total"), kind="total",
            students=_group(students.aggregate(**student_counts), windows),
            parents=_group(parents.aggregate(**parent_counts), windows),
        )
    return UsageReport(windows=windows, rows=rows, total=total)


def usage_rule():
    return _(
        "A student or parent counts as having come into the system when they signed in or opened any page "
        "of it on at least one day of the time; «opened the diary» when they opened a page of the diary. "
        "Shares are of the class's studying students and of all their parents and guardians (with or "
        "without a login). The week starts on Monday, the month on the 1st; all up to today."
    )


def usage_table(report):
    """Header and rows (plain values) for the XLSX and PDF exports."""
    header = [_("Class")]
    for total, came, diary in ((_("Students"), _("Students who came"), _("Students who opened the diary")),
                               (_("Parents"), _("Parents who came"), _("Parents who opened the diary"))):
        header += [total, *[f"{came}: {label}, %" for _key, label in WINDOWS],
                   *[f"{diary}: {label}, %" for _key, label in WINDOWS]]
    rows = []
    for row in report.rows + ([report.total] if report.total else []):
        values = [row.label]
        for group in row.groups:
            values += [group.total, *[share.percent for share in group.shares]]
        rows.append(values)
    return header, rows
