"""Two-factor authentication (issue 12 §2): TOTP and recovery codes through allauth.mfa.

Every staff account may turn it on (`access.may_use_mfa`); the director, the deputy, the system
administrator and the site administrator must (`access.mfa_required`) when
`settings.MFA_REQUIRED_ROLES` is on (production default; off in dev and the demo): such a user
without an authenticator app is sent to set one up before anything else, and may not turn it off.

School accounts are issued by the school and rarely have a verified e-mail address, so
`MFA_ALLOW_UNVERIFIED_EMAIL` is on: allauth's check protects against someone signing up with
another person's address, and there is no sign-up here. Activation still asks for a fresh
password (allauth's re-authentication), which a user who has just logged in has given.
"""

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from . import access

SESSION_KEY = "mektep_mfa_checked"


def required_now(user):
    return bool(getattr(settings, "MFA_REQUIRED_ROLES", False)) and access.mfa_required(user)


def has_totp(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class SchoolMFAAdapter(DefaultMFAAdapter):
    def get_totp_label(self, user):
        return user.get_username()

    def can_delete_authenticator(self, authenticator):
        """A user who must use the second factor cannot turn it off (recovery codes may be
        regenerated)."""
        if authenticator.type == Authenticator.Type.TOTP and required_now(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)


class MfaRequiredMiddleware:
    """A user who must use the second factor and has no authenticator app is sent to set it up
    before anything else (after the one-time password change). Checked once per session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(settings, "MFA_REQUIRED_ROLES", False)
            and not request.session.get(SESSION_KEY)
            and not self._allowed(request.path)
        ):
            if required_now(user) and not has_totp(user):
                return redirect(reverse("mfa_activate_totp"))
            request.session[SESSION_KEY] = True
        return self.get_response(request)

    @staticmethod
    def _allowed(path):
        if path.startswith(("/static/", "/media/", "/favicon", "/i18n/")):
            return True
        allowed = [reverse("mfa_index"), reverse("account_logout"), reverse("account_reauthenticate"),
                   reverse("account_change_password"), reverse("javascript-catalog")]
        return any(path.startswith(prefix) for prefix in allowed)

