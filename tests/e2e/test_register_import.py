"""Browser test of the import: the deputy logs in (in Kyrgyz), uploads an XLSX with one bad row,
sees the error in the preview and nothing saved, fixes the file, uploads it again, confirms, and
finds the students."""

import datetime

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext

from journal.register import factories as f
from journal.register.models import Guardian, Student
from portal.roles import Role
from tests.journal.register.import_helpers import student_row, write_xlsx

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Mektep-2026"


@pytest.fixture
def school(transactional_db):
    from wagtail.models import Locale

    # a transactional test starts from an empty database (no rows made by migrations)
    for code in ("ky", "ru"):
        Locale.objects.get_or_create(language_code=code)
    school = f.SchoolFactory(code="e2e-import", name_ky="№1 мектеп", name_ru="Школа №1")
    year = f.AcademicYearFactory(school=school)
    f.ClassGroupFactory(school=school, year=year, grade=5, letter="А")
    f.ClassGroupFactory(school=school, year=year, grade=6, letter="Б")
    f.user_with_role(school, Role.DEPUTY, "deputy", first_name="Эльмира", last_name="Кадырова")
    return school


def ky(text, **values):
    with translation.override("ky"):
        return gettext(text) % values if values else gettext(text)


def test_deputy_imports_students_after_fixing_the_file(browser, live_server, school, tmp_path):
    rows = [
        student_row(1, cls="5 А", guardians=2, last_name="Сатыбалдиев", first_name="Эмир"),
        student_row(2, cls="6 «Б»", sex="f", last_name="Токтогулова", first_name="Айпери"),
        student_row(3, cls="7 В", last_name="Осмонов", first_name="Улан"),  # no such class
    ]
    bad = write_xlsx(tmp_path / "okuuchular.xlsx", rows)

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/ky/accounts/login/")
    page.fill("input[name=login]", "deputy")
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url

    with translation.override("ky"):
        upload_url = reverse("journal:import_students")
    page.goto(live_server.url + upload_url)
    page.set_input_files("input[type=file]", str(bad))
    page.get_by_role("button", name=ky("Check the file")).click()
    page.wait_for_selector("#errors")

    error = ky("There is no class %(name)s in the academic year %(year)s.", name="7 «В»", year="2026–2027")
    table = page.locator("#error-table")
    assert error in table.inner_text()
    assert "Осмонов" in table.inner_text()
    assert page.locator("h2", has_text=ky("The file has errors: nothing will be saved")).is_visible()
    assert not Student.objects.filter(school=school).exists()

    # fix the row and upload the corrected file from the preview page
    rows[2]["class"] = "6 Б"
    fixed = write_xlsx(tmp_path / "okuuchular-2.xlsx", rows)
    page.set_input_files("input[type=file]", str(fixed))
    page.get_by_role("button", name=ky("Check the file")).click()
    page.wait_for_selector("#ready")
    assert not Student.objects.filter(school=school).exists()

    page.locator("button[name=confirm]").click()
    page.wait_for_url("**/import/students/done/")
    assert ky("The import is finished") in page.locator("h2").first.inner_text()

    students = Student.objects.filter(school=school)
    assert students.count() == 3
    assert students.get(last_name="Осмонов").class_group.grade == 6
    assert Guardian.objects.filter(school=school).count() == 4
    assert students.get(last_name="Сатыбалдиев").birth_date == datetime.date(2014, 3, 14)

    # the students are in the register's list (when the list page is installed)
    try:
        with translation.override("ky"):
            list_url = reverse("journal:student_list")
    except NoReverseMatch:
        return
    page.goto(live_server.url + list_url)
    body = page.locator("main").inner_text()
    assert "Сатыбалдиев" in body and "Токтогулова" in body and "Осмонов" in body
