"""One way in: the Wagtail admin's and the Django admin's login pages are allauth's login view
(the same form, the same rate limits and lockout as the portal login, one counter per account),
which gives a session only to accounts with rights to that admin.

- /admin/login/: accounts that may use the Wagtail admin (site editors, superusers);
- /django-admin/login/: superusers only, and only when DJANGO_ADMIN_ENABLED is on (off by default).
"""

from allauth.account.forms import LoginForm
from allauth.account.views import LoginView
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def may_use_wagtail_admin(user):
    return user.is_active and user.has_perm("wagtailadmin.access_admin")


def may_use_django_admin(user):
    return user.is_active and user.is_superuser


class _AdminLoginForm(LoginForm):
    allowed = staticmethod(may_use_wagtail_admin)

    def clean(self):
        cleaned = super().clean()  # authenticates and counts failures exactly as the portal login
        if self.user is not None and not self.allowed(self.user):
            self.user = None
            raise ValidationError(
                _("This account has no access to the site administration. Sign in on the school portal's "
                  "login page instead."),
                code="no_admin_rights",
            )
        return cleaned


class WagtailAdminLoginForm(_AdminLoginForm):
    allowed = staticmethod(may_use_wagtail_admin)


class DjangoAdminLoginForm(_AdminLoginForm):
    allowed = staticmethod(may_use_django_admin)


class _AdminLoginView(LoginView):
    template_name = "account/admin_login.html"
    home = "wagtailadmin_home"
    area = _("Site administration")

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not self.form_class.allowed(user):
            raise PermissionDenied  # signed in on the portal, but no rights here: no loop back to login
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return self.form_class

    def get_success_url(self):
        return self.get_next_url() or reverse(self.home)

    def get_authenticated_redirect_url(self):
        return self.get_success_url()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["admin_area"] = self.area
        context["login_action"] = self.request.path
        return context


class WagtailAdminLoginView(_AdminLoginView):
    form_class = WagtailAdminLoginForm


class DjangoAdminLoginView(_AdminLoginView):
    form_class = DjangoAdminLoginForm
    home = "admin:index"
    area = _("Database administration")


wagtail_admin_login = WagtailAdminLoginView.as_view()
django_admin_login = DjangoAdminLoginView.as_view()
