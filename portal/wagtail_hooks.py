"""The Wagtail admin's account page links to two-factor authentication (issue 12 §2): site
editors and administrators work in the admin and have no app menu."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .access import may_use_mfa


@hooks.register("register_account_menu_item")
def two_factor_authentication(request):
    if not may_use_mfa(request.user):
        return None
    return {
        "url": reverse("mfa_index"),
        "label": _("Two-factor authentication"),
        "help_text": _("Protect your account with a code from an authenticator app on your phone."),
    }
