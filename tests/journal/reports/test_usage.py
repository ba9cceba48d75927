"""Use of the system by parents and students (issue 10 §5, R-J12): figures against a hand-worked
set of visits, diary opens counted by the middleware, access (class teacher: own class; subject
teacher, parent, student, another school, anonymous: none), exports, constant queries."""

import datetime
import io
import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journal.register import factories as f
from journal.register.models import ClassGroup
from journal.reports.selectors import usage_report
from portal.models import Visit
from portal.roles import Role

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 12, 9)    # a Wednesday: week 7–9 Dec, month 1–9 Dec, quarter 2 from 10 Nov to 9 Dec


@pytest.fixture
def usage_school(small_school):
    """5 «А»: 5 students (a0 has a login), parents: the parent (login; also of b1) and a mother
    without a login (of a2). 5 «Б»: 5 students (b2 has a login), parents: the parent.

    Visits: a0 on 8 Dec, diary twice; the parent on 20 Nov (pages, no diary) and 2 Dec (diary);
    b2 on 8 Dec but at another school; a0 on 1 Nov (before the quarter)."""
    s = small_school
    f.StudentGuardianFactory(student=s.students_a[2], guardian=f.GuardianFactory(school=s.school))
    s.student_b_user = f.user_with_role(s.school, Role.STUDENT, "student_b")
    s.students_b[2].user = s.student_b_user
    s.students_b[2].save()
    Visit.objects.create(user=s.student_user, school=s.school, date=D(2026, 12, 8), page_views=4, diary_views=2)
    Visit.objects.create(user=s.student_user, school=s.school, date=D(2026, 11, 1), page_views=1, diary_views=1)
    Visit.objects.create(user=s.parent_user, school=s.school, date=D(2026, 11, 20), page_views=3)
    Visit.objects.create(user=s.parent_user, school=s.school, date=D(2026, 12, 2), page_views=1, diary_views=1)
    Visit.objects.create(user=s.student_b_user, school=s.other_school, date=D(2026, 12, 8), page_views=1, diary_views=1)
    return s


def _report(s, classes=None):
    return usage_report(school=s.school, classes=classes or ClassGroup.objects.filter(school=s.school),
                        today=TODAY, period=s.period)


def _figures(group):
    """(total, came week/month/period, diary week/month/period) as percentages."""
    return (group.total, *[share.percent for share in group.shares])


def test_figures_by_hand(usage_school):
    s = usage_school
    report = _report(s)
    assert report.windows == {"week": (D(2026, 12, 7), TODAY), "month": (D(2026, 12, 1), TODAY),
                              "period": (D(2026, 11, 10), TODAY)}
    a, b = report.rows
    assert (a.class_group, b.class_group) == (s.class_a, s.class_b)
    # 5 «А» students: a0 came this week (1 of 5) and opened the diary
    assert _figures(a.students) == (5, 20.0, 20.0, 20.0, 20.0, 20.0, 20.0)
    # 5 «А» parents: the parent came on 20 Nov and on 2 Dec (diary); the other mother never
    assert _figures(a.parents) == (2, 0.0, 50.0, 50.0, 0.0, 50.0, 50.0)
    # 5 «Б» students: b2's visit was at another school
    assert _figures(b.students) == (5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    assert _figures(b.parents) == (1, 0.0, 100.0, 100.0, 0.0, 100.0, 100.0)
    # the school: 10 students; 2 parents (the parent of both classes counts once)
    assert _figures(report.total.students) == (10, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0)
    assert _figures(report.total.parents) == (2, 0.0, 50.0, 50.0, 0.0, 50.0, 50.0)
    assert report.total.students.signed_in["week"].count == 1


def test_diary_opens_are_recorded(client, usage_school):
    s = usage_school
    Visit.objects.filter(user__in=[s.student_user, s.parent_user]).delete()
    client.force_login(s.parent_user)
    assert client.get(reverse("journal:diary_student", args=[s.students_a[1].pk])).status_code == 200
    assert client.get(reverse("journal:diary_grades", args=[s.students_a[1].pk])).status_code == 200
    visit = Visit.objects.get(user=s.parent_user)
    assert (visit.diary_views, visit.page_views) == (2, 2)
    client.get(reverse("portal:start"))                  # not a diary page
    visit.refresh_from_db()
    assert visit.diary_views == 2
    # another child's diary is refused (404) and not counted
    assert client.get(reverse("journal:diary_student", args=[s.students_a[3].pk])).status_code == 404
    visit.refresh_from_db()
    assert visit.diary_views == 2


def test_views_and_exports(client, usage_school):
    s = usage_school
    client.force_login(s.deputy)
    page = client.get(reverse("journal:reports_usage"), {"period": s.period.pk})
    assert page.status_code == 200
    assert [r.class_group for r in page.context["report"].rows] == [s.class_a, s.class_b]
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get(reverse("journal:reports_usage_xlsx"), {"period": s.period.pk}).content))
    rows = [r for r in book.active.iter_rows(min_row=5, values_only=True) if r[0]]
    assert rows[0][0] == "5 «А»" and rows[0][1] == 5 and rows[0][8] == 2     # students, parents of 5 «А»
    pdf = client.get(reverse("journal:reports_usage_pdf"), {"period": s.period.pk})
    assert pdf.content[:4] == b"%PDF"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout.decode()
        assert "«А»" in text and "«Б»" in text and "/10" in text     # the school total: 10 students
    assert client.get(reverse("journal:reports_usage"), {"period": 999999}).status_code == 200   # message, current period


def test_class_teacher_sees_own_class_only(client, usage_school):
    s = usage_school
    client.force_login(s.class_teacher_user)
    for name in ("journal:reports_usage", "journal:reports_usage_xlsx", "journal:reports_usage_pdf"):
        assert client.get(reverse(name)).status_code == 200
    report = client.get(reverse("journal:reports_usage")).context["report"]
    assert [r.class_group for r in report.rows] == [s.class_a]
    assert report.total.students.total == 5
    client.force_login(s.director)
    assert len(client.get(reverse("journal:reports_usage")).context["report"].rows) == 2


@pytest.mark.parametrize("who", ["teacher_user", "parent_user", "student_user", "other_school_teacher", None])
def test_usage_refused(client, usage_school, who):
    s = usage_school
    if who:
        client.force_login(getattr(s, who))
    for name in ("journal:reports_usage", "journal:reports_usage_xlsx", "journal:reports_usage_pdf"):
        response = client.get(reverse(name))
        assert response.status_code == (403 if who else 302), (name, who)


def test_queries_constant_in_the_number_of_classes(usage_school):
    s = usage_school
    with CaptureQueriesContext(connection) as few:
        _report(s)
    for letter in "ВГД":
        cg = f.ClassGroupFactory(school=s.school, year=s.year, grade=6, letter=letter)
        for _ in range(3):
            student = f.StudentFactory(school=s.school, class_group=cg)
            f.StudentGuardianFactory(student=student, guardian=f.GuardianFactory(school=s.school))
    with CaptureQueriesContext(connection) as many:
        report = _report(s)
    assert len(report.rows) == 5 and len(many) == len(few)
