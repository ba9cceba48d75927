"""The query constructor (issue 10 §3, R-I8): figures against the hand-worked school of
conftest.py, the access policy in every dataset (a shared query opened by a teacher shows only
the teacher's rows; another school never), consent in preview and exports, translated messages
for bad input, constant queries."""

import csv
import io
import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from journal.gradebook import factories as gf
from journal.queries.factories import SavedQueryFactory
from journal.queries.forms import QueryForm
from journal.queries.models import SavedQuery
from journal.queries.selectors import run_query, year_grades_by_class_subject
from journal.register import factories as f
from journal.register.selectors.people import HIDDEN

pytestmark = pytest.mark.django_db

BY_CLASS_AND_SUBJECT = {"dataset": "grades", "group_by": ["class", "subject"],
                        "aggregates": ["count", "average", "share_45", "share_2"]}


def _run(user, school, params, page=None):
    form = QueryForm(params)
    assert form.is_valid(), form.errors
    return run_query(user, school, form.query, page=page)


def _builder(client, params):
    return client.get(reverse("journal:queries_builder"), params)


def test_aggregates_by_class_and_subject(query_school):
    s = query_school
    result = _run(s.director, s.school, BY_CLASS_AND_SUBJECT)
    assert [c.key for c in result.columns] == ["class", "subject", "count", "average", "share_45", "share_2"]
    assert result.rows == [
        ["5 «А»", "Математика", 5, 3.6, 60.0, 20.0],
        ["5 «А»", "Орус тили", 1, 2.0, 0.0, 100.0],
        ["5 «Б»", "Математика", 2, 4.0, 50.0, 0.0],
    ]


def test_aggregates_over_every_row_and_sort_by_aggregate(query_school):
    s = query_school
    rows = _run(s.director, s.school, {"dataset": "grades", "fields": ["student", "value"],
                                       "aggregates": ["count", "average", "share_45", "share_2"]})
    assert rows.count == 8                                   # the other school's grade is not there
    assert rows.totals == [8, 3.5, 50.0, 25.0]
    ranked = _run(s.director, s.school, {**BY_CLASS_AND_SUBJECT, "sort": "-average"})
    assert [r[3] for r in ranked.rows] == [4.0, 3.6, 2.0]


def test_year_grades_selector(query_school):
    s = query_school
    result = year_grades_by_class_subject(s.director, s.school, s.year)
    assert [r[2:] for r in result.rows] == [[5, 3.6, 60.0], [1, 2.0, 0.0], [2, 4.0, 50.0]]
    assert [r[:2] for r in year_grades_by_class_subject(s.teacher_user, s.school, s.year).rows] == [["5 «А»", "Математика"]]


def test_query_shared_by_the_director_shows_a_teacher_only_their_rows(client, query_school):
    s = query_school
    client.force_login(s.director)
    response = client.post(reverse("journal:queries_save"), {**BY_CLASS_AND_SUBJECT, "name": "Баалар", "shared": "on"})
    saved = SavedQuery.objects.get(name="Баалар")
    assert response.status_code == 302 and saved.shared and saved.owner == s.director
    assert client.get(response.url, follow=True).context["result"].count == 3

    client.force_login(s.teacher_user)                       # teaches maths in 5 «А» only
    page = client.get(reverse("journal:queries_open", args=[saved.pk]), follow=True)
    assert page.status_code == 200 and page.context["saved"] == saved
    assert page.context["result"].rows == [["5 «А»", "Математика", 5, 3.6, 60.0, 20.0]]
    from openpyxl import load_workbook

    xlsx_url = next(e["url"] for e in page.context["exports"] if e["format"] == "XLSX")
    sheet = load_workbook(io.BytesIO(client.get(reverse("journal:queries_builder") + xlsx_url).content)).active
    assert sheet["A2"].value == "Баалар"                       # titled with the saved name
    assert [r for r in sheet.iter_rows(min_row=5, values_only=True)] == [("5 «А»", "Математика", 5, 3.6, 60.0, 20.0)]
    client.force_login(s.class_teacher_user)                 # leads 5 «А»: every subject of it
    rows = client.get(reverse("journal:queries_open", args=[saved.pk]), follow=True).context["result"].rows
    assert [r[:2] for r in rows] == [["5 «А»", "Математика"], ["5 «А»", "Орус тили"]]
    # nor can the teacher change or delete the director's query
    client.force_login(s.teacher_user)
    assert client.post(reverse("journal:queries_delete", args=[saved.pk])).status_code == 404
    assert SavedQuery.objects.filter(pk=saved.pk).exists()


