"""Names are saved trimmed and with single spaces, however they are entered."""

import datetime

import pytest
from django.utils import translation

from journal.register.forms import ArrivalForm, GuardianForm, StudentForm
from journal.register.imports.columns import STUDENTS
from journal.register.services.imports import import_apply
from journal.register.services.movement import student_arrive
from journal.register.services.people import (
    clean_person_name,
    guardian_create,
    staff_create,
    student_create,
    student_update,
)

from .import_helpers import student_row, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("raw,clean", [
    ("  Асанов ", "Асанов"), ("Абдыкадыр  уулу", "Абдыкадыр уулу"), ("Мамыт\u00a0\tкызы", "Мамыт кызы"),
    ("", ""), (None, ""),
])
def test_clean_person_name(raw, clean):
    assert clean_person_name(raw) == clean


def test_services_save_clean_names(small_school):
    school = small_school.school
    student = student_create(school=school, last_name="  Өмүрбеков  ", first_name="Нур  Султан", sex="m",
                             patronymic=" Асан   уулу ")
    student.refresh_from_db()
    assert (student.last_name, student.first_name, student.patronymic) == ("Өмүрбеков", "Нур Султан", "Асан уулу")
    student_update(student=student, first_name=" Нурсултан  ")
    student.refresh_from_db()
    assert student.first_name == "Нурсултан"
    guardian = guardian_create(school=school, last_name="Асанова  ", first_name="  Гүл  Жан")
    assert (guardian.last_name, guardian.first_name) == ("Асанова", "Гүл Жан")
    member = staff_create(school=school, last_name=" Ниязова ", first_name="Айгүл   Мээрим")
    assert member.first_name == "Айгүл Мээрим"


def test_forms_clean_names(small_school):
    form = StudentForm(data={"last_name": " Эсеңов   ", "first_name": "Бек  Мырза", "patronymic": "", "sex": "m"},
                       show_personal=False, allow_class=False)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["last_name"] == "Эсеңов" and form.cleaned_data["first_name"] == "Бек Мырза"
    form = GuardianForm(data={"last_name": "  Токтогулова", "first_name": "Жылдыз  ", "patronymic": "Асан  кызы"},
                        show_personal=False)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["patronymic"] == "Асан кызы"


def test_arrival_saves_clean_names(small_school):
    s = small_school
    with translation.override("ky"):
        form = ArrivalForm(data={"last_name": " Үсөнов  ", "first_name": "Эр   Төштүк", "patronymic": "",
                                 "sex": "m", "class_group": s.class_a.pk, "date": "2026-10-01",
                                 "reason": "from_school"}, school=s.school)
        assert form.is_valid(), form.errors
    record = student_arrive(student=form.new_student(), class_group=s.class_a, date=datetime.date(2026, 10, 1))
    student = record.student
    student.refresh_from_db()
    assert (student.last_name, student.first_name) == ("Үсөнов", "Эр Төштүк")


def test_import_saves_clean_names(small_school, tmp_path):
    row = student_row(1, last_name="  Асанов   Бек ", first_name="Бакыт  ", pin=False, guardians=0)
    path = write_xlsx(tmp_path / "names.xlsx", [row])
    import_apply(school=small_school.school, kind=STUDENTS, path=path)
    from journal.register.models import Student

    assert Student.objects.filter(last_name="Асанов Бек", first_name="Бакыт").exists()
