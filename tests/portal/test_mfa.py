"""Two-factor authentication (issue 12 §2): a login with an authenticator code, required for the
director, the deputy, the system administrator and the site administrator (when
MFA_REQUIRED_ROLES is on), available but not required for a teacher, recovery codes that work
once, and the MFA pages in the site's style and language."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.contrib.auth.models import Group
from django.urls import reverse

from cms.setup import EDITOR, SITE_ADMIN, ensure_site_roles
from journal.register import factories as f

pytestmark = pytest.mark.django_db
PASSWORD = "Mektep-2026"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.MFA_REQUIRED_ROLES = True


def code_for(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def log_in(client, user):
    response = client.post(reverse("account_login"), {"login": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return response


def reauthenticate(client):
    """allauth asks for the password again before an authenticator is added (a fresh login does
    not count as re-authentication)."""
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 302 and page.url.startswith(reverse("account_reauthenticate"))
    again = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert again.status_code == 302, again.content[:500]


def with_totp(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def test_login_asks_for_the_code_and_accepts_a_right_one(client, small_school):
    director = small_school.director
    secret = with_totp(director)
    response = log_in(client, director)
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # not logged in before the second factor
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000" if code_for(secret) != "000000" else "111111"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    right = client.post(reverse("mfa_authenticate"), {"code": code_for(secret)})
    assert right.status_code == 302
    assert int(client.session["_auth_user_id"]) == director.pk
    assert client.get(reverse("journal:dashboard")).status_code == 200


@pytest.mark.parametrize("who", ["director", "deputy", "sysadmin"])
def test_required_roles_are_sent_to_set_it_up_first(client, small_school, who):
    user = getattr(small_school, who)
    log_in(client, user)
    response = client.get(reverse("journal:dashboard"))
    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")
    assert client.get(reverse("journal:student_list")).url == reverse("mfa_activate_totp")
    reauthenticate(client)
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="app-header"' in html  # the app's layout, not allauth's bare one
    assert "Аутентификатор" in html or "аутентификат" in html.lower()  # allauth's Kyrgyz catalog
    # set it up: the secret shown on the page, a code from it
    secret = client.session[SECRET_SESSION_KEY]
    done = client.post(reverse("mfa_activate_totp"), {"code": code_for(secret)})
    assert done.status_code == 302 and done.url == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists()
    assert client.get(reverse("journal:dashboard")).status_code == 200


def test_required_for_the_site_administrator(client, small_school):
    ensure_site_roles()
    admin = f.UserFactory(username="siteadmin_mfa")
    admin.groups.add(Group.objects.get(name=SITE_ADMIN))
    log_in(client, admin)
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")


def test_the_wagtail_account_page_links_to_it(client, small_school):
    ensure_site_roles()
    editor = f.UserFactory(username="editor_mfa")
    editor.groups.add(Group.objects.get(name=EDITOR))
    client.force_login(editor)
    response = client.get("/admin/account/")
    assert response.status_code == 200
    assert reverse("mfa_index") in response.content.decode()
    from portal.access import may_use_mfa

    assert not may_use_mfa(small_school.parent_user) and may_use_mfa(small_school.teacher_user)


def test_not_required_for_a_teacher_but_available(client, small_school):
    teacher = small_school.teacher_user
    log_in(client, teacher)
    assert client.get(reverse("journal:teacher_home")).status_code == 200
    index = client.get(reverse("mfa_index"))
    assert index.status_code == 200
    assert reverse("mfa_index") in client.get(reverse("journal:teacher_home")).content.decode()  # in the menu
    reauthenticate(client)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    assert client.post(reverse("mfa_activate_totp"), {"code": code_for(secret)}).status_code == 302
    # a teacher may turn it off again
    assert client.post(reverse("mfa_deactivate_totp")).status_code == 302
    assert not Authenticator.objects.filter(user=teacher, type=Authenticator.Type.TOTP).exists()


def test_the_menu_has_no_mfa_link_for_a_parent(client, small_school):
    client.force_login(small_school.parent_user)
    assert reverse("mfa_index") not in client.get(reverse("journal:diary"), follow=True).content.decode()


def test_required_users_cannot_turn_it_off(client, small_school):
    director = small_school.director
    secret = with_totp(director)
    log_in(client, director)
    client.post(reverse("mfa_authenticate"), {"code": code_for(secret)})
    assert client.post(reverse("account_reauthenticate"), {"password": PASSWORD}).status_code == 302
    refused = client.post(reverse("mfa_deactivate_totp"))
    assert refused.status_code == 200 and refused.context["form"].errors  # the form says why
    assert Authenticator.objects.filter(user=director, type=Authenticator.Type.TOTP).exists()


def test_a_recovery_code_works_once(client, small_school):
    deputy = small_school.deputy
    with_totp(deputy)
    code = RecoveryCodes.activate(deputy).get_unused_codes()[0]
    log_in(client, deputy)
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert int(client.session["_auth_user_id"]) == deputy.pk
    client.post(reverse("account_logout"))
    log_in(client, deputy)
    again = client.post(reverse("mfa_authenticate"), {"code": code})
    assert again.status_code == 200 and "_auth_user_id" not in client.session


def test_off_by_setting(client, small_school, settings):
    settings.MFA_REQUIRED_ROLES = False
    log_in(client, small_school.director)
    assert client.get(reverse("journal:dashboard")).status_code == 200


def test_mfa_reset_command(client, small_school):
    from django.core.management import call_command

    director = small_school.director
    with_totp(director)
    RecoveryCodes.activate(director)
    call_command("mfa_reset", "director")
    assert not Authenticator.objects.filter(user=director).exists()
    log_in(client, director)  # no second factor asked: sent to set one up again
    assert client.get(reverse("journal:dashboard")).url == reverse("mfa_activate_totp")
