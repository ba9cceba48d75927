"""The public site on a real host: SITE_URL reaches the Site, the sitemap and canonical links;
robots.txt; canonical, description and Open Graph on every page type; x-default; noindex on
private pages; the favicon."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Site

pytestmark = pytest.mark.django_db

HOST = "https://school.example.kg"


@pytest.fixture
def real_host(site_tree, settings):
    settings.SITE_URL = HOST
    settings.ALLOWED_HOSTS = ["*"]
    call_command("site_url")
    return Site.objects.get(is_default_site=True)


def test_site_url_command_sets_host_and_https(real_host):
    assert (real_host.hostname, real_host.port) == ("school.example.kg", 443)
    assert real_host.root_url == HOST


def test_site_url_command_refuses_nonsense(site_tree):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("site_url", "ftp://x")


def test_sitemap_and_canonical_use_the_configured_host(client, real_host, teachers):
    sitemap = client.get("/sitemap.xml", HTTP_HOST="school.example.kg").content.decode()
    assert f"<loc>{HOST}/ky/about/basic-facts/</loc>" in sitemap
    assert "http://localhost" not in sitemap
    assert "<lastmod>" in sitemap
    page = client.get(real_host.root_page.specific.url, HTTP_HOST="school.example.kg").content.decode()
    assert f'<link rel="canonical" href="{HOST}/ky/">' in page


def test_robots_txt(client, real_host):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    for line in ("User-agent: *", "Disallow: /admin/", "Disallow: /django-admin/", "Disallow: /ky/app/",
                 "Disallow: /ru/app/", "Disallow: /ky/accounts/", "Disallow: /ru/accounts/",
                 f"Sitemap: {HOST}/sitemap.xml"):
        assert line in body.splitlines()


def test_every_public_page_type_has_canonical_description_and_open_graph(client, site_tree, teachers):
    pages = list(site_tree.home.get_descendants(inclusive=True).live().specific())
    assert len({type(p) for p in pages}) >= 15
    urls = [p.url for p in pages] + [site_tree.staff.teacher_url(teachers.asanova)]
    for url in urls:
        content = client.get(url).content.decode()
        for tag in ('<link rel="canonical" href="http://', '<meta name="description" content="',
                    '<meta property="og:title"', '<meta property="og:description"', '<meta property="og:url"',
                    '<meta property="og:type"', '<meta property="og:locale" content="ky_KG">',
                    'hreflang="x-default"'):
            assert tag in content, (url, tag)
        assert 'name="robots"' not in content


def test_description_falls_back_to_the_intro_and_is_short(client, site_tree):
    page = site_tree.facts
    page.search_description = ""
    page.intro = "Мектеп " * 60
    page.save_revision().publish()
    content = client.get(page.url).content.decode()
    description = content.split('<meta name="description" content="')[1].split('"')[0]
    assert description.startswith("Мектеп Мектеп")
    assert len(description) <= 160
    page.search_description = "Өз сүрөттөмө"
    page.save_revision().publish()
    assert '<meta name="description" content="Өз сүрөттөмө">' in client.get(page.url).content.decode()


def test_teacher_page_has_its_own_canonical(client, site_tree, teachers):
    url = site_tree.staff.teacher_url(teachers.asanova)
    content = client.get(url).content.decode()
    assert f'<link rel="canonical" href="http://localhost{url}">' in content


def test_noindex_on_private_and_login_pages(client, small_school):
    client.force_login(small_school.teacher_user if hasattr(small_school, "teacher_user") else
                       __import__("portal.models", fromlist=["User"]).User.objects.get(username="teacher"))
    response = client.get(reverse("portal:start"), follow=True)
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    client.logout()
    login = client.get(reverse("account_login"))
    assert login["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in login.content.decode()


def test_public_page_has_no_noindex_header(client, site_tree):
    assert "X-Robots-Tag" not in client.get(site_tree.home.url)


def test_favicon(client, site_tree):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url.endswith("img/favicon.svg")
    assert 'rel="icon"' in client.get(site_tree.home.url).content.decode()


def test_sitemap_teacher_pages_have_lastmod_and_ky_ru_alternates(client, site_tree_ru, teachers):
    content = client.get("/sitemap.xml").content.decode()
    entry = content.split(f"<loc>http://localhost/ky/about/teachers/{teachers.asanova.pk}/</loc>")[1].split("</url>")[0]
    assert "<lastmod>" in entry
    assert f'hreflang="ru" href="http://localhost/ru/about/teachers/{teachers.asanova.pk}/"' in entry
    assert f'hreflang="x-default" href="http://localhost/ky/about/teachers/{teachers.asanova.pk}/"' in entry
    facts = content.split("<loc>http://localhost/ru/about/basic-facts/</loc>")[1].split("</url>")[0]
    assert 'hreflang="x-default" href="http://localhost/ky/about/basic-facts/"' in facts
