"""Login, forced password change at first login, and each role's start page."""

import pytest
from django.urls import reverse

from journal.register import factories as f


@pytest.mark.django_db
def test_one_time_password_must_be_changed_first(client, school):
    user = f.UserFactory(username="newparent")
    user.must_change_password = True
    user.save()
    client.force_login(user)
    response = client.get("/ky/app/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_change_password"))

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "Mektep-2026", "password1": "Tоо-Ала-2026!", "password2": "Tоо-Ала-2026!"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.must_change_password is False
    response = client.get("/ky/app/")
    assert not (response.status_code == 302 and response.url.startswith(reverse("account_change_password")))


@pytest.mark.django_db
def test_anonymous_private_area_goes_to_login(client):
    response = client.get("/ky/app/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


@pytest.mark.django_db
def test_login_by_username_and_email(client, school):
    user = f.UserFactory(username="teacher1", email="teacher1@example.kg")
    for login in ("teacher1", "teacher1@example.kg"):
        response = client.post(reverse("account_login"), {"login": login, "password": "Mektep-2026"})
        assert response.status_code == 302, response.content[:500]
        client.logout()
    assert user.visits.get().logins == 2


@pytest.mark.django_db
def test_public_signup_is_closed(client):
    response = client.get("/ky/accounts/signup/")
    assert response.status_code == 200
    assert b'name="password1"' not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "username, url_name",
    [
        ("director", "journal:dashboard"),
        ("deputy", "journal:dashboard"),
        ("sysadmin", "journal:dashboard"),
        ("teacher", "journal:teacher_home"),
        ("classteacher", "journal:teacher_home"),
        ("parent", "journal:diary"),
        ("student", "journal:diary"),
    ],
)
def test_each_role_lands_on_its_start_page(client, small_school, username, url_name):
    from portal.models import User

    client.force_login(User.objects.get(username=username))
    response = client.get(reverse("portal:start"))
    assert response.status_code == 302
    assert response.url == reverse(url_name)
    assert client.get(response.url).status_code == 200


@pytest.mark.django_db
def test_user_without_role_sees_explanation(client, school):
    client.force_login(f.UserFactory(username="nobody"))
    response = client.get(reverse("portal:start"))
    assert response.status_code == 200
    assert "journal" not in response.templates[0].name
