"""Statistics of visits (R-I6, R-J12): active users by role and by class over a period."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from portal.models import Visit
from tests.journal.register.register_helpers import login, register_school_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def visits(register_school):
    s = register_school
    d = datetime.date(2026, 11, 10)
    Visit.objects.create(user=s.parent_user, school=s.school, date=d, logins=1, page_views=5)
    Visit.objects.create(user=s.parent_user, school=s.school, date=d + datetime.timedelta(days=1), logins=2, page_views=7)
    Visit.objects.create(user=s.student_user, school=s.school, date=d, logins=1, page_views=3)
    Visit.objects.create(user=s.teacher_user, school=s.school, date=d - datetime.timedelta(days=40), logins=1,
                         page_views=1)  # outside the period
    return s


def test_visits_report_by_role_and_class(client, visits):
    s = visits
    login(client, s.deputy)
    response = client.get(reverse("journal:visits_report"), {"start": "2026-11-01", "end": "2026-11-20"})
    assert response.status_code == 200
    report = response.context["report"]
    by_role = {r["role"]: r for r in report["by_role"]}
    assert by_role["parent"]["accounts"] == 1 and by_role["parent"]["used"] == 1 and by_role["parent"]["logins"] == 3
    assert by_role["teacher"]["used"] == 0 and by_role["teacher"]["accounts"] == 3
    by_class = {str(r["class"]): r for r in report["by_class"]}
    assert by_class["5 «А»"]["students_used"] == 1 and by_class["5 «А»"]["parents_used"] == 1
    assert by_class["5 «Б»"]["parents_used"] == 1 and by_class["5 «Б»"]["students_used"] == 0
    assert by_class["5 «А»"]["parents"] == 2  # the parent of a1 and guardian_x
    users = {r["username"]: r for r in report["rows"]}
    assert users["parent"]["days"] == 2 and users["parent"]["views"] == 12
    assert users["parent"]["classes"] == "5 «А», 5 «Б»"
    # who does not use the system
    response = client.get(reverse("journal:visits_report"),
                          {"start": "2026-11-01", "end": "2026-11-20", "role": "teacher", "used": "no"})
    assert response.context["shown"] == 3


def test_visits_exports(client, visits):
    s = visits
    login(client, s.director)
    params = {"start": "2026-11-01", "end": "2026-11-20"}
    xlsx = client.get(reverse("journal:visits_report"), {**params, "_export": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert len(book.sheetnames) == 3
    csv_ = client.get(reverse("journal:visits_report"), {**params, "_export": "csv"})
    assert "parent" in csv_.content.decode("utf-8-sig")
    pdf = client.get(reverse("journal:visits_report"), {**params, "_export": "pdf"})
    assert pdf.content.startswith(b"%PDF")


def test_page_views_are_counted_per_user_and_day(client, register_school):
    s = register_school
    login(client, s.deputy)
    client.get(reverse("journal:student_list"))
    client.get(reverse("journal:class_list"))
    visit = Visit.objects.get(user=s.deputy)
    assert visit.page_views == 2 and visit.school == s.school
