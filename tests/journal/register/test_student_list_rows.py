"""The student list on one page (issue 10 §6): its rows are read as plain values and rendered
without django-tables2's per-cell machinery. The queries do not grow with the rows, and every
cell is what django-tables2 renders for the model instance: names and links, consent-hidden
personal fields, empty values, logins, escaping, only the school's own students."""

import datetime
import itertools
import re

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.translation import gettext_lazy

from journal.register import factories as f
from journal.register.filters import FastSelect
from journal.register.selectors import HIDDEN
from tests.journal.register.register_helpers import give_consent, login, register_school_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

ALL_ON_ONE_PAGE = {"per_page": 5000, "status": ""}


def _page(client, **params):
    response = client.get(reverse("journal:student_list"), {**ALL_ON_ONE_PAGE, **params})
    assert response.status_code == 200
    return response


def _django_tables2_rows(table):
    """The table body as django-tables2's own row loop renders it (model instances, accessors,
    render_* methods), in the markup of templates/journal/register/home/table.html."""
    out = []
    table._counter = itertools.count()
    for row in table.paginated_rows:
        out.append(f"<tr {row.attrs.as_html()}>")
        for column, cell in row.items():
            attrs = column.attrs["td"].as_html()
            label = conditional_escape(column.header)
            opening = f'<td data-label="{label}" {attrs}>' if attrs else f'<td data-label="{label}">'
            out.append(f"{opening}{conditional_escape(localize(cell))}</td>")
        out.append("</tr>")
    return "".join(out)


def _fast_rows(table):
    table._counter = itertools.count()
    body = table._fast_body()
    assert body is not None, "the student list must take the fast path"
    return body


def _add_students(s, n):
    """n more students of every kind the cells tell apart."""
    students = []
    for i in range(n):
        kind = i % 6
        student = f.StudentFactory(
            school=s.school, class_group=[s.class_a, s.class_b, None][i % 3],
            sex="f" if i % 2 else "m",
            birth_date=None if kind == 1 else datetime.date(2014, 1 + i % 12, 1 + i % 28),
            status="left" if kind == 2 else "studying",
        )
        if kind in (0, 3):
            give_consent(student)
        if kind == 4:
            give_consent(student, withdrawn_on=datetime.date(2026, 10, 1))
        if kind == 3:
            student.user = f.UserFactory(username=f"pupil-{i}", is_active=bool(i % 4))
            student.save()
        for _ in range(i % 3):
            f.StudentGuardianFactory(student=student, guardian=f.GuardianFactory(school=s.school))
        students.append(student)
    return students


def test_queries_do_not_grow_with_the_rows(client, register_school):
    s = register_school
    login(client, s.deputy)
    _page(client)  # warm the session and the site
    with CaptureQueriesContext(connection) as few:
        small = _page(client)
    rows_before = small.context["table"].paginator.count
    _add_students(s, 40)
    with CaptureQueriesContext(connection) as many:
        big = _page(client)
    assert big.context["table"].paginator.count == rows_before + 40
    assert big.content.decode().count('<tr class="') == rows_before + 40
    assert len(many.captured_queries) == len(few.captured_queries)
    # the page's rows are fetched once, as values (no second fetch of model instances)
    fetches = [q["sql"] for q in many.captured_queries if q["sql"].lstrip().startswith('SELECT "journal_student"."id"')]
    assert len(fetches) == 1


@pytest.mark.parametrize("role", ["deputy", "sysadmin", "classteacher", "teacher"])
def test_fast_rows_are_what_django_tables2_renders(client, register_school, role):
    s = register_school
    _add_students(s, 18)
    give_consent(s.students_a[0])
    s.students_a[1].last_name = "<b>Өмүрбеков</b> & \"Co\""
    s.students_a[1].save()
    login(client, s.users[role])
    table = _page(client).context["table"]
    assert len(table.paginated_rows) > 10
    assert _fast_rows(table) == _django_tables2_rows(table)
    # sorted by another column, and in Russian
    table = _page(client, sort="-birth_date").context["table"]
    assert _fast_rows(table) == _django_tables2_rows(table)
    with translation.override("ru"):
        response = client.get(reverse("journal:student_list"), ALL_ON_ONE_PAGE)
    assert response.status_code == 200 and 'lang="ru"' in response.content.decode()
    table = response.context["table"]
    with translation.override("ru"):
        assert _fast_rows(table) == _django_tables2_rows(table)