def test_teacher_rows_in_every_journal_dataset(query_school):
    s = query_school
    lesson_a = gf.LessonFactory(assignment=s.assignment_a)
    gf.AttendanceFactory(lesson=lesson_a, student=s.students_a[1])
    gf.AttendanceFactory(lesson=gf.LessonFactory(assignment=s.assignment_b), student=s.students_b[1])
    gf.PeriodGradeFactory(assignment=s.assignment_a, period=s.period, student=s.students_a[0], value=5)
    gf.PeriodGradeFactory(assignment=s.assignment_b, period=s.period, student=s.students_b[0], value=3)
    for dataset, director, teacher in (("grades", 8, 5), ("lessons", 5, 2), ("attendance", 2, 1),
                                       ("period_grades", 2, 1), ("students", 10, 5)):
        assert _run(s.director, s.school, {"dataset": dataset}).count == director, dataset
        assert _run(s.teacher_user, s.school, {"dataset": dataset}).count == teacher, dataset


def test_another_school_never_appears(query_school):
    s = query_school
    names = {r[0] for r in _run(s.director, s.school, {"dataset": "students", "fields": ["name"]}).rows}
    assert s.other_student.full_name not in names and len(names) == 10
    assert _run(s.director, s.school, {"dataset": "staff"}).count == 3     # not the other school's teacher
    # the other school's director sees only their own grade
    other_director = f.user_with_role(s.other_school, "director", "director_b")
    assert _run(other_director, s.other_school, BY_CLASS_AND_SUBJECT).rows == [["5 «А»", "Математика", 1, 5.0, 100.0, 0.0]]
    # and a saved query of this school is not theirs to open
    saved = SavedQueryFactory(school=s.school, owner=s.director, shared=True, spec={"dataset": ["grades"]})
    from django.test import Client

    client = Client()
    client.force_login(other_director)
    assert client.get(reverse("journal:queries_open", args=[saved.pk])).status_code == 404


def _consent_rows(result):
    return {row[0]: row[1] for row in result.rows}


def test_personal_fields_without_consent_stay_hidden(client, query_school):
    s = query_school
    params = {"dataset": "students", "fields": ["name", "birth_date"], "f1_field": "class", "f1_op": "eq",
              "f1_value": "5А"}
    with_consent = {st.full_name for st in s.students_a[:2]}
    shown = _consent_rows(_run(s.director, s.school, params))
    assert len(shown) == 5
    assert all((value != HIDDEN) == (name in with_consent) for name, value in shown.items())
    # the administrator (responsible for the data) sees them all; a subject teacher none
    assert HIDDEN not in _consent_rows(_run(s.sysadmin, s.school, params)).values()
    assert set(_consent_rows(_run(s.teacher_user, s.school, params)).values()) == {HIDDEN}
    # exports: the same cells
    client.force_login(s.director)
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(_builder(client, {**params, "export": "xlsx"}).content))
    cells = {r[0]: r[1] for r in book.active.iter_rows(min_row=5, values_only=True) if r[0]}
    assert sum(1 for v in cells.values() if v == HIDDEN) == 3 and len(cells) == 5
    text = _builder(client, {**params, "export": "csv"}).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))[1:]
    assert sorted(v for _n, v in lines) == ["14.03.2015", "14.03.2015", HIDDEN, HIDDEN, HIDDEN]
    pdf = _builder(client, {**params, "export": "pdf"})
    assert pdf.content[:4] == b"%PDF"
    if shutil.which("pdftotext"):
        out = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout.decode()
        assert out.count("14.03.2015") == 2 and out.count(HIDDEN) == 3
    # personal fields cannot be filtered, grouped or sorted on
    for bad in ({"f1_field": "birth_date", "f1_value": "14.03.2015"}, {"group_by": ["sex"]}, {"sort": "birth_date"}):
        assert not QueryForm({"dataset": "students", **bad}).is_valid()


@pytest.mark.parametrize("who", ["parent_user", "student_user", None])
def test_forbidden(client, query_school, who):
    s = query_school
    saved = SavedQueryFactory(school=s.school, owner=s.director, shared=True, spec={"dataset": ["grades"]})
    if who:
        client.force_login(getattr(s, who))
    expected = {403} if who else {302}
    for url, method in ((reverse("journal:queries_builder"), "get"), (reverse("journal:queries_open", args=[saved.pk]), "get"),
                        (reverse("journal:queries_save"), "post"), (reverse("journal:queries_delete", args=[saved.pk]), "post")):
        response = getattr(client, method)(url, {**BY_CLASS_AND_SUBJECT, "name": "x"})
        assert response.status_code in expected, (url, response.status_code)
        if not who:
            assert "login" in response.url
    response = client.get(reverse("journal:queries_builder"), {**BY_CLASS_AND_SUBJECT, "export": "xlsx"})
    assert response.status_code in expected
    assert SavedQuery.objects.count() == 1


