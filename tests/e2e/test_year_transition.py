"""Browser test of the year transition's drafts (issue 9 §6): the deputy chooses the letters of the
new grade-1 classes, sees the teaching assignments copied as a draft in the preview, leaves one
out, previews again and confirms; the new year has exactly what the preview showed."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from journal.register import factories as f
from journal.register.models import AcademicYear, ClassGroup, TeachingAssignment
from portal.roles import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def school_year(transactional_db):
    from wagtail.models import Locale

    for code in ("ky", "ru"):
        Locale.objects.get_or_create(language_code=code)
    school = f.SchoolFactory(code="e2e-year", name_ky="№2 мектеп", name_ru="Школа №2")
    year = f.AcademicYearFactory(school=school)
    deputy = f.user_with_role(school, Role.DEPUTY, "deputy")
    teacher = f.StaffMemberFactory(school=school, last_name="Асанова", first_name="Гүлзат")
    first = f.ClassGroupFactory(school=school, year=year, grade=1, letter="А")
    fifth = f.ClassGroupFactory(school=school, year=year, grade=5, letter="А")
    math = f.TeachingAssignmentFactory(class_group=fifth, teacher=teacher,
                                       subject=f.SubjectFactory(school=school, name_ky="Математика"))
    english = f.TeachingAssignmentFactory(class_group=fifth, teacher=teacher,
                                          subject=f.SubjectFactory(school=school, name_ky="Англис тили"))
    for cls in (first, fifth):
        f.StudentFactory(school=school, class_group=cls)
    return {"school": school, "deputy": deputy, "math": math, "english": english}


def test_deputy_confirms_the_drafted_assignments_and_new_first_grades(browser, live_server, school_year):
    client = Client()
    client.force_login(school_year["deputy"])
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}])
    page.goto(live_server.url + reverse("journal:year_transition"))
    letters = page.locator("#id_first_grade_letters")
    assert letters.input_value() == "А"  # this year's grade-1 letters
    letters.fill("А Б")
    with page.expect_navigation():
        page.locator("button[name=action][value=preview]").click()
    preview = page.locator("#preview")
    assert "1 «А»" in preview.inner_text() and "1 «Б»" in preview.inner_text()
    english_box = preview.locator(f"input[name=copy_assignment][value='{school_year['english'].pk}']")
    assert english_box.is_checked()
    english_box.uncheck()
    with page.expect_navigation():  # the choices changed: previewed again, nothing written
        page.locator("button[name=action][value=confirm]").click()
    assert not page.locator(f"input[name=copy_assignment][value='{school_year['english'].pk}']").is_checked()
    assert AcademicYear.objects.filter(school=school_year["school"]).count() == 1
    with page.expect_navigation():
        page.locator("button[name=action][value=confirm]").click()
    assert page.locator(".message--success").count() == 1
    new_year = AcademicYear.objects.get(school=school_year["school"], is_current=True)
    assert new_year.name == "2027–2028"
    assert list(TeachingAssignment.objects.filter(year=new_year).values_list("subject_id", flat=True)) == [
        school_year["math"].subject_id]
    assert sorted(ClassGroup.objects.filter(year=new_year, grade=1).values_list("letter", flat=True)) == ["А", "Б"]
    page.context.close()
