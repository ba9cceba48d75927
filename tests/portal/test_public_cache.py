"""Public pages for anonymous visitors from the cache (issue 12 §3): a second visit costs no SQL,
logged-in users never get a cached page, publish / unpublish / a register change purge it,
Cache-Control / ETag / 304, private pages no-store."""

import pytest
from django.core.cache import cache

from journal.register import factories as f
from tests.cms.conftest import ru_locale, site_tree, site_tree_ru, teachers  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PUBLIC_CACHE_ENABLED = True
    cache.clear()
    yield
    cache.clear()


def test_second_anonymous_visit_comes_from_the_cache_without_sql(client, site_tree, django_assert_num_queries):  # noqa: F811
    url = site_tree.education.url
    first = client.get(url)
    assert first.status_code == 200 and first["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == 200 and second["X-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "public" in second["Cache-Control"] and "max-age=60" in second["Cache-Control"]
    assert second["ETag"] == first["ETag"]
    assert "Cookie" in second["Vary"]
    assert "Content-Security-Policy" in second  # the headers of the outer middleware still apply
    assert second["X-Frame-Options"] == first["X-Frame-Options"]


def test_if_none_match_gets_304(client, site_tree):  # noqa: F811
    url = site_tree.home.url
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304  # from the cache
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    cache.clear()
    not_modified = client.get(url, HTTP_IF_NONE_MATCH=etag)  # rendered again: same content, same tag
    assert not_modified.status_code == 304 and not_modified["ETag"] == etag


def test_languages_and_sites_are_kept_apart(client, site_tree_ru):  # noqa: F811
    ky, ru = site_tree_ru.home.url, site_tree_ru.home_ru.url
    assert ky != ru
    assert client.get(ky)["X-Cache"] == "miss"
    assert client.get(ky)["X-Cache"] == "hit"
    russian = client.get(ru)
    assert russian["X-Cache"] == "miss" and '<html lang="ru">' in russian.content.decode()
    assert client.get(ky, HTTP_HOST="other.example.kg")["X-Cache"] == "miss"


def test_logged_in_users_are_never_served_or_stored(client, site_tree, small_school):  # noqa: F811
    url = site_tree.home.url
    client.force_login(small_school.teacher_user)
    first = client.get(url)
    assert "X-Cache" not in first and "no-store" in first["Cache-Control"]
    anonymous = client.__class__()
    assert anonymous.get(url)["X-Cache"] == "miss"  # the logged-in visit stored nothing
    second = client.get(url)
    assert "X-Cache" not in second and "no-store" in second["Cache-Control"]


def test_private_pages_are_no_store(client, small_school):
    client.force_login(small_school.deputy)
    response = client.get("/ky/app/", follow=True)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    client.logout()
    login = client.get("/ky/accounts/login/")
    assert "no-store" in login["Cache-Control"] and "X-Cache" not in login
    anonymous_app = client.get("/ky/app/journal/diary/")  # a redirect to the login page
    assert anonymous_app.status_code == 302 and "no-store" in anonymous_app["Cache-Control"]


def test_private_path():
    from portal.public_cache import is_private_path

    assert is_private_path("/ky/app/journal/") and is_private_path("/ru/accounts/login/")
    assert is_private_path("/admin/pages/") and not is_private_path("/ky/about/")
    assert not is_private_path("/ky/application-rules/")


def test_publish_and_unpublish_purge(client, site_tree, django_capture_on_commit_callbacks):  # noqa: F811
    page = site_tree.news_item
    url = page.url
    assert client.get(url)["X-Cache"] == "miss"
    assert client.get(url)["X-Cache"] == "hit"
    page.title = "Жаңы аталыш"
    with django_capture_on_commit_callbacks(execute=True):  # the purge waits for the commit
        page.save_revision().publish()
    response = client.get(url)
    assert response["X-Cache"] == "miss" and "Жаңы аталыш" in response.content.decode()
    assert client.get(site_tree.news.url)["X-Cache"] == "miss"
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert client.get(url).status_code == 404


def test_a_new_student_changes_the_home_page_count(client, school, site_tree,  # noqa: F811
                                                   django_capture_on_commit_callbacks):
    year = f.AcademicYearFactory(school=school)
    class_a = f.ClassGroupFactory(school=school, year=year, grade=5, letter="А")
    for _ in range(3):
        f.StudentFactory(school=school, class_group=class_a)
    url = site_tree.home.url
    assert "<strong>3</strong>" in client.get(url).content.decode()
    assert client.get(url)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        f.StudentFactory(school=school, class_group=class_a)  # the register changes
    response = client.get(url)
    assert response["X-Cache"] == "miss"
    assert "<strong>4</strong>" in response.content.decode()


def test_search_and_pages_with_a_query_are_not_cached(client, site_tree):  # noqa: F811
    assert "X-Cache" not in client.get("/ky/search/?q=мектеп")
    assert "X-Cache" not in client.get(site_tree.home.url + "?utm=1")


def test_a_page_with_a_csrf_token_is_not_stored(client, site_tree, monkeypatch):  # noqa: F811
    from django.middleware.csrf import get_token
    from wagtail.models import Page

    client.cookies["csrftoken"] = "x" * 32  # the visitor already has a token: no cookie is set
    assert client.get(site_tree.facts.url)["X-Cache"] == "miss"  # without a form: stored
    assert client.get(site_tree.facts.url)["X-Cache"] == "hit"
    original = Page.serve

    def serve_with_a_form(self, request, *args, **kwargs):
        get_token(request)  # what {% csrf_token %} in a form does
        return original(self, request, *args, **kwargs)

    monkeypatch.setattr(Page, "serve", serve_with_a_form)
    url = site_tree.contacts.url
    assert "X-Cache" not in client.get(url)
    assert "X-Cache" not in client.get(url)
