"""Logins for everyone (R-J8): usernames from names, one-time passwords, a class in one step,
credential slips, forced change at the first login, deactivation."""

import shutil
import subprocess

import pytest
from django.contrib.auth import authenticate
from django.urls import reverse

from journal.register import factories as f
from journal.register.models import AccountIssue
from journal.register.services import accounts
from portal.models import Membership
from portal.roles import Role
from tests.journal.register.register_helpers import login, register_school_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name,latin", [
    ("Чыңгыз Үсөнов", "chyngyz usonov"),
    ("Жылдыз Төрөбекова", "jyldyz torobekova"),
    ("Шайыргүл Өмүркан", "shayyrgul omurkan"),
    ("Артём Фёдоров", "artyom fyodorov"),
    ("Щукин Юрий Ярославич", "schukin yuriy yaroslavich"),
    ("Мээрим Ысык", "meerim ysyk"),
])
def test_transliteration_of_kyrgyz_and_russian(name, latin):
    assert accounts.transliterate(name) == latin


def test_username_base_and_uniqueness(db):
    assert accounts.username_base("Чыңгыз", "Үсөнов") == "chyngyz.usonov"
    assert accounts.username_base("Айгүл-Ай", "Д'Артаньян") == "aygulay.dartanyan"
    f.UserFactory(username="aibek.asanov")
    f.UserFactory(username="aibek.asanov2")
    assert accounts.unique_usernames(["aibek.asanov", "aibek.asanov", "nurlan.isakov"]) == [
        "aibek.asanov3", "aibek.asanov4", "nurlan.isakov"]


def test_one_time_password_is_easy_to_type():
    passwords = {accounts.one_time_password() for _ in range(200)}
    assert len(passwords) == 200
    for p in passwords:
        assert len(p) == 8 and set(p) <= set(accounts.PASSWORD_ALPHABET)
        assert not set(p) & set("0o1li")


def test_class_logins_issued_in_one_step(register_school):
    s = register_school
    students = [x for x in s.students_a if x.user_id is None]
    guardians = [s.guardian, s.guardian_x]  # the parent already has a login
    credentials = accounts.class_logins_issue(class_group=s.class_a, issued_by=s.deputy, students=students,
                                              guardians=guardians)
    assert len(credentials) == len(students) + 2
    by_person = {(c.kind, c.person_id): c for c in credentials}
    for student in students:
        student.refresh_from_db()
        c = by_person[("student", student.pk)]
        assert c.created and student.user.username == c.username
        assert student.user.must_change_password
        assert student.user.password != c.password and c.password not in student.user.password  # a hash only
        assert authenticate(username=c.username, password=c.password) == student.user
        assert Membership.objects.filter(user=student.user, school=s.school, role=Role.STUDENT, is_active=True).exists()
        assert c.details == ["5 «А»"]
    parent = by_person[("parent", s.guardian.pk)]
    assert not parent.created and parent.username == "parent"  # re-issue: the password is reset
    assert authenticate(username="parent", password=parent.password) == s.parent_user
    assert authenticate(username="parent", password="Mektep-2026") is None
    assert len(parent.details) == 2  # one login for the children in 5 «А» and 5 «Б»
    assert Membership.objects.filter(user=s.guardian_x.__class__.objects.get(pk=s.guardian_x.pk).user,
                                     role=Role.PARENT).exists()
    assert AccountIssue.objects.filter(school=s.school, issued_by=s.deputy).count() == len(credentials)


def test_logins_only_for_people_of_the_class(register_school):
    s = register_school
    with pytest.raises(ValueError):
        accounts.class_logins_issue(class_group=s.class_a, issued_by=s.deputy, students=[s.students_b[0]])
    with pytest.raises(ValueError):
        accounts.class_logins_issue(class_group=s.class_a, issued_by=s.deputy, guardians=[s.guardian_y])


def test_issue_logins_in_the_browser_and_print_slips(client, register_school):
    s = register_school
    login(client, s.deputy)
    url = reverse("journal:accounts_class", args=[s.class_a.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, {"students": [s.students_a[2].pk, s.students_a[3].pk], "guardians": [s.guardian_x.pk]})
    assert response.status_code == 200
    credentials = response.context["credentials"]
    assert len(credentials) == 3
    content = response.content.decode()
    assert all(c.password in content for c in credentials)
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    token = response.context["form"]["token"].value()
    for language, heading in (("ky", "Mektep"), ("ru", "Mektep")):
        pdf = client.post(reverse("journal:accounts_slips"), {"token": token, "language": language})
        assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")
        assert heading
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout.decode()
        assert credentials[0].username in text and credentials[0].password in text
        assert "http://testserver/" in text
    # a forged token is refused; nothing about passwords is kept on the server
    assert client.post(reverse("journal:accounts_slips"), {"token": token[:-2] + "xx", "language": "ky"}).status_code == 403
    s.students_a[2].refresh_from_db()
    assert credentials[0].password not in s.students_a[2].user.password


def test_forced_password_change_at_first_login(client, register_school):
    s = register_school
    credential = accounts.class_logins_issue(class_group=s.class_a, issued_by=s.deputy, students=[s.students_a[4]])[0]
    client.logout()
    response = client.post(reverse("account_login"), {"login": credential.username, "password": credential.password})
    assert response.status_code == 302
    response = client.get(reverse("portal:start"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_change_password"))
    response = client.post(reverse("account_change_password"), {
        "oldpassword": credential.password, "password1": "Жаңы-Сыр-2026!", "password2": "Жаңы-Сыр-2026!"})
    assert response.status_code == 302
    s.students_a[4].user.refresh_from_db()
    assert not s.students_a[4].user.must_change_password
    response = client.get(reverse("portal:start"))
    assert not response.url.startswith(reverse("account_change_password"))


def test_leaving_student_deactivates_accounts_but_parent_keeps_login_for_another_child(register_school):
    s = register_school
    accounts.student_accounts_set_active(student=s.students_a[1], active=False)
    s.parent_user.refresh_from_db()
    assert s.parent_user.is_active  # the other child in 5 «Б» still studies
    accounts.student_accounts_set_active(student=s.students_a[0], active=False)
    s.student_user.refresh_from_db()
    assert not s.student_user.is_active
    accounts.student_accounts_set_active(student=s.students_a[0], active=True)
    s.student_user.refresh_from_db()
    assert s.student_user.is_active


def test_staff_login_and_roles_page(client, register_school):
    s = register_school
    member = f.StaffMemberFactory(school=s.school, first_name="Нуржан", last_name="Мамытова")
    login(client, s.director)
    response = client.post(reverse("journal:staff_login", args=[member.pk]))
    assert response.status_code == 200
    credential = response.context["credentials"][0]
    assert credential.username == "nurjan.mamytova"
    member.refresh_from_db()
    assert Membership.objects.filter(user=member.user, role=Role.TEACHER, is_active=True).exists()
    response = client.post(reverse("journal:role_set", args=[member.pk]), {"role": "deputy", "action": "grant"})
    assert response.status_code == 302
    assert Membership.objects.filter(user=member.user, role=Role.DEPUTY, is_active=True).exists()
    page = client.get(reverse("journal:role_list"))
    assert "Мамытова Нуржан" in page.content.decode()
