"""Consent (R-I15): people without a valid consent are flagged and their personal fields are
hidden from everyone but the system administrator — in pages and in every export; the scanned
form is private; the subject-access export gives everything stored about one person."""

import csv
import datetime
import io
import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from journal.register.models import Consent
from tests.journal.register.register_helpers import give_consent, login, register_school_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

PIN = "21403201512345"


@pytest.fixture
def pupil(register_school):
    s = register_school
    student = s.students_a[2]
    student.pin, student.birth_date, student.address = PIN, datetime.date(2015, 3, 14), "Токтогул көч., 5"
    student.save()
    return student


def test_person_page_hides_personal_fields_without_consent(client, register_school, pupil):
    s = register_school
    url = reverse("journal:student_detail", args=[pupil.pk])
    for role in ("director", "deputy", "classteacher"):
        content = login(client, s.users[role]).get(url).content.decode()
        assert PIN not in content and "Токтогул" not in content, role
        assert pupil.full_name in content
    assert PIN in login(client, s.sysadmin).get(url).content.decode()
    give_consent(pupil)
    for role in ("director", "deputy", "classteacher"):
        assert PIN in login(client, s.users[role]).get(url).content.decode(), role
    # a subject teacher sees names and classes only
    assert PIN not in login(client, s.teacher_user).get(url).content.decode()


def test_withdrawn_consent_hides_again(client, register_school, pupil):
    s = register_school
    give_consent(pupil, withdrawn_on=datetime.date(2026, 10, 1))
    content = login(client, s.deputy).get(reverse("journal:student_detail", args=[pupil.pk])).content.decode()
    assert PIN not in content


def test_lists_flag_and_exports_hide(client, register_school, pupil):
    s = register_school
    give_consent(s.students_a[3])
    login(client, s.deputy)
    page = client.get(reverse("journal:student_list"), {"consent": "no"})
    names = [r.record.full_name for r in page.context["table"].rows]
    assert pupil.full_name in names and s.students_a[3].full_name not in names
    assert "badge--missing" in page.content.decode()
    export = client.get(reverse("journal:student_list"), {"status": "", "_export": "csv"})
    assert export.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    row = next(r for r in rows if r[0] == pupil.full_name)
    assert PIN not in row and "•••" in row
    admin_export = login(client, s.sysadmin).get(reverse("journal:student_list"), {"_export": "csv"})
    assert PIN in admin_export.content.decode("utf-8-sig")


def test_record_consent_with_private_scan_and_withdraw(client, register_school, pupil, settings):
    s = register_school
    login(client, s.class_teacher_user)
    scan = SimpleUploadedFile("macul.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    response = client.post(reverse("journal:consent_create", args=["student", pupil.pk]), {
        "given_by": "Исакова Жылдыз", "given_by_relation": "апасы", "given_on": "2026-09-02",
        "scope": "register", "document": scan})
    assert response.status_code == 302
    consent = Consent.objects.get(student=pupil)
    assert consent.recorded_by == s.class_teacher_user
    # stored outside MEDIA_ROOT (never served at /media/), given only through the view
    path = consent.document.path
    assert not path.startswith(str(settings.MEDIA_ROOT) + "/")
    with pytest.raises(ValueError):
        consent.document.url  # noqa: B018
    doc_url = reverse("journal:consent_document", args=[consent.pk])
    assert b"".join(client.get(doc_url).streaming_content) == b"%PDF-1.4 scan"
    assert login(client, s.teacher_user).get(doc_url).status_code == 403
    assert login(client, s.parent_user).get(doc_url).status_code == 404
    # a wrong file type is refused and nothing is recorded
    login(client, s.class_teacher_user)
    bad = SimpleUploadedFile("macul.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(reverse("journal:consent_create", args=["student", pupil.pk]), {
        "given_by": "Исакова Жылдыз", "given_on": "2026-09-02", "scope": "register", "document": bad})
    assert response.status_code == 200 and Consent.objects.filter(student=pupil).count() == 1
    response = client.post(reverse("journal:consent_withdraw", args=[consent.pk]), {"withdrawn_on": "2026-10-01"})
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == datetime.date(2026, 10, 1) and not consent.is_valid


def test_subject_access_export_json_and_pdf(client, register_school, pupil):
    s = register_school
    give_consent(pupil)
    login(client, s.deputy)
    url = reverse("journal:person_export", args=["student", pupil.pk])
    response = client.get(url, {"format": "json"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert PIN in json.dumps(data, ensure_ascii=False)
    assert data["parents"][0]["relation"]
    assert len(data["consents"]) == 1
    assert data["history"] and data["login"] is None
    assert "journal" in data
    pdf = client.get(url, {"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # a parent's export lists the children and the login with its visits
    data = json.loads(client.get(reverse("journal:person_export", args=["guardian", s.guardian.pk])).content)
    assert {c["name"] for c in data["children"]} == {s.students_a[1].full_name, s.students_b[1].full_name}
    assert data["login"]["username"] == "parent"
    data = json.loads(client.get(reverse("journal:person_export", args=["staff", s.teacher.pk])).content)
    assert data["teaching"][0]["class"] == "5 «А»"


def test_edit_form_without_consent_keeps_hidden_fields(client, register_school, pupil):
    s = register_school
    login(client, s.class_teacher_user)
    url = reverse("journal:student_edit", args=[pupil.pk])
    form = client.get(url).context["form"]
    assert "pin" not in form.fields and "address" not in form.fields
    data = {"last_name": pupil.last_name, "first_name": "Темир", "patronymic": pupil.patronymic,
            "version": form.initial["version"]}
    assert client.post(url, data).status_code == 302
    pupil.refresh_from_db()
    assert pupil.first_name == "Темир" and pupil.pin == PIN and pupil.address == "Токтогул көч., 5"
    assert settings.MEDIA_ROOT