def test_bad_filter_value_gives_a_translated_message(client, query_school):
    s = query_school
    client.force_login(s.director)
    with translation.override("ru"):
        url = reverse("journal:queries_builder")
        response = client.get(url, {"dataset": "grades", "f1_field": "value", "f1_op": "gte", "f1_value": "пять"})
    assert response.status_code == 200 and response.context["result"] is None
    errors = response.context["form"].errors["f1_value"]
    assert errors and "Введите целое число." in errors[0]          # Django's Russian message
    assert "Введите целое число." in response.content.decode()
    with translation.override("ky"):
        response = client.get(reverse("journal:queries_builder"),
                              {"dataset": "grades", "f1_field": "date", "f1_value": "31.02.2026"})
    assert response.context["result"] is None and response.context["form"].errors["f1_value"]
    # names not in the declaration are refused, nothing is run
    for bad in ({"f1_field": "lesson__school__name"}, {"fields": ["password"]}, {"group_by": ["student__pin"]},
                {"aggregates": ["sum"]}, {"sort": "school_id"}, {"f1_field": "class", "f1_value": "бешинчи"},
                {"f1_field": "value", "f1_op": "contains", "f1_value": "5"}):
        form = QueryForm({"dataset": "grades", **bad})
        assert not form.is_valid(), bad


def test_save_needs_a_name_and_replaces_the_same_name(client, query_school):
    s = query_school
    client.force_login(s.deputy)
    client.post(reverse("journal:queries_save"), {**BY_CLASS_AND_SUBJECT, "name": ""})
    assert not SavedQuery.objects.exists()
    client.post(reverse("journal:queries_save"), {**BY_CLASS_AND_SUBJECT, "name": "Q"})
    client.post(reverse("journal:queries_save"), {"dataset": "students", "name": "Q", "shared": "on"})
    saved = SavedQuery.objects.get()
    assert saved.dataset == "students" and saved.shared
    client.post(reverse("journal:queries_delete", args=[saved.pk]))
    assert not SavedQuery.objects.exists()


def test_preview_queries_constant_in_the_number_of_rows(client, query_school):
    s = query_school
    client.force_login(s.class_teacher_user)
    params = {"dataset": "students", "fields": ["name", "class", "birth_date", "address"]}
    grouped = {"dataset": "grades", "fields": ["student", "value"], "aggregates": ["average"]}
    _builder(client, params)

    def count(p):
        with CaptureQueriesContext(connection) as ctx:
            response = _builder(client, p)
        assert response.status_code == 200 and response.context["result"] is not None
        return len(ctx), response.context["result"].count

    few, few_grades = count(params), count(grouped)
    for _ in range(12):
        student = f.StudentFactory(school=s.school, class_group=s.class_a)
        gf.GradeFactory(lesson=gf.LessonFactory(assignment=s.assignment_a), student=student, value=4)
    many, many_grades = count(params), count(grouped)
    assert many[1] == few[1] + 12 and many_grades[1] == few_grades[1] + 12
    assert many[0] == few[0] and many_grades[0] == few_grades[0]


def test_preview_pages(client, query_school):
    s = query_school
    for _ in range(55):
        f.StudentFactory(school=s.school, class_group=s.class_b)
    client.force_login(s.director)
    first = _builder(client, {"dataset": "students"}).context["result"]
    assert first.count == 65 and len(first.rows) == 50
    second = _builder(client, {"dataset": "students", "page": 2}).context["result"]
    assert len(second.rows) == 15


def test_switching_dataset_and_a_stale_saved_query(client, query_school):
    s = query_school
    client.force_login(s.deputy)
    switched = _builder(client, {"dataset": "staff", "fields": ["value", "student"], "_dataset": "1"})
    assert switched.status_code == 200 and switched.context["result"] is None
    assert not switched.context["form"].is_bound and switched.context["form"].dataset.key == "staff"
    # a saved query naming a field the declaration no longer has: a message, nothing run
    stale = SavedQueryFactory(school=s.school, owner=s.deputy, spec={"dataset": ["grades"], "fields": ["gone"]})
    page = client.get(reverse("journal:queries_open", args=[stale.pk]), follow=True)
    assert page.status_code == 200 and page.context["result"] is None and page.context["form"].errors["fields"]
    assert _builder(client, {"dataset": "grades", "saved": "x"}).status_code == 200


@pytest.mark.parametrize("params", [
    BY_CLASS_AND_SUBJECT,
    {"dataset": "grades", "group_by": ["teacher"], "aggregates": ["count", "average", "share_2"], "sort": "-count"},
    {"dataset": "grades", "group_by": ["subject"], "aggregates": ["share_45"], "sort": "subject"},
    {"dataset": "grades", "group_by": ["class"], "f1_field": "value", "f1_op": "gte", "f1_value": "3"},
])
def test_grouping_per_assignment_matches_the_plain_grouping(query_school, params):
    """Journal rows grouped by properties of their assignment are summed per assignment first
    (fast on a year of grades); the figures are those of the one-step GROUP BY."""
    from unittest import mock

    from journal.queries.selectors import run as engine

    s = query_school
    for user in (s.director, s.teacher_user, s.class_teacher_user):
        fast = _run(user, s.school, params)
        with mock.patch.object(engine, "_per_assignment", lambda query: False):
            plain = _run(user, s.school, params)
        assert fast.rows == plain.rows and fast.count == plain.count
