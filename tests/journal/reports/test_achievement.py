"""The achievement summary («Итоги успеваемости»): every figure against a small school whose
answers are worked out by hand below (н/а, exempt, a student who arrived and one who left during
the quarter, a class assessed without marks), the screen / PDF / XLSX from the same figures, the
access policy on every view, and a query count that does not grow with the classes."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journal.gradebook import factories as gf
from journal.register import factories as f
from journal.register.models import ClassGroup
from journal.reports.selectors import achievement_summary
from portal.roles import Role

from .conftest import _pg

pytestmark = pytest.mark.django_db


def _summary(s, classes=None):
    return achievement_summary(school=s.school, period=s.period,
                               classes=classes if classes is not None else ClassGroup.objects.all())


def _row(summary, class_group):
    return next(r for r in summary.rows if r.kind == "class" and r.class_group == class_group)


def test_class_with_na_exempt_and_an_arrival(report_school):
    s = report_school
    a = _row(_summary(s), s.class_a)
    assert (a.start, a.arrived, a.left, a.end) == (5, 1, 0, 6)
    assert a.graded == 6            # a4 is graded: н/а counts
    assert (a.not_certified, a.exempt) == (1, 1)
    assert (a.excellent, a.good, a.one_four, a.one_three, a.failing) == (1, 3, 1, 1, 2)
    assert a.pass_rate == Decimal("66.7")   # 4 of 6
    assert a.quality == Decimal("50.0")     # 3 of 6
    # 11 grades: three 5, five 4, one 3, one 2, one н/а → (300 + 320 + 36 + 16 + 0) / 11 = 61.09
    assert a.sou == Decimal("61.1")
    assert a.average == Decimal("4.00")     # 40 / 10 (н/а is not a number)
    failing = {student.pk: [(subject.pk, mark) for subject, mark in bad] for student, bad in a.failing_students}
    assert failing == {s.students_a[3].pk: [(s.math.pk, "2")], s.students_a[4].pk: [(s.russian.pk, "н/а")]}


def test_class_with_a_departure(report_school):
    s = report_school
    b = _row(_summary(s), s.class_b)
    assert (b.start, b.arrived, b.left, b.end) == (5, 0, 1, 4)
    assert (b.graded, b.excellent, b.good, b.one_four, b.one_three, b.failing) == (4, 1, 2, 1, 2, 0)
    assert b.pass_rate == Decimal("100.0")
    assert b.quality == Decimal("50.0")
    assert b.sou == Decimal("59.0")         # (100 + 64 + 36 + 36) / 4
    assert b.average == Decimal("3.75")
    assert b.failing_students == []


def test_class_without_marks_is_listed_not_failing(report_school):
    s = report_school
    summary = _summary(s)
    first = _row(summary, s.first)
    assert first.without_marks
    assert (first.start, first.end, first.graded, first.failing) == (3, 3, 0, 0)
    assert first.pass_rate is None and first.quality is None


def test_parallel_stage_and_school_totals_are_recomputed_from_sums(report_school):
    s = report_school
    summary = _summary(s)
    parallel = next(r for r in summary.rows if r.kind == "grade")
    assert parallel.grade == 5 and parallel.classes == 2
    assert (parallel.start, parallel.arrived, parallel.left, parallel.end) == (10, 1, 1, 10)
    assert (parallel.graded, parallel.excellent, parallel.good, parallel.failing) == (10, 2, 5, 2)
    assert parallel.pass_rate == Decimal("80.0")   # 8 / 10, not the mean of 66.7 and 100
    assert parallel.quality == Decimal("50.0")
    # 15 grades: four 5, six 4, three 3, one 2, one н/а → 908 / 15 = 60.53
    assert parallel.sou == Decimal("60.5")
    assert parallel.average == Decimal("3.93")     # 55 / 14
    stages = [r for r in summary.rows if r.kind == "stage"]
    assert [r.stage for r in stages] == ["1-4", "5-9"]
    total = summary.total
    assert (total.start, total.end, total.graded, total.failing) == (13, 13, 10, 2)
    assert total.pass_rate == Decimal("80.0")
    assert len(total.failing_students) == 2


def test_other_school_never_counted(report_school):
    s = report_school
    gf.PeriodGradeFactory(assignment=f.TeachingAssignmentFactory(class_group=s.other_class), value=2)
    summary = _summary(s)
    assert s.other_class not in [r.class_group for r in summary.class_rows]
    assert summary.total.failing == 2


def test_queries_do_not_grow_with_the_classes(report_school):
    s = report_school
    with CaptureQueriesContext(connection) as few:
        _summary(s)
    for letter in "ВГДЕ":
        cg = f.ClassGroupFactory(school=s.school, year=s.year, grade=6, letter=letter)
        assignment = f.TeachingAssignmentFactory(class_group=cg, teacher=s.teacher, subject=s.math)
        for _ in range(4):
            _pg(assignment, f.StudentFactory(school=s.school, class_group=cg), s.period, value=4)
    with CaptureQueriesContext(connection) as many:
        summary = _summary(s)
    assert len([r for r in summary.class_rows]) == 7
    assert len(many) == len(few)


# --- views: screen, PDF, XLSX, access -----------------------------------------------------------

def _url(name, s, **extra):
    query = "&".join(f"{k}={v}" for k, v in {"period": s.period.pk, **extra}.items())
    return reverse(name) + "?" + query


def test_deputy_sees_the_school_report_in_kyrgyz(client, report_school):
    s = report_school
    client.force_login(s.deputy)
    r = client.get(_url("journal:reports_achievement", s))
    assert r.status_code == 200
    html = r.content.decode()
    assert "66,7" in html or "66.7" in html
    assert str(s.students_a[3].last_name) in html  # failing students are named
    assert r.context["summary"].total.graded == 10


def test_drill_down_to_a_parallel_and_a_class(client, report_school):
    s = report_school
    client.force_login(s.director)
    grade = client.get(_url("journal:reports_achievement", s, grade=5)).context["summary"]
    assert {r.class_group for r in grade.class_rows} == {s.class_a, s.class_b}
    one = client.get(_url("journal:reports_achievement", s, **{"class": s.class_b.pk})).context["summary"]
    assert [r.class_group for r in one.class_rows] == [s.class_b]


def test_pdf_and_xlsx_carry_the_same_figures(client, report_school):
    from openpyxl import load_workbook

    s = report_school
    client.force_login(s.deputy)
    pdf = client.get(_url("journal:reports_achievement_pdf", s))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content[:4] == b"%PDF"
    xlsx = client.get(_url("journal:reports_achievement_xlsx", s))
    assert xlsx.status_code == 200
    sheet = load_workbook(BytesIO(xlsx.content)).active
    rows = {str(row[0].value): row for row in sheet.iter_rows(min_row=5) if row[0].value}
    a = rows[str(s.class_a)]
    values = [c.value for c in a]
    # class, start, arrived, left, end, graded, н/а, exempt, only 5, 4 and 5, one 4, one 3, failing, pass, quality
    assert values[1:13] == [5, 1, 0, 6, 6, 1, 1, 1, 3, 1, 1, 2]
    assert values[13] == pytest.approx(66.7)
    assert "2" in values[-1] and s.students_a[3].last_name in values[-1]


def test_teacher_sees_only_the_classes_they_teach(client, report_school):
    s = report_school
    client.force_login(s.teacher_user)  # teaches maths in 5 «А» only
    summary = client.get(_url("journal:reports_achievement", s)).context["summary"]
    assert [r.class_group for r in summary.class_rows] == [s.class_a]
    assert summary.restricted
    # another class by its id: not found, not an empty report
    assert client.get(_url("journal:reports_achievement", s, **{"class": s.class_b.pk})).status_code == 404


@pytest.mark.parametrize("who", ["parent_user", "student_user", "other_school_teacher"])
def test_parents_students_and_other_schools_are_refused(client, report_school, who):
    s = report_school
    client.force_login(getattr(s, who))
    for name in ("journal:reports_achievement", "journal:reports_achievement_pdf", "journal:reports_achievement_xlsx"):
        r = client.get(_url(name, s))
        assert r.status_code in (403, 404), (who, name)


def test_another_schools_class_is_not_found(client, report_school):
    s = report_school
    client.force_login(s.deputy)
    assert client.get(_url("journal:reports_achievement", s, **{"class": s.other_class.pk})).status_code == 404


def test_anonymous_is_sent_to_login(client, report_school):
    r = client.get(_url("journal:reports_achievement", report_school))
    assert r.status_code == 302 and "login" in r["Location"]


def test_unknown_period_falls_back_with_a_message(client, report_school):
    s = report_school
    client.force_login(s.deputy)
    r = client.get(reverse("journal:reports_achievement") + "?period=999999", follow=True)
    assert r.status_code == 200
    assert any(m.level_tag == "error" for m in r.context["messages"])


def test_role_without_school_rights_cannot_read(report_school):
    from portal import access

    s = report_school
    assert access.can_read_reports(s.deputy, s.school)
    assert not access.can_read_reports(s.parent_user, s.school)
    assert not access.report_classes(s.student_user, s.school).exists()
    librarian = f.user_with_role(s.school, Role.STUDENT, "another_student")
    assert not access.report_classes(librarian, s.school).exists()
