"""Running a checked query (forms.Query) for a user: one queryset from the dataset's access-
filtered base, filtered, then either listed row by row (values(), paged) or grouped and
aggregated in the database (values().annotate()). The number of queries does not grow with the
number of rows: the consent of each row's person is an Exists() in the same SELECT, and the
access policy's own look-ups are made once per run."""

import datetime
from collections import Counter
from dataclasses import dataclass
from types import SimpleNamespace

from django.core.paginator import Paginator
from django.db.models import Q

from journal.register.models import TeachingAssignment
from journal.register.selectors.people import HIDDEN
from portal import access

from .datasets import AGGREGATE_DIGITS, AGGREGATE_FORMATS, AGGREGATES, DATASETS, INT

PER_PAGE = 50
PARTIALS = ("p_count", "p_values", "p_sum", "p_45", "p_2", "p_absences")
EXPORT_LIMIT = 20000


@dataclass
class Column:
    key: str
    label: object
    number_format: str = ""          # "0", "0.0", "0.00" for numbers (XLSX), "" for text

    @property
    def numeric(self):
        return bool(self.number_format)


@dataclass
class Result:
    columns: list
    rows: list                        # lists of cell values (str, int, float, date, None)
    totals: list | None = None        # row mode with aggregates: one line over every row
    page: object = None               # the Paginator page when paged
    count: int = 0                    # rows (or groups) in all
    truncated: bool = False           # an export stopped at EXPORT_LIMIT
    total_labels: tuple = ()

    @property
    def total_items(self):
        """(label, value) of the aggregates over every row (row mode)."""
        return list(zip(self.total_labels, self.totals or [], strict=False))


