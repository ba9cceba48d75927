"""The forbidden side of every view of the query constructor (journal/queries/urls.py), beside
test_constructor.py's test_forbidden (anonymous, parent, student on all four views): a query
saved without sharing stays its owner's (open, delete, the ?saved= title, the list), another
school's director can neither open nor delete ours and sees only their own rows, a teacher's
rows (screen and export) are their classes only. A view added to the URLs without a line here
fails test_every_view_of_the_area_is_listed."""

import io

import pytest
from django.urls import reverse

from journal.queries import urls as query_urls
from journal.queries.factories import SavedQueryFactory
from journal.queries.models import SavedQuery
from journal.register import factories as f

from .test_constructor import BY_CLASS_AND_SUBJECT

pytestmark = pytest.mark.django_db

CHECKED = {
    "queries_builder": ["test_another_schools_director_gets_none_of_ours", "test_a_teacher_gets_only_their_classes",
                        "test_a_private_query_stays_its_owners"],
    "queries_save": ["test_a_saved_query_belongs_to_its_owner_and_school"],
    "queries_open": ["test_another_schools_director_gets_none_of_ours", "test_a_private_query_stays_its_owners"],
    "queries_delete": ["test_another_schools_director_gets_none_of_ours", "test_a_private_query_stays_its_owners"],
}


def test_every_view_of_the_area_is_listed():
    assert {p.name for p in query_urls.urlpatterns} == set(CHECKED)
    assert all(name in globals() for tests in CHECKED.values() for name in tests)


@pytest.fixture
def private_query(query_school):
    return SavedQueryFactory(school=query_school.school, owner=query_school.director, shared=False,
                             name="Директордун жеке суроосу", spec={"dataset": ["grades"]})


def test_a_private_query_stays_its_owners(client, query_school, private_query):
    s = query_school
    client.force_login(s.deputy)                  # the same school, not the owner
    assert client.get(reverse("journal:queries_open", args=[private_query.pk])).status_code == 404
    assert client.post(reverse("journal:queries_delete", args=[private_query.pk])).status_code == 404
    page = client.get(reverse("journal:queries_builder"), {**BY_CLASS_AND_SUBJECT, "saved": private_query.pk})
    assert page.status_code == 200 and page.context["saved"] is None
    assert private_query.name not in page.content.decode()
    assert private_query not in page.context["saved_queries"]
    export = client.get(reverse("journal:queries_builder"),
                        {**BY_CLASS_AND_SUBJECT, "saved": private_query.pk, "export": "csv"})
    assert export.status_code == 200 and private_query.name not in export.content.decode("utf-8-sig")
    assert SavedQuery.objects.filter(pk=private_query.pk).exists()
    client.force_login(s.director)                # the owner
    assert client.get(reverse("journal:queries_open", args=[private_query.pk])).status_code == 302


def test_another_schools_director_gets_none_of_ours(client, query_school, private_query):
    s = query_school
    shared = SavedQueryFactory(school=s.school, owner=s.director, shared=True, name="Мектептин суроосу",
                               spec={"dataset": ["grades"]})
    other_director = f.user_with_role(s.other_school, "director", "director_b")
    client.force_login(other_director)
    for saved in (shared, private_query):
        assert client.get(reverse("journal:queries_open", args=[saved.pk])).status_code == 404
        assert client.post(reverse("journal:queries_delete", args=[saved.pk])).status_code == 404
    assert SavedQuery.objects.filter(school=s.school).count() == 2
    page = client.get(reverse("journal:queries_builder"), {**BY_CLASS_AND_SUBJECT, "saved": shared.pk})
    assert page.context["saved"] is None and list(page.context["saved_queries"]) == []
    assert page.context["result"].rows == [["5 «А»", "Математика", 1, 5.0, 100.0, 0.0]]   # their one grade


def test_a_teacher_gets_only_their_classes(client, query_school):
    from openpyxl import load_workbook

    s = query_school
    client.force_login(s.teacher_user)            # maths in 5 «А» only
    page = client.get(reverse("journal:queries_builder"), BY_CLASS_AND_SUBJECT)
    assert page.context["result"].rows == [["5 «А»", "Математика", 5, 3.6, 60.0, 20.0]]
    other_class = {"dataset": "grades", "f1_field": "class", "f1_op": "eq", "f1_value": "5Б"}
    result = client.get(reverse("journal:queries_builder"), other_class).context["result"]
    assert result is not None and result.count == 0
    client.force_login(s.director)                # the same filter finds 5 «Б»'s two grades
    assert client.get(reverse("journal:queries_builder"), other_class).context["result"].count == 2
    client.force_login(s.teacher_user)
    book = load_workbook(io.BytesIO(client.get(reverse("journal:queries_builder"),
                                               {**BY_CLASS_AND_SUBJECT, "export": "xlsx"}).content))
    classes = {row[0] for row in book.active.iter_rows(min_row=5, values_only=True) if row[0]}
    assert classes == {"5 «А»"}, classes


def test_a_saved_query_belongs_to_its_owner_and_school(client, query_school):
    s = query_school
    client.force_login(s.teacher_user)
    response = client.post(reverse("journal:queries_save"), {**BY_CLASS_AND_SUBJECT, "name": "Менин баалар"})
    assert response.status_code == 302
    saved = SavedQuery.objects.get()
    assert (saved.owner, saved.school, saved.shared) == (s.teacher_user, s.school, False)
    client.force_login(s.other_teacher_user)      # another teacher of the school: not theirs
    assert client.get(reverse("journal:queries_open", args=[saved.pk])).status_code == 404
    assert client.post(reverse("journal:queries_delete", args=[saved.pk])).status_code == 404
