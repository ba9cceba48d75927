"""Kyrgyz and Russian: translation with wagtail-localize (sync from Kyrgyz), the language
switcher (same page, nearest translated ancestor, sub-routes, non-page views), hreflang,
<html lang> and locale-aware furniture."""

import datetime
import re

import pytest
from django.urls import reverse

from cms import factories as cf
from site_settings.models import MainMenu, SchoolProfile

pytestmark = pytest.mark.django_db


def switcher_links(content):
    """{language: url} of the language switcher."""
    nav = content.split('class="lang-switch"')[1].split("</nav>")[0]
    return dict((code, url) for url, code in re.findall(r'<a href="([^"]+)" hreflang="(\w+)"', nav))


def test_translation_with_wagtail_localize_syncs_from_kyrgyz(client, site_tree_ru):
    facts_ru = site_tree_ru.facts_ru
    assert facts_ru.locale.language_code == "ru"
    assert facts_ru.title == "Основные сведения"
    assert facts_ru.live
    # language-neutral fields are synchronised from the original
    assert facts_ru.founding_date == datetime.date(1961, 9, 1)
    assert facts_ru.translation_key == site_tree_ru.facts.translation_key
    # the Russian tree hangs under the Russian home page and is served under /ru/
    assert facts_ru.url == "/ru/about/basic-facts/"
    response = client.get(facts_ru.url)
    assert response.status_code == 200
    assert '<html lang="ru">' in response.content.decode()
    assert "Основные сведения" in response.content.decode()


def test_changes_to_the_original_reach_the_translation(site_tree_ru):
    facts = site_tree_ru.facts
    facts.founding_date = datetime.date(1962, 9, 1)
    facts.full_name = "№2 орто мектеби"
    facts.save_revision().publish()
    facts_ru = cf.translate_page(facts, translations={"№2 орто мектеби": "Средняя школа №2"})
    assert facts_ru.founding_date == datetime.date(1962, 9, 1)
    assert facts_ru.full_name == "Средняя школа №2"
    assert facts_ru.title == "Основные сведения"  # the earlier translation is kept


def test_switcher_leads_to_the_same_page_in_the_other_language(client, site_tree_ru):
    links = switcher_links(client.get(site_tree_ru.facts.url).content.decode())
    assert links == {"ru": "/ru/about/basic-facts/"}
    links = switcher_links(client.get("/ru/about/basic-facts/").content.decode())
    assert links == {"ky": "/ky/about/basic-facts/"}


def test_switcher_falls_back_to_the_nearest_translated_ancestor(client, site_tree_ru):
    # the structure page has no Russian translation: its parent "about" has
    links = switcher_links(client.get(site_tree_ru.structure.url).content.decode())
    assert links == {"ru": "/ru/about/"}


def test_switcher_keeps_the_teacher_sub_route_and_the_filter(client, site_tree_ru, teachers):
    url = site_tree_ru.staff.teacher_url(teachers.asanova)
    links = switcher_links(client.get(url).content.decode())
    assert links == {"ru": f"/ru/about/teachers/{teachers.asanova.pk}/"}
    response = client.get(links["ru"])
    assert response.status_code == 200
    assert "Высшая категория" in response.content.decode()
    links = switcher_links(client.get(site_tree_ru.staff.url, {"subject": teachers.math.pk}).content.decode())
    assert links == {"ru": f"/ru/about/teachers/?subject={teachers.math.pk}"}


def test_switcher_on_non_page_views_uses_the_url_in_the_other_language(client, site_tree_ru):
    content = client.get(reverse("cms:search"), {"q": "мектеп"}).content.decode()
    assert switcher_links(content)["ru"].startswith("/ru/search/")
    content = client.get("/ru/accounts/login/").content.decode()
    assert switcher_links(content) == {"ky": "/ky/accounts/login/"}


def test_hreflang_alternates_and_html_lang(client, site_tree_ru):
    content = client.get("/ky/about/basic-facts/").content.decode()
    assert '<html lang="ky">' in content
    # absolute on the Site's configured host (manage.py site_url), not the request's Host header
    root = site_tree_ru.site.root_url
    assert f'<link rel="alternate" hreflang="ru" href="{root}/ru/about/basic-facts/">' in content
    assert f'<link rel="alternate" hreflang="ky" href="{root}/ky/about/basic-facts/">' in content
    assert f'<link rel="alternate" hreflang="x-default" href="{root}/ky/about/basic-facts/">' in content


def test_furniture_follows_the_language(client, site_tree_ru, ru_locale):
    site = site_tree_ru.site
    profile = SchoolProfile.objects.create(site=site, locale=site_tree_ru.home.locale, full_name="№1 орто мектеби")
    profile_ru = profile.copy_for_translation(ru_locale)
    profile_ru.full_name = "Средняя школа №1"
    profile_ru.save()
    menu = MainMenu.objects.create(site=site, locale=site_tree_ru.home.locale,
                                   items=[("item", {"page": site_tree_ru.about, "title": ""})])
    menu.copy_for_translation(ru_locale).save()

    ky = client.get("/ky/").content.decode()
    ru = client.get("/ru/").content.decode()
    assert "№1 орто мектеби" in ky and "Средняя школа №1" not in ky
    assert "Средняя школа №1" in ru
    # the Russian menu points at the Russian page, with its Russian title
    assert '<a href="/ru/about/">Сведения о школе</a>' in ru
    assert '<a href="/ky/about/">Мектеп жөнүндө маалымат</a>' in ky


def test_root_sends_russian_browsers_to_russian(client, site_tree_ru):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ru").url == "/ru/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ky,ru;q=0.5").url == "/ky/"
