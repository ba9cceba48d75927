"""Browser test of the logins for a class (R-J8): the deputy ticks the class, issues the logins,
sees the one-time passwords once and prints the slips; a student logs in with the slip and is
made to choose their own password first."""

import pytest
from django.urls import reverse
from django.utils import translation

from journal.register import factories as f
from portal.roles import Role

# transaction=True without serialized_rollback: the fixture makes every row it needs, so the test
# passes whether or not another transactional test emptied the database before it
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

@pytest.fixture
def class_5a(transactional_db):
    from wagtail.models import Locale

    for code in ("ky", "ru"):
        Locale.objects.get_or_create(language_code=code)
    school = f.SchoolFactory(code="e2e-logins", name_ky="№1 мектеп", name_ru="Школа №1")
    year = f.AcademicYearFactory(school=school)
    c = f.ClassGroupFactory(school=school, year=year, grade=5, letter="А")
    f.StudentFactory(school=school, class_group=c, last_name="Үсөнов", first_name="Чыңгыз")
    f.StudentGuardianFactory(student=f.StudentFactory(school=school, class_group=c, last_name="Исакова",
                                                      first_name="Айпери", sex="f"),
                             guardian=f.GuardianFactory(school=school, last_name="Исакова", first_name="Жылдыз"))
    f.user_with_role(school, Role.DEPUTY, "deputy", first_name="Эльмира", last_name="Кадырова")
    return c


def _login(page, base, username, password):
    page.goto(f"{base}/ky/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()


def test_deputy_issues_logins_and_student_changes_password(browser, live_server, class_5a):
    page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    _login(page, live_server.url, "deputy", "Mektep-2026")
    with translation.override("ky"):
        url = reverse("journal:accounts_class", args=[class_5a.pk])
    page.goto(live_server.url + url)
    # everyone without a login is ticked
    assert page.locator("input[name=students]:checked").count() == 2
    assert page.locator("input[name=guardians]:checked").count() == 1
    page.locator("form button[type=submit]").last.click()
    page.wait_for_selector("table.credentials")
    rows = page.locator("table.credentials tbody tr")
    assert rows.count() == 3
    text = page.locator("table.credentials").inner_text()
    assert "chyngyz.usonov" in text and "jyldyz.isakova" in text
    row = page.locator("table.credentials tbody tr", has_text="chyngyz.usonov")
    password = row.locator("td.secret").nth(1).inner_text().strip()
    assert len(password) == 8

    page.locator("input[name=language][value=ru]").check()
    with page.expect_download() as download:
        page.locator("form[action$='/logins/slips/'] button[type=submit]").click()
    assert download.value.suggested_filename.endswith("-ru.pdf")

    # the student logs in with the slip and must choose a password first
    student = browser.new_page(viewport={"width": 390, "height": 844})
    _login(student, live_server.url, "chyngyz.usonov", password)
    assert "/accounts/password/change/" in student.url
    student.fill("input[name=oldpassword]", password)
    student.fill("input[name=password1]", "Тоо-Ала-Тоо-2026")
    student.fill("input[name=password2]", "Тоо-Ала-Тоо-2026")
    student.press("input[name=password2]", "Enter")
    student.wait_for_load_state()
    student.goto(f"{live_server.url}/ky/app/")
    assert "/accounts/password/change/" not in student.url
