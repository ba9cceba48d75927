"""ПИН: structure checked; a sex/birth-date mismatch is a warning the deputy overrides; a PIN shared
by rows of an import is flagged on every one of them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from journal.register.forms import StudentForm
from journal.register.imports.columns import STUDENTS
from journal.register.models import Student
from journal.register.models.people import pin_mismatches
from journal.register.services.imports import ImportRejected, import_apply, import_preview

from .import_helpers import student_row, write_xlsx

pytestmark = pytest.mark.django_db
BIRTH = datetime.date(2014, 3, 14)


def test_pin_mismatches():
    assert pin_mismatches("21403201400001", "m", BIRTH) == []
    assert len(pin_mismatches("11403201400001", "m", BIRTH)) == 1  # sex digit
    assert len(pin_mismatches("21503201400001", "m", BIRTH)) == 1  # date
    assert len(pin_mismatches("11503201400001", "m", BIRTH)) == 2
    assert pin_mismatches("", "m", BIRTH) == [] and pin_mismatches("123", "m", BIRTH) == []


def form_data(**extra):
    return {"last_name": "Асанов", "first_name": "Бакыт", "patronymic": "", "sex": "m",
            "birth_date": "2014-03-14", "pin": "21403201400001", "address": "", "enrolled_on": "", **extra}


def test_form_warns_once_then_saves_when_confirmed(small_school):
    with translation.override("ky"):
        form = StudentForm(data=form_data(pin="11403201400001"), allow_class=False)
        assert not form.is_valid()
        assert form.has_error("pin", code="pin_mismatch")
        assert not form.fields["pin_confirmed"].widget.is_hidden  # the tick box appears
        form = StudentForm(data=form_data(pin="11403201400001", pin_confirmed="on"), allow_class=False)
        assert form.is_valid(), form.errors
        form = StudentForm(data=form_data(), allow_class=False)
        assert form.is_valid(), form.errors


def test_form_structure_error_cannot_be_overridden(small_school):
    form = StudentForm(data=form_data(pin="31403201400001", pin_confirmed="on"), allow_class=False)
    assert not form.is_valid() and "pin" in form.errors
    form = StudentForm(data=form_data(pin="21413201400001", pin_confirmed="on"), allow_class=False)
    assert not form.is_valid() and "pin" in form.errors


def test_create_page_warning_and_override(client, small_school):
    s = small_school
    client.force_login(s.deputy)
    url = reverse("journal:student_create")
    data = form_data(pin="11403201400001", class_group=s.class_a.pk)
    page = client.post(url, data)
    assert page.status_code == 200 and not Student.objects.filter(pin="11403201400001").exists()
    assert 'name="pin_confirmed"' in page.content.decode() and 'type="checkbox"' in page.content.decode()
    response = client.post(url, {**data, "pin_confirmed": "on"})
    assert response.status_code == 302
    assert Student.objects.filter(pin="11403201400001", sex="m").exists()


def test_shared_pin_flagged_on_every_row_including_the_first(small_school, tmp_path):
    pin = "21403201400077"
    rows = [student_row(1, pin=pin), student_row(2), student_row(3, pin=pin), student_row(4, pin=pin)]
    path = write_xlsx(tmp_path / "dup.xlsx", rows)
    preview = import_preview(school=small_school.school, kind=STUDENTS, path=path)
    by_number = {r.number: r for r in preview.rows}
    assert not preview.is_valid
    flagged = [n for n, r in by_number.items() if r.errors]
    assert flagged == [2, 4, 5]  # spreadsheet rows (the header is row 1); row 3 has its own PIN
    assert "4, 5" in by_number[2].errors[0].message and "2, 4" in by_number[5].errors[0].message
    count = Student.objects.count()
    with pytest.raises(ImportRejected):
        import_apply(school=small_school.school, kind=STUDENTS, path=path)
    assert Student.objects.count() == count


def test_import_with_mismatch_warning_imports_when_confirmed(client, small_school, tmp_path):
    client.force_login(small_school.deputy)
    path = write_xlsx(tmp_path / "warn.xlsx", [student_row(1, sex="m", pin="21503201400001")])
    with open(path, "rb") as fh:
        from django.core.files.uploadedfile import SimpleUploadedFile

        response = client.post(reverse("journal:import_students"), {"file": SimpleUploadedFile("warn.xlsx", fh.read())})
    preview_url = response["Location"]
    page = client.get(preview_url)
    assert page.context["preview"].is_valid and 'id="warnings"' in page.content.decode()
    assert client.post(preview_url, {"confirm": "1"}).status_code == 302
    assert Student.objects.filter(pin="21503201400001").exists()
