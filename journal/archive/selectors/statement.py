"""The year statement of a class (итоговая ведомость / жылдык жыйынтык ведомость, R-J21): every
student × subject with the period grades (quarters or half-years), the year grade and, where
used, the exam and final grades; with the year figures of each subject. Four queries."""

from journal.gradebook.models import PeriodGrade, PeriodGradeKind
from journal.gradebook.reports import class_students, figures, final_label, final_value
from journal.register.models import PeriodKind, StudyPeriod, TeachingAssignment


def statement_columns(class_group):
    """[(period, kind)]: the quarters / half-years in date order, then the year; exam and final
    columns are added by year_statement when the class has such grades."""
    periods = list(
        StudyPeriod.objects.filter(year_id=class_group.year_id, grade_from__lte=class_group.grade,
                                   grade_to__gte=class_group.grade).order_by("start", "kind")
    )
    parts = [p for p in periods if p.kind != PeriodKind.YEAR]
    years = [p for p in periods if p.kind == PeriodKind.YEAR]
    # a school with both quarters and half-years for a grade prints the quarters
    if any(p.kind == PeriodKind.QUARTER for p in parts):
        parts = [p for p in parts if p.kind == PeriodKind.QUARTER]
    return [(p, PeriodGradeKind.PERIOD) for p in parts + years], years


def year_statement(class_group):
    columns, years = statement_columns(class_group)
    assignments = list(
        TeachingAssignment.objects.filter(class_group=class_group).select_related("subject")
        .order_by("subject__order", "subject__name_ky", "subgroup")
    )
    subjects, seen = [], set()
    for a in assignments:
        if a.subject_id not in seen:
            seen.add(a.subject_id)
            subjects.append(a.subject)
    subject_of = {a.pk: a.subject_id for a in assignments}
    grades = {}
    extra_kinds = set()
    for pg in PeriodGrade.objects.filter(assignment__class_group=class_group, period__year_id=class_group.year_id):
        if pg.kind != PeriodGradeKind.PERIOD:
            extra_kinds.add((pg.period_id, pg.kind))
        grades[(pg.student_id, subject_of.get(pg.assignment_id), pg.period_id, pg.kind)] = pg
    by_id = {p.pk: p for p in years}
    for kind in (PeriodGradeKind.EXAM, PeriodGradeKind.FINAL):
        for period_id, k in sorted(extra_kinds):
            if k == kind and period_id in by_id:
                columns.append((by_id[period_id], kind))
    students = class_students(class_group, extra_ids={key[0] for key in grades})
    year_column = next((i for i, (p, k) in enumerate(columns) if p.kind == PeriodKind.YEAR and
                        k == PeriodGradeKind.PERIOD), None)
    rows = []
    year_values = {s.pk: [] for s in subjects}
    for number, student in enumerate(students, start=1):
        cells = []
        for subject in subjects:
            found = [grades.get((student.pk, subject.pk, p.pk, k)) for p, k in columns]
            cells.append([final_label(pg) for pg in found])
            if year_column is not None and found[year_column] is not None:
                year_values[subject.pk].append(final_value(found[year_column]))
        rows.append({"number": number, "student": student, "cells": cells})
    return {
        "class_group": class_group,
        "columns": [{"period": p, "kind": k, "label": column_label(p, k)} for p, k in columns],
        "subjects": subjects,
        "rows": rows,
        "year_figures": [figures(year_values[s.pk]) for s in subjects],
    }


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def column_label(period, kind):
    """Short column heads that fit a narrow column: I–IV for quarters (I–II for half-years), then
    «Year», «Exam», «Final grade»."""
    if kind != PeriodGradeKind.PERIOD:
        return str(PeriodGradeKind(kind).label)
    if period.kind == PeriodKind.YEAR:
        return period.label
    return ROMAN.get(period.number, str(period.number))
