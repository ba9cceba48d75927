"""The calendar-thematic plan (R-I13, R-J13, R-J16): browser editing (add, edit, reorder,
delete), XLSX import with a template (a bad file writes nothing and names the rows), the check
against the curriculum and the scheduled lessons, and who may edit."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from journal.gradebook.models import Lesson, PlanTopic
from journal.gradebook.selectors.plans import plan_check
from journal.gradebook.services.lesson_generation import lessons_generate
from journal.gradebook.services.plans import PlanRowErrors, plan_assign_dates, plan_import_xlsx, plan_save, plan_xlsx
from journal.register.models import CurriculumHours

from .planning_fixtures import cal_fixture, log_in_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def rows(*titles, hours=1):
    return [{"section": "Бөлчөктөр", "title": t, "hours": hours} for t in titles]


def topics(assignment):
    return list(PlanTopic.objects.filter(assignment=assignment).order_by("order").values_list("order", "title"))


def xlsx(lines):
    wb = Workbook()
    ws = wb.active
    ws.append(["№", "Бөлүм / Раздел", "Тема", "Саат", "Текшерүү", "Күнү"])
    for line in lines:
        ws.append(line)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def test_save_in_order_and_reorder_keeps_the_topics(cal):
    plan_save(assignment=cal.assignment_a, rows=rows("Бөлчөк", "Ондук бөлчөк", "Пайыз"), user=cal.teacher_user)
    assert topics(cal.assignment_a) == [(1, "Бөлчөк"), (2, "Ондук бөлчөк"), (3, "Пайыз")]
    first, second, third = PlanTopic.objects.filter(assignment=cal.assignment_a).order_by("order")
    # reorder (third first), edit the second, delete the first, add one
    new = [
        {"id": third.pk, "section": "", "title": "Пайыздар", "hours": 2, "is_control": True},
        {"id": second.pk, "section": "", "title": "Ондук бөлчөк", "hours": 1},
        {"section": "", "title": "Кайталоо", "hours": "1"},
    ]
    plan_save(assignment=cal.assignment_a, rows=new, user=cal.teacher_user)
    assert topics(cal.assignment_a) == [(1, "Пайыздар"), (2, "Ондук бөлчөк"), (3, "Кайталоо")]
    assert PlanTopic.objects.get(pk=third.pk).order == 1  # same row, new place: lessons stay linked
    assert PlanTopic.objects.get(pk=third.pk).is_control
    assert not PlanTopic.objects.filter(pk=first.pk).exists()


def test_bad_rows_write_nothing_and_are_named(cal):
    plan_save(assignment=cal.assignment_a, rows=rows("Бөлчөк"), user=cal.teacher_user)
    bad = [
        {"title": "Жакшы", "hours": 1},
        {"title": "", "hours": 1},
        {"title": "Саат жок", "hours": "эки"},
        {"title": "Күн", "hours": 1, "planned_date": "31.02.2027"},
        {"title": "Жылдан тышкары", "hours": 1, "planned_date": "2027-08-01"},
    ]
    with pytest.raises(PlanRowErrors) as caught:
        plan_save(assignment=cal.assignment_a, rows=bad, user=cal.teacher_user)
    assert set(caught.value.rows) == {2, 3, 4, 5}
    assert topics(cal.assignment_a) == [(1, "Бөлчөк")]


def test_only_the_teacher_of_the_assignment_and_the_deputy_write(cal):
    for user in (cal.other_teacher_user, cal.director, cal.class_teacher_user, cal.parent_user,
                 cal.other_school_teacher):
        with pytest.raises(PermissionDenied):
            plan_save(assignment=cal.assignment_a, rows=rows("x"), user=user)
    plan_save(assignment=cal.assignment_a, rows=rows("x"), user=cal.deputy)
    assert topics(cal.assignment_a) == [(1, "x")]


def test_import_xlsx_replaces_the_plan(cal):
    plan_save(assignment=cal.assignment_a, rows=rows("Эски 1", "Эски 2"), user=cal.teacher_user)
    old_first = PlanTopic.objects.get(assignment=cal.assignment_a, order=1)
    data = xlsx([
        [1, "Натуралдык сандар", "Сандарды окуу", 2, None, datetime.datetime(2026, 9, 2)],
        [2, "Натуралдык сандар", "Кошуу", 1, "", "03.09.2026"],
        [None, None, None, None, None, None],  # blank lines are skipped
        [3, "Натуралдык сандар", "Текшерүү иши №1", 1, 1, None],
    ])
    count = plan_import_xlsx(assignment=cal.assignment_a, data=data, user=cal.teacher_user)
    assert count == 3
    assert topics(cal.assignment_a) == [(1, "Сандарды окуу"), (2, "Кошуу"), (3, "Текшерүү иши №1")]
    first = PlanTopic.objects.get(assignment=cal.assignment_a, order=1)
    assert first.pk == old_first.pk and first.hours == 2 and first.planned_date == datetime.date(2026, 9, 2)
    assert PlanTopic.objects.get(assignment=cal.assignment_a, order=3).is_control


def test_import_with_bad_rows_writes_nothing_and_names_the_lines(cal):
    plan_save(assignment=cal.assignment_a, rows=rows("Эски"), user=cal.teacher_user)
    data = xlsx([
        [1, "Бөлүм", "Жакшы тема", 1, None, None],
        [2, "Бөлүм", "", 1, None, None],
        [3, "Бөлүм", "Саат туура эмес", 0, None, None],
        [4, "Бөлүм", "Күн туура эмес", 1, None, "эртең"],
    ])
    with pytest.raises(PlanRowErrors) as caught:
        plan_import_xlsx(assignment=cal.assignment_a, data=data, user=cal.teacher_user)
    assert sorted(caught.value.rows) == [3, 4, 5]  # lines of the file (the header is line 1)
    assert topics(cal.assignment_a) == [(1, "Эски")]


def test_import_of_a_file_that_is_not_a_workbook(cal):
    with pytest.raises(PlanRowErrors) as caught:
        plan_import_xlsx(assignment=cal.assignment_a, data=b"not a zip at all", user=cal.teacher_user)
    assert caught.value.rows == {}
    assert not PlanTopic.objects.exists()


def test_template_and_export_round_trip(cal):
    plan_save(assignment=cal.assignment_a, rows=rows("Бир", "Эки"), user=cal.teacher_user)
    data = plan_xlsx(PlanTopic.objects.filter(assignment=cal.assignment_a).order_by("order"))
    sheet = load_workbook(BytesIO(data)).active
    assert sheet.cell(1, 3).value.startswith("Тема")
    assert [sheet.cell(r, 3).value for r in (2, 3)] == ["Бир", "Эки"]
    plan_save(assignment=cal.assignment_b, rows=[], user=cal.other_teacher_user)
    plan_import_xlsx(assignment=cal.assignment_b, data=data, user=cal.other_teacher_user)
    assert [t for _o, t in topics(cal.assignment_b)] == ["Бир", "Эки"]


def test_planned_dates_follow_the_lessons(cal):
    lessons_generate(school=cal.school, year=cal.year, date_from=datetime.date(2026, 9, 1),
                     date_to=datetime.date(2026, 9, 30))
    plan_save(assignment=cal.assignment_a, rows=[{"title": "Бир", "hours": 2}, {"title": "Эки", "hours": 1},
                                                 {"title": "Үч", "hours": 1}], user=cal.teacher_user)
    dates = list(PlanTopic.objects.filter(assignment=cal.assignment_a).order_by("order")
                 .values_list("planned_date", flat=True))
    # lessons of 5 «А»: Tue 1, Wed 2, Thu 3, Fri 4 September…
    assert dates == [datetime.date(2026, 9, 1), datetime.date(2026, 9, 3), datetime.date(2026, 9, 4)]
    PlanTopic.objects.filter(assignment=cal.assignment_a, order=1).update(hours=1)
    assert plan_assign_dates(assignment=cal.assignment_a, user=cal.teacher_user) == 2
    dates = list(PlanTopic.objects.filter(assignment=cal.assignment_a).order_by("order")
                 .values_list("planned_date", flat=True))
    assert dates == [datetime.date(2026, 9, 1), datetime.date(2026, 9, 2), datetime.date(2026, 9, 3)]


def test_check_against_curriculum_and_lessons(cal):
    lessons_generate(school=cal.school, year=cal.year)
    scheduled = Lesson.objects.filter(assignment=cal.assignment_a).count()
    CurriculumHours.objects.create(school=cal.school, year=cal.year, grade=5, subject=cal.math,
                                   hours_per_week=Decimal("5"))
    plan_save(assignment=cal.assignment_a, rows=[{"title": f"Тема {i}", "hours": 1} for i in range(100)],
              user=cal.teacher_user, fill_dates=False)
    check = plan_check(cal.assignment_a, on_date=datetime.date(2026, 9, 15))
    assert check.plan_hours == 100 and check.topics == 100
    assert check.scheduled == scheduled
    assert check.weeks == 33 or check.weeks == 34  # Mon–Fri school days ÷ 5 of the test calendar
    assert check.required == 5 * check.weeks
    assert check.gap_curriculum == 100 - check.required < 0 and not check.matches_curriculum
    assert check.gap_scheduled == scheduled - 100 and not check.matches_schedule
    assert not check.ok
    # a plan of exactly the curriculum and the lessons is OK
    plan_save(assignment=cal.assignment_a, rows=[{"title": f"Тема {i}", "hours": 1} for i in range(scheduled)],
              user=cal.teacher_user)
    check = plan_check(cal.assignment_a, on_date=datetime.date(2026, 9, 15))
    assert check.matches_schedule
    assert check.matches_curriculum == (abs(scheduled - check.required) <= 1)
    # dates from the lessons: by 15 September 11 topics are due, none given yet
    assert check.planned_by_today == 11 and check.given == 0 and check.behind == 11


# --- views -------------------------------------------------------------------------------------

def test_teacher_edits_own_plan_in_the_browser(cal, log_in):
    url = reverse("journal:plan_edit", args=[cal.assignment_a.pk])
    client = log_in(cal.teacher_user)
    assert client.get(url).status_code == 200
    data = {"rows": ["n1", "n2", "n3"], "title-n1": "Бөлчөк", "hours-n1": "2", "section-n1": "I",
            "title-n2": "Ондук", "hours-n2": "1", "control-n2": "1",
            "title-n3": "", "hours-n3": "1"}  # an empty new row is ignored
    response = client.post(url, data)
    assert response.status_code == 302
    assert topics(cal.assignment_a) == [(1, "Бөлчөк"), (2, "Ондук")]


def test_failed_browser_save_keeps_what_was_typed(cal, log_in):
    url = reverse("journal:plan_edit", args=[cal.assignment_a.pk])
    data = {"rows": ["n1", "n2"], "title-n1": "Сакталсын", "hours-n1": "1", "title-n2": "Саат жаман",
            "hours-n2": "-3"}
    response = log_in(cal.teacher_user).post(url, data)
    assert response.status_code == 200
    assert response.context["summary"]
    assert [r["errors"] != [] for r in response.context["rows"]] == [False, True]
    html = response.content.decode()
    assert "Сакталсын" in html and "Саат жаман" in html
    assert not PlanTopic.objects.exists()


def test_other_teacher_director_parent_other_school(cal, log_in, client):
    url = reverse("journal:plan_edit", args=[cal.assignment_a.pk])
    data = {"rows": ["n1"], "title-n1": "x", "hours-n1": "1"}
    assert log_in(cal.other_teacher_user).get(url).status_code == 404
    assert log_in(cal.other_teacher_user).post(url, data).status_code == 404
    director = log_in(cal.director)
    assert director.get(url).status_code == 200 and not director.get(url).context["can_write"]
    assert director.post(url, data).status_code == 403
    assert log_in(cal.parent_user).get(url).status_code == 404
    assert log_in(cal.other_school_teacher).get(url).status_code == 404
    assert client.logout() is None and client.get(url).status_code == 302
    assert not PlanTopic.objects.exists()


def test_import_view(cal, log_in):
    url = reverse("journal:plan_import", args=[cal.assignment_a.pk])
    assert log_in(cal.other_teacher_user).get(url).status_code == 404
    assert log_in(cal.director).get(url).status_code == 404  # reading is not importing
    client = log_in(cal.teacher_user)
    bad = SimpleUploadedFile("ktp.xlsx", xlsx([[1, "I", "", 1, None, None]]))
    response = client.post(url, {"file": bad})
    assert response.status_code == 200 and response.context["row_errors"] == [(2, response.context["row_errors"][0][1])]
    wrong_type = SimpleUploadedFile("ktp.csv", b"a,b")
    assert client.post(url, {"file": wrong_type}).context["form"].errors
    good = SimpleUploadedFile("ktp.xlsx", xlsx([[1, "I", "Бөлчөк", 1, None, None]]))
    assert client.post(url, {"file": good}).status_code == 302
    assert topics(cal.assignment_a) == [(1, "Бөлчөк")]


def test_template_download_and_list(cal, log_in):
    response = log_in(cal.teacher_user).get(reverse("journal:plan_template"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    response = log_in(cal.teacher_user).get(reverse("journal:plans"))
    assert [c.assignment for c in response.context["checks"]] == [cal.assignment_a]
    response = log_in(cal.deputy).get(reverse("journal:plans") + "?problems=0")
    assert {c.assignment for c in response.context["checks"]} == {cal.assignment_a, cal.assignment_b}
    assert log_in(cal.parent_user).get(reverse("journal:plans")).context["checks"] == []


def test_plan_list_query_count_does_not_grow(cal, log_in, django_assert_max_num_queries):
    from journal.register import factories as f

    for a in (cal.assignment_a, cal.assignment_b):
        plan_save(assignment=a, rows=rows("Бир", "Эки"), user=cal.deputy)
    client = log_in(cal.deputy)
    client.get(reverse("journal:plans") + "?problems=0")
    with django_assert_max_num_queries(18):
        client.get(reverse("journal:plans") + "?problems=0")
    for i in range(5):  # more classes, subjects and plans: the same number of queries
        a = f.TeachingAssignmentFactory(class_group=f.ClassGroupFactory(school=cal.school, year=cal.year, grade=6 + i),
                                        teacher=cal.teacher)
        plan_save(assignment=a, rows=rows("Бир", "Эки", "Үч"), user=cal.deputy)
    with django_assert_max_num_queries(18):
        response = client.get(reverse("journal:plans") + "?problems=0")
    assert len(response.context["checks"]) == 7
