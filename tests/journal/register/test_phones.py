"""Phone numbers: one stored international form, shown formatted, bad ones refused with a message."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from journal.register import factories as f
from journal.register.forms import GuardianForm
from journal.register.imports.columns import STUDENTS
from journal.register.models import Guardian, StaffMember
from journal.register.services.imports import import_apply, import_preview
from journal.register.services.people import guardian_create, guardian_update, staff_create
from portal.phones import phone_display, phone_normalize

from .import_helpers import student_row, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("raw", ["0555 123 456", "555123456", "+996 555 123 456", "+996 (555) 12-34-56",
                                 " 996555123456 ".replace("996", "+996")])
def test_kyrgyz_numbers_in_every_common_form(raw):
    assert phone_normalize(raw) == "+996555123456"


def test_foreign_number_kept_international():
    assert phone_normalize("+7 912 345-67-89") == "+79123456789"


@pytest.mark.parametrize("raw", ["12345", "0555 12", "телефон", "+996 000 000 000"])
def test_invalid_numbers_are_refused_in_the_interface_language(raw):
    with pytest.raises(ValidationError) as error:
        phone_normalize(raw)
    assert raw.strip() in error.value.messages[0]


def test_display_filter():
    assert phone_display("+996555123456") == "+996 555 123 456"
    assert phone_display("позвонить в школу") == "позвонить в школу"
    html = Template("{% load text_format %}{{ p|phone }}").render(Context({"p": "+996700456789"}))
    assert html == "+996 700 456 789"


def test_services_store_the_international_form(small_school):
    school = small_school.school
    guardian = guardian_create(school=school, last_name="Асанова", first_name="Гүлзат", phone="0555 123 456",
                               phone2="700 456 789")
    guardian.refresh_from_db()
    assert (guardian.phone, guardian.phone2) == ("+996555123456", "+996700456789")
    with pytest.raises(ValidationError) as error:
        guardian_update(guardian=guardian, phone="123")
    assert "phone" in error.value.message_dict
    member = staff_create(school=school, last_name="Ниязова", first_name="Айгүл", phone="+996 777 12 34 56")
    assert StaffMember.objects.get(pk=member.pk).phone == "+996777123456"


def test_form_error_and_clean_value(small_school):
    base = {"last_name": "Асанова", "first_name": "Гүлзат", "patronymic": "", "phone2": "", "email": "",
            "workplace": ""}
    for lang in ("ky", "ru"):
        with translation.override(lang):
            form = GuardianForm(data={**base, "phone": "12-34"})
            assert not form.is_valid() and "phone" in form.errors
            assert "12-34" in form.errors["phone"][0]
    form = GuardianForm(data={**base, "phone": "0555 123 456"})
    assert form.is_valid() and form.cleaned_data["phone"] == "+996555123456"


def test_import_row_error_and_stored_form(small_school, tmp_path):
    good = student_row(1, g1_phone="0555 123 456")
    bad = student_row(2, g1_phone="12-34")
    preview = import_preview(school=small_school.school, kind=STUDENTS,
                             path=write_xlsx(tmp_path / "bad.xlsx", [good, bad]))
    assert preview.rows[0].ok and not preview.rows[1].ok
    assert any("12-34" in e.message for e in preview.rows[1].errors)
    import_apply(school=small_school.school, kind=STUDENTS, path=write_xlsx(tmp_path / "good.xlsx", [good]))
    assert Guardian.objects.filter(phone="+996555123456", last_name="Асанова1").exists()


def test_detail_and_list_show_formatted_numbers(client, small_school):
    from django.utils import timezone

    from journal.register.models import Consent

    s = small_school
    guardian = f.GuardianFactory(school=s.school, phone="+996555123456")
    f.StudentGuardianFactory(student=s.students_a[1], guardian=guardian)
    Consent.objects.create(school=s.school, guardian=guardian, given_by=guardian.full_name,
                           given_on=timezone.localdate())
    client.force_login(s.deputy)
    page = client.get(reverse("journal:guardian_detail", args=[guardian.pk])).content.decode()
    assert "+996 555 123 456" in page and 'href="tel:+996555123456"' in page
    page = client.get(reverse("journal:student_detail", args=[s.students_a[1].pk])).content.decode()
    assert "+996 555 123 456" in page


def test_data_migration_normalises_and_keeps_unreadable(small_school):
    good = f.GuardianFactory(school=small_school.school)
    bad = f.GuardianFactory(school=small_school.school)
    Guardian.objects.filter(pk=good.pk).update(phone="0555 123 456", phone2="555-12-34-57".replace("-", ""))
    Guardian.objects.filter(pk=bad.pk).update(phone="звонить отцу")
    migration = importlib.import_module("journal.register.migrations.0004_normalise_phone_numbers")
    migration.normalise(apps, None)
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.phone == "+996555123456"
    assert bad.phone == "звонить отцу"
