"""Wagtail admin of the school website: the disclosure completeness panel and report, and the
snippets of the cms app."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import DisclosureReportView, report_for_request
from .models import UsefulLink


class DisclosurePanel(Component):
    """Dashboard panel: how complete the mandated disclosures are, in each language."""

    name = "disclosure_completeness"
    template_name = "cms/admin/disclosure_panel.html"
    order = 50

    def __init__(self, request):
        self.request = request

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


class UsefulLinkViewSet(SnippetViewSet):
    model = UsefulLink
    icon = "link-external"
    list_display = ["title", "url", "site", "sort_order"]
    list_filter = ["site"]
    menu_order = 300


register_snippet(UsefulLinkViewSet)
