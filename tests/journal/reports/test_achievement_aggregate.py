"""The achievement summary's database aggregate (one grouped statement per page) against the
per-student computation it replaced (every period grade loaded and classified in Python with
journal.gradebook.reports: final_value, grade_counts, class_figures), on a random school: every
figure and every failing student of every class must be the same; and the page's queries do not
grow with the classes."""

import datetime
import random
from collections import defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journal.gradebook import factories as gf
from journal.gradebook.models import PeriodGrade, PeriodGradeKind, PeriodGradeSpecial
from journal.gradebook.reports import NA, class_figures, final_label, final_value, grade_counts
from journal.register import factories as f
from journal.register.models import ClassGroup, TeachingAssignment
from journal.reports.selectors import achievement_summary

pytestmark = pytest.mark.django_db


def _per_student_reference(period, class_group):
    """The figures of one class as the report computed them before the aggregate: every period
    grade of the class in Python, student by student."""
    per_student = defaultdict(list)
    for pg in PeriodGrade.objects.filter(period=period, kind=PeriodGradeKind.PERIOD,
                                         assignment__class_group=class_group).select_related("student",
                                                                                            "assignment__subject"):
        per_student[pg.student].append((pg.assignment.subject, pg))
    values_of = {student: [v for _s, pg in marks if (v := final_value(pg)) is not None]
                 for student, marks in per_student.items()}
    figures = class_figures(list(values_of.values()))
    all_values = [v for values in values_of.values() for v in values]
    numbers = [v for v in all_values if isinstance(v, int)]
    failing = []
    for student, marks in sorted(per_student.items(), key=lambda item: item[0].full_name):
        bad = [(subject.pk, final_label(pg)) for subject, pg in marks
               if final_value(pg) == NA or (isinstance(final_value(pg), int) and final_value(pg) <= 2)]
        if bad:
            failing.append((student.pk, sorted(bad)))
    failing.sort()  # by name above; students of the same name in any order
    return {
        **{name: figures[name] for name in ("graded", "excellent", "good", "one_four", "one_three", "failing")},
        "exempt": sum(1 for marks in per_student.values()
                      if any(pg.special == PeriodGradeSpecial.EXEMPT for _s, pg in marks)),
        "not_certified": sum(1 for marks in per_student.values()
                             if any(pg.special == PeriodGradeSpecial.NOT_CERTIFIED for _s, pg in marks)),
        "marks": dict(grade_counts(all_values)),
        "marks_sum": sum(numbers), "marks_n": len(numbers),
        "no_grades": not per_student,
        "failing_students": failing,
    }


def _aggregated(row):
    return {
        **{name: getattr(row, name) for name in ("graded", "excellent", "good", "one_four", "one_three", "failing",
                                                  "exempt", "not_certified", "marks_sum", "marks_n", "no_grades")},
        "marks": dict(row.marks),
        "failing_students": sorted((student.pk, sorted((subject.pk, mark) for subject, mark in bad))
                                   for student, bad in row.failing_students),
    }


@pytest.mark.parametrize("seed", [1, 7, 2026])
def test_aggregate_equals_the_per_student_computation(small_school, seed):
    rng = random.Random(seed)
    s = small_school
    subjects = [s.math] + [f.SubjectFactory(school=s.school, order=rng.randint(0, 3)) for _ in range(3)]
    other_period = f.StudyPeriodFactory(year=s.year, number=1, start=datetime.date(2026, 9, 1), end=datetime.date(2026, 11, 1))
    classes = [s.class_a, s.class_b] + [
        f.ClassGroupFactory(school=s.school, year=s.year, grade=grade, letter=letter)
        for grade, letter in ((6, "А"), (7, "А"), (7, "Б"), (9, "В"))
    ]
    choices = [5, 5, 4, 4, 4, 3, 3, 2, 1, "na", "exempt", None]
    for cg in classes:
        students = list(cg.students.all()) + [f.StudentFactory(school=s.school, class_group=cg)
                                              for _ in range(rng.randint(0, 6))]
        for subject in rng.sample(subjects, rng.randint(1, len(subjects))):
            assignment = (TeachingAssignment.objects.filter(class_group=cg, subject=subject).first()
                          or f.TeachingAssignmentFactory(class_group=cg, teacher=s.teacher, subject=subject))
            for student in students:
                for period in (s.period, other_period):
                    mark = rng.choice(choices)
                    if mark is None:
                        continue
                    if mark in ("na", "exempt"):
                        gf.PeriodGradeFactory(assignment=assignment, student=student, period=period,
                                              special=mark, value=rng.choice([None, 3]))
                    else:
                        gf.PeriodGradeFactory(assignment=assignment, student=student, period=period, value=mark)
        if cg.grade == 9 and seed == 7:
            # a class with no period grades in the period at all
            PeriodGrade.objects.filter(period=s.period, assignment__class_group=cg).delete()
    # a final grade in the same period is not a period grade: never counted
    gf.PeriodGradeFactory(assignment=s.assignment_a, student=s.students_a[0], period=s.period, value=2,
                          kind=PeriodGradeKind.FINAL)
    summary = achievement_summary(school=s.school, period=s.period, classes=ClassGroup.objects.all())
    assert len(summary.class_rows) == len(classes)
    for row in summary.class_rows:
        assert _aggregated(row) == _per_student_reference(s.period, row.class_group), row.label
        names = [student.full_name for student, _bad in row.failing_students]
        assert names == sorted(names)
        for _student, bad in row.failing_students:
            assert [(subject.order, subject.pk) for subject, _mark in bad] == sorted(
                (subject.order, subject.pk) for subject, _mark in bad)
    assert summary.total.graded == sum(r.graded for r in summary.class_rows)


def _six_classes(s):
    for grade, letter in ((6, "А"), (6, "Б"), (7, "А"), (8, "А")):
        cg = f.ClassGroupFactory(school=s.school, year=s.year, grade=grade, letter=letter)
        assignment = f.TeachingAssignmentFactory(class_group=cg, teacher=s.teacher, subject=s.math)
        for value in (5, 4, 2):
            gf.PeriodGradeFactory(assignment=assignment, student=f.StudentFactory(school=s.school, class_group=cg),
                                  period=s.period, value=value)


def test_the_page_costs_the_same_queries_for_two_and_six_classes(client, small_school):
    s = small_school
    first = f.StudyPeriodFactory(year=s.year, number=1, start=datetime.date(2026, 9, 1), end=datetime.date(2026, 11, 1))  # the dynamics compare with it
    for period, value in ((first, 4), (s.period, 2)):
        gf.PeriodGradeFactory(assignment=s.assignment_a, student=s.students_a[0], period=period, value=value)
    client.force_login(s.deputy)
    url = reverse("journal:reports_achievement") + f"?period={s.period.pk}"
    client.get(url)  # warm caches (content types, site, translations)
    with CaptureQueriesContext(connection) as two:
        assert client.get(url).status_code == 200
    _six_classes(s)
    with CaptureQueriesContext(connection) as six:
        page = client.get(url)
    assert page.status_code == 200
    assert len(page.context["summary"].class_rows) == 6
    assert len(six) == len(two)