def test_cells_names_links_consent_and_school(client, register_school):
    s = register_school
    consented, without = s.students_a[0], s.students_a[3]
    give_consent(consented)
    consented.birth_date = datetime.date(2014, 2, 27)
    consented.save()
    without.birth_date = datetime.date(2013, 11, 5)
    without.save()
    s.other_student.last_name = "Башкамектепов"
    s.other_student.save()
    login(client, s.deputy)
    html = _page(client).content.decode()
    body = html[html.index("<tbody"):html.index("</tbody>")]
    for student in s.students_a + s.students_b:
        link = f'<a href="{reverse("journal:student_detail", args=[student.pk])}">{conditional_escape(student.full_name)}</a>'
        assert link in body
    assert "Башкамектепов" not in body
    assert reverse("journal:student_detail", args=[s.other_student.pk]) not in body
    # the deputy sees personal fields only with consent
    assert "27.02.2014" in body and "05.11.2013" not in body
    row = re.search(rf'<tr class="\w+">(?:(?!</tr>).)*/{without.pk}/(?:(?!</tr>).)*</tr>', body).group(0)
    assert row.count(HIDDEN) == 2
    # the system administrator sees them without consent too
    login(client, s.sysadmin)
    assert "05.11.2013" in _page(client).content.decode()
    # a subject teacher sees only the classes they teach
    login(client, s.teacher_user)
    body = _page(client).content.decode()
    assert all(reverse("journal:student_detail", args=[x.pk]) in body for x in s.students_a)
    assert not any(reverse("journal:student_detail", args=[x.pk]) in body for x in s.students_b)


def test_no_rows_no_body(client, register_school):
    login(client, register_school.deputy)
    response = _page(client, q="Жокбеков")
    html = response.content.decode()
    assert response.context["table"].paginator.count == 0
    assert "<tr" not in html[html.index("<tbody"):html.index("</tbody>")]


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_filter_selects_are_what_django_renders(client, register_school, language):
    """The register filters' FastSelect writes Django's select.html in Python: the same HTML for
    the student list's filters (classes, grades, statuses, consent, login) and for escaping,
    option groups and boolean attributes."""
    s = register_school
    login(client, s.deputy)
    with translation.override(language):
        response = client.get(reverse("journal:student_list"), {"class_group": s.class_b.pk, "grade": 5, "login": "no"})
        form = response.context["filter"].form
        selects = [name for name, field in form.fields.items() if isinstance(field.widget, FastSelect)]
        assert set(selects) == {"class_group", "grade", "status", "consent", "login"}
        for name in selects:
            field = form[name]
            django_html = forms.Select.render(field.field.widget, field.html_name, field.value(),
                                              {"id": field.auto_id})
            assert str(field) == django_html
            assert str(field) in response.content.decode()
        assert f'<option value="{s.class_b.pk}" selected>' in str(form["class_group"])
    choices = [("", gettext_lazy("all")), ("<x>", 'a "b" & <c>'), ("Group", [(1, 1), (1000, 1000)])]
    for value, attrs in (("<x>", {"id": "id_x", "required": True, "disabled": False}), ("1000", None)):
        assert FastSelect(choices=choices).render("x", value, attrs) == forms.Select(choices=choices).render("x", value, attrs)


def test_class_page_rows_are_what_django_tables2_renders(client, register_school):
    """The class page shows the student table without the class and status columns."""
    s = register_school
    _add_students(s, 12)
    give_consent(s.students_a[0])
    login(client, s.deputy)
    response = client.get(reverse("journal:class_detail", args=[s.class_a.pk]))
    assert response.status_code == 200
    table = response.context["table"]
    assert [c.name for c in table.columns if c.name in ("class_group", "status")] == []
    body = _fast_rows(table)
    assert body == _django_tables2_rows(table)
    assert body in response.content.decode()
