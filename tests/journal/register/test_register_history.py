"""History of changes (R-I4, R-I16): every change of personal data and class membership is kept
(django-simple-history) and shown on the person's page: who, when, field, old → new."""

import pytest
from django.urls import reverse

from journal.register.services import people
from tests.journal.register.register_helpers import give_consent, login, register_school_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def test_edit_in_the_browser_is_shown_on_the_page(client, register_school):
    s = register_school
    student = s.students_a[2]
    give_consent(student)
    login(client, s.class_teacher_user)
    url = reverse("journal:student_edit", args=[student.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update({"sex": "m", "address": "Барпы көч., 12", "birth_date": "2015-03-14"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else None
    history = student.history.first()
    assert history.history_user == s.class_teacher_user
    page = login(client, s.deputy).get(reverse("journal:student_detail", args=[student.pk])).content.decode()
    assert "Барпы көч., 12" in page and str(s.class_teacher_user) in page
    assert 'class="history__old"' in page


def test_class_membership_and_parent_links_are_in_the_history(client, register_school):
    s = register_school
    student = s.students_a[2]
    give_consent(student)
    people.student_update(student=student, class_group=s.class_b)
    people.guardian_unlink(student=student, guardian=s.guardian_x)
    page = login(client, s.deputy).get(reverse("journal:student_detail", args=[student.pk])).content.decode()
    assert "5 «А»" in page and "5 «Б»" in page
    assert s.guardian_x.full_name in page  # the unlinked parent is still named in the history


def test_hidden_fields_are_hidden_in_the_history_too(client, register_school):
    s = register_school
    student = s.students_a[2]
    people.student_update(student=student, address="Секреттүү көч., 1")
    page = login(client, s.deputy).get(reverse("journal:student_detail", args=[student.pk])).content.decode()
    assert "Секреттүү" not in page
    page = login(client, s.sysadmin).get(reverse("journal:student_detail", args=[student.pk])).content.decode()
    assert "Секреттүү" in page


def test_conflicting_edit_is_not_silently_overwritten(client, register_school):
    s = register_school
    guardian = s.guardian_x
    give_consent(guardian)
    login(client, s.deputy)
    url = reverse("journal:guardian_edit", args=[guardian.pk])
    form = client.get(url).context["form"]
    people.guardian_update(guardian=guardian, phone="+996 700 000 001")  # someone else saves meanwhile
    data = {"last_name": guardian.last_name, "first_name": guardian.first_name, "patronymic": guardian.patronymic,
            "phone": "+996 555 999 999", "version": form.initial["version"]}
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].has_error("__all__", code="conflict")
    guardian.refresh_from_db()
    assert guardian.phone == "+996700000001"  # stored in the one international form
    assert "+996 555 999 999" in response.content.decode()  # what was typed is kept
    data["version"] = response.context["form"]["version"].value()
    assert client.post(url, data).status_code == 302
    guardian.refresh_from_db()
    assert guardian.phone == "+996555999999"


def test_conflicting_student_edit_keeps_what_was_typed(client, register_school):
    """Students go through the same conflict-aware edit helper as parents (save_versioned)."""
    s = register_school
    student = s.students_a[2]
    give_consent(student)
    login(client, s.deputy)
    url = reverse("journal:student_edit", args=[student.pk])
    form = client.get(url).context["form"]
    people.student_update(student=student, address="Ош ш., Ленин к., 5")  # someone else saves meanwhile
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data.update({"address": "Бишкек ш., Чүй пр., 1", "version": form.initial["version"]})
    if student.birth_date:
        data["birth_date"] = student.birth_date.isoformat()
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].has_error("__all__", code="conflict")
    assert "Чүй пр., 1" in response.content.decode()
    student.refresh_from_db()
    assert student.address == "Ош ш., Ленин к., 5"
    data["version"] = response.context["form"]["version"].value()
    assert client.post(url, data).status_code == 302
    student.refresh_from_db()
    assert student.address == "Бишкек ш., Чүй пр., 1"
