"""Anonymous users cannot reach the admin (they are sent to the admin's allauth sign-in page); the
sign-in pages are in Kyrgyz and Russian, in the public layout, without sign-up."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from cms.setup import DIRECTOR, EDITOR, SITE_ADMIN
from journal.register import factories as f

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/admin/disclosure/", "/admin/users/", "/admin/snippets/"])
def test_anonymous_is_sent_to_the_allauth_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    # the admin's login page is allauth's login view (portal.admin_login): same form and lockout
    assert response.url.startswith("/admin/login/?next=")
    page = client.get(response.url)
    assert page.status_code == 200 and 'name="login"' in page.content.decode()


def test_user_without_admin_access_cannot_enter_the_admin(client, school):
    parent = f.UserFactory(username="parent_x")
    client.force_login(parent)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403  # the admin login refuses a signed-in account without rights
    assert "_auth_user_id" in client.session  # the portal session stays


def test_site_groups_exist_after_migrate():
    assert set(Group.objects.filter(name__in=[SITE_ADMIN, EDITOR, DIRECTOR]).values_list("name", flat=True)) == {
        SITE_ADMIN, EDITOR, DIRECTOR,
    }
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_sign_in_page_in_both_languages_without_sign_up(client, language):
    response = client.get(f"/{language}/accounts/login/")
    assert response.status_code == 200
    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    assert 'class="site-header"' in content  # the public layout
    assert "signup" not in content
    assert reverse("account_reset_password") .replace("/ky/", f"/{language}/") in content


def test_sign_up_is_closed(client):
    response = client.post("/ky/accounts/signup/", {"username": "x", "password1": "Abcdef-12345", "password2": "Abcdef-12345"})
    assert response.status_code in (200, 403, 404)
    from portal.models import User

    assert not User.objects.filter(username="x").exists()


def test_sign_in_then_admin(client, site_tree, site_users):
    response = client.post("/ky/accounts/login/", {"login": "siteadmin", "password": "Mektep-2026", "next": "/admin/"})
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_wrong_password_stays_on_the_form(client, site_users):
    response = client.post("/ky/accounts/login/", {"login": "siteadmin", "password": "nope"})
    assert response.status_code == 200
    assert 'class="message message--error"' in response.content.decode()


def test_password_reset_flow_pages(client, site_users):
    site_users.siteadmin.email = "siteadmin@example.org"
    site_users.siteadmin.save()
    assert client.get("/ru/accounts/password/reset/").status_code == 200
    response = client.post("/ru/accounts/password/reset/", {"email": "siteadmin@example.org"})
    assert response.status_code == 302
    assert client.get(response.url).status_code == 200
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/password/reset/key/" in line).strip()
    path = link.split("testserver")[-1]
    response = client.get(path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(form_url, {"password1": "Jana-Syrsoz-2026", "password2": "Jana-Syrsoz-2026"})
    assert response.status_code == 302
    assert client.get(response.url).status_code == 200
    site_users.siteadmin.refresh_from_db()
    assert site_users.siteadmin.check_password("Jana-Syrsoz-2026")


def test_bad_reset_key_is_explained(client):
    response = client.get("/ky/accounts/password/reset/key/zz-bad-key/")
    assert response.status_code == 200
    assert "account_reset_password" not in response.content.decode()
    assert reverse("account_reset_password") in response.content.decode()


def test_password_change_page(client, site_users):
    client.force_login(site_users.editor)
    response = client.get("/ky/accounts/password/change/")
    assert response.status_code == 200
    assert 'name="oldpassword"' in response.content.decode()


def test_logout_page(client, site_users):
    client.force_login(site_users.editor)
    assert client.get("/ru/accounts/logout/").status_code == 200
    client.post("/ru/accounts/logout/")
    assert client.get("/admin/").status_code == 302
