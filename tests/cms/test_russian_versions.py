"""Issue 9 §5 (R-S13): a field filled only in Kyrgyz is labelled on the Russian page, never passed
off as Russian; the admin lists the pages and news items with no Russian version, with a link to
translate each."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from cms import factories as cf
from journal.register import factories as f
from journal.register.models import Holiday
from portal.lang import InKyrgyz

pytestmark = pytest.mark.django_db


def label_ru():
    with translation.override("ru"):
        return gettext("in Kyrgyz")


def test_teacher_field_only_in_kyrgyz_is_labelled_on_the_russian_page(client, site_tree_ru, teachers):
    # Osmonov's training is filled in Kyrgyz only; Asanova's in both languages
    page = client.get(site_tree_ru.staff_ru.teacher_url(teachers.osmonov)).content.decode()
    assert f'<span lang="ky">{teachers.osmonov.training_ky}</span> <small class="lang-fallback">({label_ru()})</small>' \
        in page
    page = client.get(site_tree_ru.staff_ru.teacher_url(teachers.asanova)).content.decode()
    assert teachers.asanova.training_ru in page and "lang-fallback" not in page
    # the Kyrgyz page shows the Kyrgyz text, unlabelled
    page = client.get(site_tree_ru.staff.teacher_url(teachers.osmonov)).content.decode()
    assert teachers.osmonov.training_ky in page and "lang-fallback" not in page


def test_holiday_named_only_in_kyrgyz_is_labelled_in_russian(school):
    year = f.AcademicYearFactory(school=school)
    holiday = Holiday.objects.create(year=year, name="Күзгү эс алуу", name_ru="", start=datetime.date(2026, 11, 3),
                                     end=datetime.date(2026, 11, 9))
    with translation.override("ru"):
        assert isinstance(holiday.title, InKyrgyz) and holiday.title == "Күзгү эс алуу"
        holiday.name_ru = "Осенние каникулы"
        assert holiday.title == "Осенние каникулы" and not isinstance(holiday.title, InKyrgyz)
    with translation.override("ky"):
        assert not isinstance(holiday.title, InKyrgyz)


def test_admin_lists_pages_and_news_without_a_russian_version(client, site_tree_ru, site_users):
    tree = site_tree_ru
    client.force_login(site_users.editor)
    response = client.get(reverse("cms_untranslated_report"))
    assert response.status_code == 200
    missing = response.context["missing"]
    news = {row["page"].pk for row in missing["news"]}
    pages = {row["page"].pk for row in missing["pages"]}
    assert news == {tree.news_item.pk, tree.event.pk}
    assert {tree.structure.pk, tree.news.pk, tree.contacts.pk} <= pages
    assert not pages & {tree.home.pk, tree.about.pk, tree.facts.pk, tree.staff.pk}  # translated
    html = response.content.decode()
    assert reverse("wagtail_localize:submit_page_translation", args=[tree.news_item.pk]) in html

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-untranslated-news="2"' in dashboard

    # once translated, the news index and the news item leave the list
    cf.translate_page(tree.news_item, translations={"Билим күнү": "День знаний"})
    missing = client.get(reverse("cms_untranslated_report")).context["missing"]
    assert {row["page"].pk for row in missing["news"]} == {tree.event.pk}
    assert tree.news.pk not in {row["page"].pk for row in missing["pages"]}


def test_report_needs_the_admin(client, site_tree, school):
    assert client.get(reverse("cms_untranslated_report")).status_code == 302
