"""Words with two meanings get a context (issue 9 §6): a class's grade level is not a mark, a
person's name is not a thing's name, a job position is not the place of a mark in a cell, the
accounts page («Logins») is not the number of sign-ins."""

import pytest
from django.utils import translation

from journal.gradebook.models import Grade, PeriodGrade
from journal.register.models import AcademicYear, ClassGroup, CurriculumHours, StaffMember, Student

EXPECTED = {
    "ky": {"class grade": "класс", "mark": "баа", "year name": "аталышы", "first name": "аты",
           "job": "кызматы", "order": "орду"},
    "ru": {"class grade": "класс", "mark": "оценка", "year name": "название", "first name": "имя",
           "job": "должность", "order": "порядок"},
}


def _label(model, field):
    return str(model._meta.get_field(field).verbose_name)


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_model_fields_with_two_meanings(language):
    want = EXPECTED[language]
    with translation.override(language):
        assert _label(ClassGroup, "grade") == _label(CurriculumHours, "grade") == want["class grade"]
        assert _label(Grade, "value") == _label(PeriodGrade, "value") == str(Grade._meta.verbose_name) == want["mark"]
        assert _label(AcademicYear, "name") == want["year name"]
        assert _label(Student, "first_name") == want["first name"]
        assert _label(StaffMember, "position") == want["job"]
        assert _label(Grade, "position") == want["order"]


@pytest.mark.parametrize("language,accounts,sign_ins", [("ky", "Логиндер", "Кирүүлөр"), ("ru", "Логины", "Входы")])
def test_logins_page_and_number_of_sign_ins_differ(language, accounts, sign_ins):
    with translation.override(language):
        assert translation.pgettext("user accounts", "Logins") == accounts
        assert translation.pgettext("number of sign-ins", "Logins") == sign_ins