def cell_text(value):
    """A cell as text for the screen, CSV and PDF (dates dd.mm.yyyy, decimal comma left to the
    locale of the template; here a plain string)."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def _rounded(key, value):
    if value is None:
        return None
    digits = AGGREGATE_DIGITS.get(key)
    return round(float(value), digits) if digits is not None else value


def _order(query, field_paths, aggregate_alias=None):
    sort = query.sort
    desc = sort.startswith("-")
    key = sort.lstrip("-")
    prefix = "-" if desc else ""
    if key in AGGREGATES and aggregate_alias:
        return [f"{prefix}{aggregate_alias(key)}"]
    fld = query.dataset.field_map.get(key)
    if fld is not None:
        return [f"{prefix}{p}" for p in fld.orm_sort]
    return []


def run_query(user, school, query, *, page=None, per_page=PER_PAGE, limit=EXPORT_LIMIT):
    """The query's result for `user`: a page of it when `page` is given, else every row up to
    `limit` (exports)."""
    ds = query.dataset
    qs = ds.queryset(user, school)
    for fld, op, value in query.filters:
        qs = qs.filter(fld.condition(op, value))
    if query.grouped:
        return _grouped(query, qs, page=page, per_page=per_page, limit=limit)
    return _rows(user, school, query, qs, page=page, per_page=per_page, limit=limit)


def _slice(qs, page, per_page, limit):
    if page is not None:
        paginator = Paginator(qs, per_page)
        page_obj = paginator.get_page(page)
        return list(page_obj.object_list), page_obj, paginator.count, False
    items = list(qs[:limit + 1])
    truncated = len(items) > limit
    return items[:limit], None, len(items[:limit]), truncated


def _aggregate_columns(query):
    return [Column(a, AGGREGATES[a], AGGREGATE_FORMATS[a]) for a in query.aggregates]


def _sortable(values):
    return tuple((v is None, v) for v in values)


def _per_assignment(query):
    """True when every grouped field is a property of the row's teaching assignment (class,
    subject, teacher, year): then the rows are summed per assignment in the database (a
    hash of one integer, whatever the planner knows of the small tables) and the few hundred
    sums are combined per group here."""
    prefix = query.dataset.assignment
    return bool(prefix) and all(p.startswith(prefix + "__") for f in query.group_by for p in (*f.orm_paths, *f.orm_sort))


def _grouped_per_assignment(query, qs, *, page, per_page, limit):
    ds = query.dataset
    prefix = ds.assignment
    strip = len(prefix) + 2
    partials = {row.pop(prefix): row for row in
                qs.values(prefix).annotate(**ds.partial_expressions(query.aggregates)).order_by()}
    paths = list(dict.fromkeys(p[strip:] for f in query.group_by for p in (*f.orm_paths, *f.orm_sort)))
    groups = {}
    for a in TeachingAssignment.objects.filter(pk__in=list(partials)).values("pk", *paths).order_by():
        key = tuple(tuple(a[p[strip:]] for p in f.orm_paths) for f in query.group_by)
        group = groups.setdefault(key, {"sort": [_sortable(a[p[strip:]] for p in f.orm_sort) for f in query.group_by],
                                        "sums": Counter()})
        group["sums"].update({k: v or 0 for k, v in partials[a["pk"]].items()})
    items = []
    for key, group in groups.items():
        sums = {k: group["sums"].get(k, 0) for k in PARTIALS}
        figures = {a: ds.combine(a, sums) for a in query.aggregates}
        items.append((key, group["sort"], figures))
    items.sort(key=lambda item: item[1])
    sort_key = query.sort.lstrip("-")
    if sort_key:
        position = next((i for i, f in enumerate(query.group_by) if f.key == sort_key), None)
        if position is not None:
            items.sort(key=lambda item: item[1][position], reverse=query.sort.startswith("-"))
        elif sort_key in AGGREGATES:
            items.sort(key=lambda item: _sortable([item[2][sort_key]]), reverse=query.sort.startswith("-"))
    rows = [[f.cell(values) for f, values in zip(query.group_by, key, strict=True)]
            + [_rounded(a, figures[a]) for a in query.aggregates] for key, _sort, figures in items]
    rows, page_obj, count, truncated = _slice(rows, page, per_page, limit)
    columns = [Column(f.key, f.label, "0" if f.kind == INT and not f.render else "") for f in query.group_by]
    return Result(columns=columns + _aggregate_columns(query), rows=rows, page=page_obj, count=count,
                  truncated=truncated)


def _grouped(query, qs, *, page, per_page, limit):
    if _per_assignment(query):
        return _grouped_per_assignment(query, qs, page=page, per_page=per_page, limit=limit)
    ds = query.dataset

    def alias(key):
        return f"agg_{key}"

    paths = [p for f in query.group_by for p in f.orm_paths]
    annotations = {alias(a): ds.aggregate_expression(a) for a in query.aggregates}
    order = _order(query, paths, alias) + [p for f in query.group_by for p in f.orm_sort]
    qs = qs.values(*paths).annotate(**annotations).order_by(*order)
    items, page_obj, count, truncated = _slice(qs, page, per_page, limit)
    columns = [Column(f.key, f.label, "0" if f.kind == INT and not f.render else "") for f in query.group_by]
    columns += _aggregate_columns(query)
    rows = [
        [f.cell([item[p] for p in f.orm_paths]) for f in query.group_by]
        + [_rounded(a, item[alias(a)]) for a in query.aggregates]
        for item in items
    ]
    return Result(columns=columns, rows=rows, page=page_obj, count=count, truncated=truncated)


def _rows(user, school, query, qs, *, page, per_page, limit):
    ds = query.dataset
    personal = [f for f in query.fields if f.personal]
    paths = list(dict.fromkeys(p for f in query.fields for p in f.orm_paths))
    person_paths = list(ds.person_paths.values()) if personal else []
    extra = ["has_consent"] if personal else []
    totals = None
    if query.aggregates:
        figures = qs.aggregate(**{a: ds.aggregate_expression(a) for a in query.aggregates})
        totals = [_rounded(a, figures[a]) for a in query.aggregates]
    order = _order(query, paths) or [p for p in query.fields[0].orm_sort] if query.fields else []
    values = qs.values(*dict.fromkeys(paths + person_paths + ["pk"]), *extra).order_by(*order, "pk")
    items, page_obj, count, truncated = _slice(values, page, per_page, limit)
    policy = access.personal_data_policy(user, school) if personal else None
    allowed = getattr(policy, ds.person) if personal else None
    rows = []
    for item in items:
        shown = True
        if personal:
            person = SimpleNamespace(has_consent=item["has_consent"],
                                     **{attr: item[path] for attr, path in ds.person_paths.items()})
            shown = allowed(person)
        rows.append([
            HIDDEN if f.personal and not shown else f.cell([item[p] for p in f.orm_paths])
            for f in query.fields
        ])
    columns = [Column(f.key, f.label, "0" if f.kind == INT and not f.render else "") for f in query.fields]
    return Result(columns=columns, rows=rows, totals=totals, page=page_obj, count=count, truncated=truncated,
                  total_labels=tuple(str(AGGREGATES[a]) for a in query.aggregates))


@dataclass(frozen=True)
class Fixed:
    """A condition a selector adds itself (not a user's filter, which is always a declared Field)."""

    q: object

    def condition(self, op, value):
        return self.q


# --- for the benchmark and the reports: all grades of a year by class and subject ---------------

def year_grades_by_class_subject(user, school, year):
    """Every grade of the academic year grouped by class and subject: count, average, share of
    4 and 5 (aggregated in the database). The bench times it as query_constructor_year_grades."""
    from ..forms import Query

    ds = DATASETS["grades"]
    fields = ds.field_map
    year_assignments = list(TeachingAssignment.objects.filter(school=school, year=year).values_list("pk", flat=True))
    query = Query(
        dataset=ds, fields=[],
        filters=[(Fixed(Q(lesson__assignment_id__in=year_assignments)), "eq", None)],
        group_by=[fields["class"], fields["subject"]],
        aggregates=["count", "average", "share_45"],
    )
    return run_query(user, school, query, limit=100000)
