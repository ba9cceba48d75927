"""Issue 8 §5: one way in. The Wagtail admin's and the Django admin's login pages are allauth's
login (shared rate limits and lockout); only accounts with rights to that admin get a session
there; the Django admin is off unless DJANGO_ADMIN_ENABLED turns it on (superusers only)."""

import importlib

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.test import Client
from django.urls import clear_url_caches

from journal.register import factories as f
from portal.roles import Role

PASSWORD = "Mektep-2026"
PORTAL = "/ky/accounts/login/"
WAGTAIL = "/admin/login/"
DJANGO = "/django-admin/login/"


def _reload_urls():
    import portal.urls

    importlib.reload(portal.urls)
    clear_url_caches()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def django_admin_on(settings):
    settings.DJANGO_ADMIN_ENABLED = True
    _reload_urls()
    yield
    settings.DJANGO_ADMIN_ENABLED = False
    _reload_urls()


@pytest.fixture
def accounts(school):
    superuser = f.UserFactory(username="root", is_superuser=True, is_staff=True)
    editor = f.UserFactory(username="editor")
    editors, _ = Group.objects.get_or_create(name="Site editors")
    editors.permissions.add(Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"))
    editor.groups.add(editors)
    teacher = f.user_with_role(school, Role.TEACHER, "teacher")
    f.StaffMemberFactory(school=school, user=teacher)
    return {"root": superuser, "editor": editor, "teacher": teacher}


def _post(url, login, password, **extra):
    client = Client()
    response = client.post(url, {"login": login, "password": password, **extra})
    return client, response


def _signed_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("where", [WAGTAIL, DJANGO, PORTAL])
def test_twenty_wrong_passwords_anywhere_lock_the_account_on_all_three(accounts, django_admin_on, where):
    for _ in range(20):
        client, response = _post(where, "root", "wrong-password")
        assert not _signed_in(client)
        assert response.status_code in (200, 429)
    for url in (WAGTAIL, DJANGO, PORTAL):
        client, response = _post(url, "root", PASSWORD)
        assert not _signed_in(client), f"{url} gave a session after 20 wrong passwords on {where}"
        assert response.status_code in (200, 429)


@pytest.mark.django_db
def test_wagtail_admin_login_gives_a_session_only_to_admin_accounts(accounts):
    client, response = _post(WAGTAIL, "teacher", PASSWORD)
    assert response.status_code == 200 and not _signed_in(client)
    assert "сайтты башкарууга укугу жок" in response.content.decode()  # the message, in Kyrgyz
    client, response = _post(WAGTAIL, "editor", PASSWORD, next="/admin/")
    assert response.status_code == 302 and response["Location"] == "/admin/" and _signed_in(client)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_portal_session_without_rights_does_not_open_the_wagtail_admin(accounts):
    client = Client()
    client.force_login(accounts["teacher"])
    assert client.get("/admin/").status_code == 302
    assert client.get(WAGTAIL).status_code == 403  # no loop back to a login page


@pytest.mark.django_db
def test_unauthenticated_admin_goes_to_the_allauth_admin_login(accounts):
    response = Client().get("/admin/pages/")
    assert response.status_code == 302 and response["Location"].startswith(WAGTAIL)
    page = Client().get(WAGTAIL)
    assert page.status_code == 200 and 'name="login"' in page.content.decode()


@pytest.mark.django_db
def test_django_admin_is_off_by_default(accounts):
    assert Client().get("/django-admin/", follow=True).status_code == 404
    assert Client().get(DJANGO, follow=True).status_code == 404


@pytest.mark.django_db
def test_django_admin_when_on_is_for_superusers_only(accounts, django_admin_on):
    client, response = _post(DJANGO, "editor", PASSWORD)
    assert response.status_code == 200 and not _signed_in(client)
    client, response = _post(DJANGO, "root", PASSWORD)
    assert response.status_code == 302 and _signed_in(client)
    assert client.get("/django-admin/").status_code == 200
    staff_only = f.UserFactory(username="staffonly", is_staff=True)
    other = Client()
    other.force_login(staff_only)
    assert other.get("/django-admin/").status_code in (302, 403)
