"""Admin views of the school website."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Site

from .disclosure import build_report


def report_for_request(request, site_id=None):
    """The completeness report of the site chosen (?site=), of the request, or the default."""
    site = None
    if site_id:
        site = Site.objects.filter(pk=site_id).first()
    if site is None:
        site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    return build_report(site)


class AdminReportView(WagtailAdminTemplateMixin, TemplateView):
    """A report page of the website admin, with its breadcrumb."""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]


class RequestPanel(Component):
    """A dashboard panel built for one request."""

    def __init__(self, request):
        self.request = request


class DisclosureReportView(AdminReportView):
    template_name = "cms/admin/disclosure_report.html"
    page_title = _("Disclosure completeness")
    header_icon = "tasks"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        site_id = self.request.GET.get("site")
        report = report_for_request(self.request, site_id if site_id and site_id.isdigit() else None)
        context.update({"report": report, "sites": Site.objects.order_by("hostname", "port")})
        return context
