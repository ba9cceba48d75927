"""Browser test of the Content-Security-Policy (issue 12 §2): in Chromium, the app's pages whose
behaviour moved from inline handlers to static files still work (the class picker of the
timetable, the period picker of the period grades, the confirmation before deleting an event),
the Wagtail admin's dashboard and page editor load, and the browser reports no violation."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from cms import factories as cf
from cms.setup import SITE_ADMIN, ensure_site_roles
from journal.gradebook.models import SchoolEvent
from journal.register import factories as f
from portal.roles import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Mektep-2026"


@pytest.fixture
def school(transactional_db):
    from wagtail.models import Locale, Page

    ky = Locale.objects.get_or_create(language_code="ky")[0]
    Locale.objects.get_or_create(language_code="ru")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=ky))
    school = f.SchoolFactory(code="e2e-csp", name_ky="№1 мектеп", name_ru="Школа №1")
    year = f.AcademicYearFactory(school=school)
    f.StudyPeriodFactory(year=year)
    classes = [f.ClassGroupFactory(school=school, year=year, grade=g, letter="А") for g in (5, 6)]
    f.user_with_role(school, Role.DEPUTY, "deputy")
    SchoolEvent.objects.create(school=school, title_ky="Ата-энелер жыйыны", title_ru="Родительское собрание", start=datetime.date.today())
    ensure_site_roles()
    admin = f.UserFactory(username="siteadmin")
    admin.groups.add(Group.objects.get(name=SITE_ADMIN))
    home = cf.HomePageFactory()
    return school, classes, home


def open_logged_in(browser, live_server, username):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(f"{live_server.url}/ky/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()
    return page, violations


def test_the_wagtail_admin_works_under_its_policy(browser, live_server, school):
    _school, _classes, home = school
    page, violations = open_logged_in(browser, live_server, "siteadmin")
    page.goto(live_server.url + "/admin/")
    assert page.locator("#wagtail-sidebar, [data-wagtail-sidebar], .sidebar").count() > 0 or "Wagtail" in page.content()
    page.goto(live_server.url + f"/admin/pages/{home.pk}/edit/")
    page.wait_for_selector("form#page-edit-form, form[data-edit-form]", timeout=20000)
    page.wait_for_timeout(500)
    assert violations == []


def test_app_pages_work_without_inline_script(browser, live_server, school):
    school, classes, _home = school
    page, violations = open_logged_in(browser, live_server, "deputy")

    # the class picker (data-go): choosing another class opens its timetable
    page.goto(live_server.url + reverse("journal:timetable_class", args=[classes[0].pk]))
    page.select_option("#pick-class", label=str(classes[1]))
    page.wait_for_url("**" + reverse("journal:timetable_class", args=[classes[1].pk]))

    # the confirmation before deleting an event (data-confirm): dismissed, nothing is deleted
    page.goto(live_server.url + reverse("journal:events"))
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator("form[data-confirm] button").first.click()
    page.wait_for_timeout(300)
    assert SchoolEvent.objects.filter(school=school).count() == 1
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("form[data-confirm] button").first.click()
    page.wait_for_load_state()
    page.wait_for_function("() => !document.querySelector('form[data-confirm]')")
    assert SchoolEvent.objects.filter(school=school).count() == 0

    assert violations == []
    # no request of this page may still be on its way when the database is flushed for the next test
    page.wait_for_load_state("networkidle")
    page.close()
