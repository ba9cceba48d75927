"""The demo website, built once for the class: every page type renders in Kyrgyz and Russian,
every mandated disclosure is filled in both languages, a workflow is in progress, and the
build can be run again."""

from django.contrib.auth.models import Group
from django.test import override_settings
from wagtail.models import Locale, Page, WorkflowState
from wagtail.test.utils import WagtailPageTestCase

from cms import models as m
from cms.demo import build_site
from cms.disclosure import build_report
from cms.setup import DIRECTOR, EDITOR, SITE_ADMIN
from journal.register import factories as f
from portal.models import User
from tests.cms.conftest import make_teacher

PAGE_TYPES = [
    m.HomePage, m.AboutSchoolPage, m.BasicFactsPage, m.StructurePage, m.EducationPage, m.AccreditationPage,
    m.LeadershipPage, m.TeachingStaffIndexPage, m.FacilitiesPage, m.AdmissionsPage, m.FinancePage,
    m.DocumentsPage, m.NewsIndexPage, m.NewsPage, m.EventPage, m.GalleryIndexPage, m.GalleryPage,
    m.ContactPage, m.SiteMapPage,
]


@override_settings(MEDIA_ROOT="/tmp/mektep-test-media/cms-demo")
class DemoSiteTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.school = f.SchoolFactory(code="demo-test", name_ky="№5 орто мектеби", name_ru="Средняя школа №5")
        math = f.SubjectFactory(school=cls.school, name_ky="Математика", name_ru="Математика")
        cls.teacher = make_teacher(cls.school, [math], last_name="Асанова", first_name="Гүлзат", patronymic="Бакытовна")
        make_teacher(cls.school, [], last_name="Касенова", first_name="Бактыгүл", position="director", is_teaching=False,
                     email="director@example.org", phone="+996 555 000 000")
        cls.home = build_site(cls.school)
        cls.ky = Locale.objects.get(language_code="ky")
        cls.ru = Locale.objects.get(language_code="ru")

    def pages_of(self, model, locale):
        return model.objects.live().filter(locale=locale).order_by("path")

    def test_every_page_type_renders_in_kyrgyz_and_russian(self):
        for model in PAGE_TYPES:
            for locale in (self.ky, self.ru):
                with self.subTest(model=model.__name__, language=locale.language_code):
                    page = self.pages_of(model, locale).first()
                    self.assertIsNotNone(page, "the demo has no such page")
                    response = self.client.get(page.url)
                    self.assertEqual(response.status_code, 200)
                    self.assertContains(response, f'<html lang="{locale.language_code}">')
                    self.assertContains(response, 'hreflang="ky"')
                    self.assertContains(response, 'hreflang="ru"')

    def test_russian_pages_carry_the_russian_text(self):
        facts = self.pages_of(m.BasicFactsPage, self.ru).first()
        response = self.client.get(facts.url)
        self.assertContains(response, "Основные сведения")
        self.assertContains(response, "Понедельник – пятница")
        self.assertNotContains(response, "Дүйшөмбү")

    def test_teacher_directory_and_page_come_from_the_register(self):
        staff = self.pages_of(m.TeachingStaffIndexPage, self.ru).first()
        response = self.client.get(staff.url)
        self.assertContains(response, "Асанова Гүлзат Бакытовна")
        url = staff.teacher_url(self.teacher)
        response = self.client.get(url)
        self.assertContains(response, "Высшая категория")
        self.assertContains(response, "Учитель математики")

    def test_every_mandated_item_is_filled_in_both_languages(self):
        report = build_report(self.school.site)
        missing = [(row.item.key, code, cell.status) for row in report.rows for code, cell in row.cells.items() if not cell.ok]
        self.assertEqual(missing, [])
        self.assertEqual(report.staff_total, 1)

    def test_the_director_from_the_register_leads_the_leadership_page(self):
        leadership = self.pages_of(m.LeadershipPage, self.ky).first()
        self.assertEqual(leadership.head["last_name"], "Касенова")

    def test_one_page_waits_for_approval(self):
        state = WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).get()
        page = state.content_object
        self.assertFalse(page.live)
        self.assertEqual(page.owner.username, "editor")
        response = self.client.get(page.get_parent().url)
        self.assertNotContains(response, page.title)

    def test_demo_accounts_and_groups(self):
        self.assertTrue(User.objects.get(username="siteadmin").groups.filter(name=SITE_ADMIN).exists())
        self.assertTrue(User.objects.get(username="editor").groups.filter(name=EDITOR).exists())
        self.assertTrue(User.objects.get(username="director").groups.filter(name=DIRECTOR).exists())
        self.assertTrue(self.client.login(username="siteadmin", password="Mektep-2026"))
        self.assertTrue(Group.objects.filter(name=EDITOR).exists())

    def test_school_is_linked_to_the_site(self):
        self.school.refresh_from_db()
        self.assertEqual(self.school.site.root_page_id, self.home.pk)

    def test_admin_edit_forms_open_for_every_page_type(self):
        from django.urls import reverse

        self.client.force_login(User.objects.get(username="siteadmin"))
        for model in PAGE_TYPES:
            for locale in (self.ky, self.ru):
                with self.subTest(model=model.__name__, language=locale.language_code):
                    page = self.pages_of(model, locale).first()
                    response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
                    self.assertEqual(response.status_code, 200)

    def test_admin_furniture_and_settings_open(self):
        from django.urls import reverse

        self.client.force_login(User.objects.get(username="siteadmin"))
        site = self.school.site
        urls = [
            reverse("wagtailsnippets_site_settings_announcement:list"),
            reverse("wagtailsnippets_site_settings_schoolprofile:list"),
            reverse("wagtailsnippets_site_settings_mainmenu:list"),
            reverse("wagtailsnippets_cms_usefullink:list"),
            reverse("wagtailsettings:edit", args=["site_settings", "schoolidentity", site.pk]),
            reverse("wagtailsettings:edit", args=["site_settings", "schoolcontacts", site.pk]),
            reverse("wagtailsettings:edit", args=["site_settings", "printsignatories", site.pk]),
            reverse("cms_disclosure_report"),
        ]
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_build_is_rerunnable(self):
        pages = Page.objects.count()
        home = build_site(self.school)
        self.assertEqual(Page.objects.count(), pages)
        self.assertEqual(Page.find_problems(), ([], [], [], [], []))
        self.school.refresh_from_db()
        self.assertEqual(self.school.site.root_page_id, home.pk)
        self.assertEqual(WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS).count(), 1)
        response = self.client.get(home.localized.url)
        self.assertEqual(response.status_code, 200)
