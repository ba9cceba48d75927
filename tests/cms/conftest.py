"""Fixtures of the website tests: a school with teachers in the register and a small page tree
built with cms.factories (the full demo site is built once per class in test_demo_site.py)."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Locale, Site

from cms import factories as cf
from cms.setup import DIRECTOR, EDITOR, SITE_ADMIN, ensure_site_roles
from journal.register import factories as f
from journal.register.models import StaffMember

PASSWORD = "Mektep-2026"


def make_teacher(school, subjects, **fields):
    data = {
        "position": "teacher",
        "education_level": "higher",
        "education_ky": "Ош мамлекеттик университети, 2004",
        "education_ru": "Ошский государственный университет, 2004",
        "qualification": "highest",
        "specialty_ky": "Математика мугалими",
        "specialty_ru": "Учитель математики",
        "training_ky": "2025 — КББА, 72 саат",
        "training_ru": "2025 — КАО, 72 часа",
        "publications": "",
        "total_experience": 20,
        "specialty_experience": 18,
    }
    data.update(fields)
    member = StaffMember.objects.create(school=school, **data)
    member.subjects.set(subjects)
    return member


@pytest.fixture
def teachers(school):
    math = f.SubjectFactory(school=school, name_ky="Математика", name_ru="Математика", order=1)
    physics = f.SubjectFactory(school=school, name_ky="Физика", name_ru="Физика", order=2)
    history = f.SubjectFactory(school=school, name_ky="Тарых", name_ru="История", order=3)
    asanova = make_teacher(school, [math], last_name="Асанова", first_name="Гүлзат", patronymic="Бакытовна")
    osmonov = make_teacher(school, [physics], last_name="Осмонов", first_name="Улан", patronymic="Маратович",
                           qualification="first", specialty_ky="Физика мугалими", specialty_ru="Учитель физики",
                           training_ru="")
    hidden = make_teacher(school, [history], last_name="Жашыруун", first_name="Айбек", is_public=False)
    left = make_teacher(school, [history], last_name="Кеткен", first_name="Нурлан", is_active=False)
    return SimpleNamespace(math=math, physics=physics, history=history, asanova=asanova, osmonov=osmonov,
                           hidden=hidden, left=left)


@pytest.fixture
def site_tree(school, teachers):
    """Home, About with basic facts, teachers and the other disclosure pages (mostly empty),
    news with an item and an event, contacts and site map — in Kyrgyz only."""
    cf.ensure_tree_root()
    ensure_site_roles()  # again: an earlier transactional test may have emptied the database
    home = cf.HomePageFactory()
    site = Site.objects.get(is_default_site=True)
    school.site = site
    school.save()
    about = cf.AboutSchoolPageFactory(parent=home)
    tree = SimpleNamespace(site=site, home=home, about=about)
    tree.facts = cf.BasicFactsPageFactory(parent=about)
    tree.structure = cf.StructurePageFactory(parent=about)
    tree.education = cf.EducationPageFactory(parent=about)
    tree.accreditation = cf.AccreditationPageFactory(parent=about)
    tree.leadership = cf.LeadershipPageFactory(parent=about)
    tree.staff = cf.TeachingStaffIndexPageFactory(parent=about)
    tree.facilities = cf.FacilitiesPageFactory(parent=about)
    tree.admissions = cf.AdmissionsPageFactory(parent=about)
    tree.finance = cf.FinancePageFactory(parent=about)
    tree.documents = cf.DocumentsPageFactory(parent=about)
    tree.news = cf.NewsIndexPageFactory(parent=home)
    tree.news_item = cf.NewsPageFactory(parent=tree.news, title="Билим күнү", date=datetime.date.today())
    tree.event = cf.EventPageFactory(parent=tree.news, title="Ата-энелер жыйыны")
    tree.contacts = cf.ContactPageFactory(parent=home)
    tree.sitemap = cf.SiteMapPageFactory(parent=home)
    return tree


@pytest.fixture
def ru_locale(db):
    return Locale.objects.get_or_create(language_code="ru")[0]


@pytest.fixture
def site_tree_ru(site_tree, ru_locale):
    """The tree with Russian translations of home, about, basic facts and teachers."""
    site_tree.home_ru = cf.translate_page(site_tree.home, translations={"Башкы бет": "Главная"})
    site_tree.about_ru = cf.translate_page(site_tree.about, translations={"Мектеп жөнүндө маалымат": "Сведения о школе"})
    site_tree.facts_ru = cf.translate_page(site_tree.facts, translations={"Негизги маалыматтар": "Основные сведения"})
    site_tree.staff_ru = cf.translate_page(site_tree.staff, translations={"Педагогикалык курам": "Педагогический состав"})
    return site_tree


def _user_in_group(username, group):
    user = f.UserFactory(username=username)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def site_users(db):
    """One user per website group (the groups exist after migrate: cms.setup)."""
    cf.ensure_tree_root()
    ensure_site_roles()
    return SimpleNamespace(
        siteadmin=_user_in_group("siteadmin", SITE_ADMIN),
        editor=_user_in_group("editor", EDITOR),
        director=_user_in_group("web_director", DIRECTOR),
    )
