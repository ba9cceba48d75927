"""Browser test of the public website in headless Chromium: a visitor opens the home page in
Kyrgyz, switches to Russian, opens the teaching staff directory and a teacher's page, and finds
the teacher's qualification; the same journey works on a phone with the collapsed menu."""

import pytest
from wagtail.models import Locale, Page, Site

from cms import factories as cf
from journal.register import factories as f
from tests.cms.conftest import make_teacher

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

@pytest.fixture
def public_site(transactional_db):
    # serialized_rollback restores what the migrations made (locales, the tree root, the
    # default site, the site groups); recreate the essentials in case it could not
    ky = Locale.objects.get_or_create(language_code="ky")[0]
    Locale.objects.get_or_create(language_code="ru")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=ky))
    school = f.SchoolFactory(code="e2e-site", name_ky="№3 орто мектеби", name_ru="Средняя школа №3")
    math = f.SubjectFactory(school=school, name_ky="Математика", name_ru="Математика")
    teacher = make_teacher(school, [math], last_name="Асанова", first_name="Гүлзат", patronymic="Бакытовна",
                           qualification="highest")
    home = cf.HomePageFactory(site=False)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    else:
        site.root_page = home
        site.save()
    school.site = site
    school.save()
    about = cf.AboutSchoolPageFactory(parent=home)
    staff = cf.TeachingStaffIndexPageFactory(parent=about)
    cf.BasicFactsPageFactory(parent=about)
    cf.translate_page(home, translations={"Башкы бет": "Главная", "Кош келиңиздер!": "Добро пожаловать!"})
    cf.translate_page(about, translations={"Мектеп жөнүндө маалымат": "Сведения о школе"})
    cf.translate_page(staff, translations={"Педагогикалык курам": "Педагогический состав"})
    return {"teacher": teacher, "staff": staff}


def journey(page, base_url, teacher):
    page.goto(base_url + "/ky/")
    assert page.locator("html").get_attribute("lang") == "ky"
    assert "Кош келиңиздер!" in page.content()

    page.locator(".lang-switch a[hreflang=ru]").click()
    page.wait_for_url("**/ru/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert "Добро пожаловать!" in page.content()

    menu_toggle = page.locator(".site-nav__toggle summary")
    if menu_toggle.is_visible():  # a phone: the menu is collapsed
        menu_toggle.click()
        page.locator(".site-nav__toggle a", has_text="Сведения о школе").click()
    else:
        page.locator(".site-nav__wide a", has_text="Сведения о школе").click()
    page.wait_for_url("**/ru/about/")
    page.locator("main a", has_text="Педагогический состав").click()
    page.wait_for_url("**/ru/about/teachers/")
    assert page.locator("h1").inner_text() == "Педагогический состав"

    page.locator(".staff-card__name", has_text="Асанова Гүлзат Бакытовна").click()
    page.wait_for_url(f"**/ru/about/teachers/{teacher.pk}/")
    assert page.locator("h1").inner_text() == "Асанова Гүлзат Бакытовна"
    assert page.locator(".teacher__qualification").inner_text() == "Высшая категория"


def test_visitor_finds_a_teachers_qualification(browser, live_server, public_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ky-KG")
    journey(context.new_page(), live_server.url, public_site["teacher"])
    context.close()


def test_the_same_on_a_phone(browser, live_server, public_site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="ru-RU", is_mobile=True, has_touch=True)
    page = context.new_page()
    journey(page, live_server.url, public_site["teacher"])
    # nothing sticks out sideways on a 360 px screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
