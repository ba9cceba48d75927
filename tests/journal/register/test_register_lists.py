"""Register lists: filters, XLSX/CSV/PDF export of every list, query counts, and the forms that
add people."""

import io
import itertools
import shutil
import subprocess

import openpyxl
import pytest
from django.urls import reverse

from journal.register import factories as f
from journal.register.models import Student
from tests.journal.register.register_helpers import give_consent, login, register_school_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

LISTS = ["journal:student_list", "journal:guardian_list", "journal:staff_list", "journal:class_list"]


@pytest.mark.parametrize("url_name", LISTS)
def test_every_list_exports_to_xlsx_csv_and_pdf(client, register_school, url_name):
    s = register_school
    login(client, s.deputy)
    page = client.get(reverse(url_name))
    assert page.status_code == 200
    xlsx = client.get(reverse(url_name), {"_export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == page.context["table"].paginator.count + 1
    csv_ = client.get(reverse(url_name), {"_export": "csv"})
    assert csv_["Content-Type"].startswith("text/csv") and csv_.content.startswith(b"\xef\xbb\xbf")
    pdf = client.get(reverse(url_name), {"_export": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    if shutil.which("pdftotext") and url_name == "journal:student_list":
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout.decode()
        assert s.students_a[0].last_name in text and s.school.director_name in text


def test_student_filters_and_teacher_sees_only_own_classes(client, register_school):
    s = register_school
    login(client, s.deputy)
    rows = client.get(reverse("journal:student_list"), {"class_group": s.class_b.pk}).context["table"].rows
    assert {r.record.pk for r in rows} == {x.pk for x in s.students_b}
    rows = client.get(reverse("journal:student_list"), {"login": "yes"}).context["table"].rows
    assert [r.record for r in rows] == [s.students_a[0]]
    login(client, s.teacher_user)
    page = client.get(reverse("journal:student_list"))
    assert {r.record.pk for r in page.context["table"].rows} == {x.pk for x in s.students_a}
    # a class the teacher does not see is not even offered
    assert s.class_b not in page.context["filter"].form.fields["class_group"].queryset
    export = client.get(reverse("journal:student_list"), {"_export": "csv"}).content.decode("utf-8-sig")
    assert s.students_b[0].full_name not in export


def test_list_query_count_does_not_grow_with_rows(client, register_school, django_assert_max_num_queries):
    s = register_school
    for x in s.students_a + s.students_b:
        give_consent(x)
    for _ in range(20):
        g = f.GuardianFactory(school=s.school)
        f.StudentGuardianFactory(student=s.students_a[3], guardian=g)
    login(client, s.deputy)
    client.get(reverse("journal:student_list"))  # warm the session and the site
    for url_name in LISTS:
        # 16 for the list itself, + the menu's two badges (unread messages, notifications)
        with django_assert_max_num_queries(18):
            assert client.get(reverse(url_name)).status_code == 200


def test_add_student_and_parent_in_the_browser(client, register_school):
    s = register_school
    login(client, s.class_teacher_user)
    response = client.post(reverse("journal:student_create"), {
        "last_name": "Жумабеков", "first_name": "Элдияр", "patronymic": "Маратович", "sex": "m",
        "birth_date": "2015-05-01", "pin": "20105201500001", "class_group": s.class_a.pk, "enrolled_on": "2026-09-01"})
    assert response.status_code == 302
    student = Student.objects.get(pin="20105201500001")
    # a class teacher cannot put a student into another class
    response = client.post(reverse("journal:student_create"), {
        "last_name": "Х", "first_name": "Y", "sex": "m", "class_group": s.class_b.pk})
    assert response.status_code == 200 and "class_group" in response.context["form"].errors
    # a bad PIN keeps what was typed
    response = client.post(reverse("journal:student_create"), {
        "last_name": "Жумабекова", "first_name": "Айдана", "sex": "f", "birth_date": "2015-05-01",
        "pin": "20105201500002", "class_group": s.class_a.pk})
    assert response.status_code == 200 and "pin" in response.context["form"].errors
    assert "Айдана" in response.content.decode()
    response = client.post(reverse("journal:student_guardian_add", args=[student.pk]), {
        "relation": "mother", "last_name": "Жумабекова", "first_name": "Гүлзат", "phone": "+996 700 12 34 56"})
    assert response.status_code == 302
    assert student.guardians.get().first_name == "Гүлзат"


def test_export_keeps_the_default_filter_of_the_page(client, register_school):
    s = register_school
    left = s.students_b[4]
    left.status = "left"
    left.save()
    login(client, s.deputy)
    page = client.get(reverse("journal:student_list"))
    assert left not in [r.record for r in page.context["table"].rows]
    export = client.get(reverse("journal:student_list"), {"_export": "csv"}).content.decode("utf-8-sig")
    assert left.full_name not in export
    export = client.get(reverse("journal:student_list"), {"status": "", "_export": "csv"}).content.decode("utf-8-sig")
    assert left.full_name in export


@pytest.mark.parametrize("url_name", LISTS)
def test_fast_rows_are_cell_for_cell_what_django_tables2_renders(client, register_school, url_name):
    """RegisterTable.body_html renders the page's rows in one Python pass: every cell must be what
    django-tables2's own row loop gives (accessors, render_* methods, hidden personal fields, empty
    values, escaping), with and without consent."""
    from django.utils.formats import localize
    from django.utils.html import conditional_escape

    s = register_school
    give_consent(s.students_a[0])
    s.students_a[1].last_name = "<b>Өмүрбеков</b> & Co"
    s.students_a[1].save()
    login(client, s.deputy)
    page = client.get(reverse(url_name))
    table = page.context["table"]
    expected = []
    table._counter = itertools.count()  # rows alternate odd/even by a counter kept on the table
    for row in table.paginated_rows:
        expected.append(f"<tr {row.attrs.as_html()}>" if row.attrs.as_html() else "<tr>")
        for column, cell in row.items():
            attrs = column.attrs["td"].as_html()
            label = conditional_escape(column.header)
            opening = f'<td data-label="{label}" {attrs}>' if attrs else f'<td data-label="{label}">'
            expected.append(f"{opening}{conditional_escape(localize(cell))}</td>")
        expected.append("</tr>")
    table._counter = itertools.count()
    assert table.body_html() == "".join(expected)
    assert len(table.paginated_rows) > 1
    if url_name == "journal:student_list":
        html = page.content.decode()
        assert "&lt;b&gt;Өмүрбеков&lt;/b&gt; &amp; Co" in html and "<b>Өмүрбеков" not in html
