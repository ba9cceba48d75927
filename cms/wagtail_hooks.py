"""Wagtail admin of the school website: the disclosure completeness panel and report, and the
snippets of the cms app."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import DisclosureReportView, RequestPanel, report_for_request
from .models import UsefulLink
from .staff_approval import StaffChangesPanel, StaffChangesView, staff_change_photo
from .translation_report import UntranslatedPanel, UntranslatedReportView


class DisclosurePanel(RequestPanel):
    """Dashboard panel: how complete the mandated disclosures are, in each language."""

    name = "disclosure_completeness"
    template_name = "cms/admin/disclosure_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        report = report_for_request(self.request)
        missing = []
        if report is not None:
            missing = [(row, code, cell) for row in report.rows for code, cell in row.cells.items() if not cell.ok]
        return {
            "report": report,
            "missing": missing[:8],
            "more": max(len(missing) - 8, 0),
            "report_url": reverse("cms_disclosure_report"),
        }


@hooks.register("construct_homepage_panels")
def add_disclosure_panel(request, panels):
    panels.append(DisclosurePanel(request))


@hooks.register("register_admin_urls")
def register_disclosure_url():
    return [path("disclosure/", DisclosureReportView.as_view(), name="cms_disclosure_report")]


@hooks.register("register_reports_menu_item")
def register_disclosure_menu_item():
    return MenuItem(_("Disclosure completeness"), reverse("cms_disclosure_report"), icon_name="tasks", order=10)


# issue 9 §5: R-S15 approval of teachers' public data; pages without a Russian version
@hooks.register("construct_homepage_panels")
def add_issue9_panels(request, panels):
    panels.extend([StaffChangesPanel(request), UntranslatedPanel(request)])


@hooks.register("register_admin_urls")
def register_issue9_urls():
    return [
        path("staff-changes/", StaffChangesView.as_view(), name="cms_staff_changes"),
        path("staff-changes/<int:pk>/photo/<str:which>/", staff_change_photo, name="cms_staff_change_photo"),
        path("untranslated/", UntranslatedReportView.as_view(), name="cms_untranslated_report"),
    ]


@hooks.register("register_reports_menu_item")
def register_staff_changes_menu_item():
    return MenuItem(_("Teachers' public data to approve"), reverse("cms_staff_changes"), icon_name="user", order=20)


@hooks.register("register_reports_menu_item")
def register_untranslated_menu_item():
    return MenuItem(_("Pages without a Russian version"), reverse("cms_untranslated_report"), icon_name="globe",
                    order=30)


def _is_register_account(user):
    """An account with a role in a school (director, teacher, parent, student …) belongs to the
    school register: its password and rights are managed there, not in the website admin."""
    return user.memberships.filter(is_active=True).exists()


@hooks.register("before_edit_user")
@hooks.register("before_delete_user")
def protect_register_accounts(request, user):
    """The site administrator manages the website's own accounts (R-S12), not the accounts of
    the school register: otherwise resetting a director's password would open the register."""
    if request.user.is_superuser or request.user.pk == user.pk or not _is_register_account(user):
        return None
    messages.error(
        request,
        _("This account belongs to the school register; the system administrator manages it there."),
    )
    return redirect("wagtailusers_users:index")


class UsefulLinkViewSet(SnippetViewSet):
    model = UsefulLink
    icon = "link-external"
    list_display = ["title", "url", "site", "sort_order"]
    list_filter = ["site"]
    menu_order = 300


register_snippet(UsefulLinkViewSet)
