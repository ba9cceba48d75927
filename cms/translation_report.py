"""Issue 9 §5 (R-S13): which pages and news items of the site have no Russian version yet, in
the Wagtail admin (a report and a dashboard panel), each with a link to translate it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy
from wagtail.models import Locale, Page, Site

from .admin_views import AdminReportView, RequestPanel
from .disclosure import _edit_url, _translate_url
from .models import EventPage, NewsPage

NEWS_TYPES = (NewsPage, EventPage)


def untranslated(site, language="ru"):
    """{"news": [(page, translate url, edit url)…], "pages": […]}: live pages of the site in its
    default language without a page in `language` (in tree order)."""
    result = {"news": [], "pages": []}
    if site is None or site.root_page_id is None:
        return result
    root = site.root_page
    target = Locale.objects.filter(language_code=language).first()
    pages = Page.objects.live().descendant_of(root, inclusive=True).filter(locale_id=root.locale_id)
    if target is not None:
        pages = pages.exclude(translation_key__in=Page.objects.filter(locale=target).values("translation_key"))
    for page in pages.specific().order_by("path"):
        kind = "news" if isinstance(page, NEWS_TYPES) else "pages"
        result[kind].append({"page": page, "translate_url": _translate_url(page), "edit_url": _edit_url(page)})
    return result


def _site(request):
    return Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()


class UntranslatedReportView(AdminReportView):
    template_name = "cms/admin/untranslated_report.html"
    page_title = gettext_lazy("Pages without a Russian version")
    header_icon = "globe"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["missing"] = untranslated(_site(self.request))
        return context


class UntranslatedPanel(RequestPanel):
    """Dashboard panel: how many pages and news items wait for their Russian version."""

    name = "untranslated_pages"
    template_name = "cms/admin/untranslated_panel.html"
    order = 60

    def get_context_data(self, parent_context):
        missing = untranslated(_site(self.request))
        return {"news": len(missing["news"]), "pages": len(missing["pages"]),
                "first": (missing["news"] + missing["pages"])[:5], "url": reverse("cms_untranslated_report")}
