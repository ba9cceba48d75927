"""Shared behaviour of the website's pages."""

from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index


def has_text(value):
    """True if a text or rich-text value has visible text."""
    if value is None:
        return False
    return bool(strip_tags(str(value)).replace("&nbsp;", " ").strip())


def with_x_default(alternates):
    """hreflang alternates plus x-default, which points to the Kyrgyz (default language) page."""
    from django.conf import settings

    default = next((a for a in alternates if a["lang_code"] == settings.LANGUAGE_CODE), None)
    return [*alternates, {"location": default["location"], "lang_code": "x-default"}] if default else alternates


class SchoolPage(Page):
    """Base of every page of the school website: an optional short introduction."""

    intro = models.TextField(_("introduction"), blank=True, help_text=_("One or two sentences shown under the title."))

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        abstract = True

    def full_clean(self, *args, **kwargs):
        """A slug in Cyrillic (typed, or made from the title) becomes a short Latin one; Wagtail
        then redirects the old address when an existing page's slug changes."""
        from cms.slugs import available, latin_slug, needs_latin

        if needs_latin(self.slug) or (not self.slug and self.title and not self.title.isascii()):
            slug = latin_slug(self.slug or self.title) or latin_slug(self.title) or "page"
            parent = self.get_parent() if self.depth else None
            self.slug = available(slug, parent, self)
        return super().full_clean(*args, **kwargs)

    def get_sitemap_urls(self, request=None):
        """Sitemap entries with hreflang alternates: the page in each language."""
        urls = super().get_sitemap_urls(request)
        alternates = [
            {"location": page.get_full_url(request), "lang_code": page.locale.language_code}
            for page in self.get_translations(inclusive=True).live().public().select_related("locale")
        ]
        if len(alternates) > 1:
            for url in urls:
                url["alternates"] = with_x_default(alternates)
        return urls

    def get_school(self, request=None):
        """The school whose site this page belongs to."""
        from portal.access import school_for_request
        from portal.models import School

        if request is not None:
            return school_for_request(request)
        site = self.get_site()
        return School.objects.filter(site=site).first() if site else School.objects.order_by("pk").first()


class DisclosurePage(SchoolPage):
    """A sub-page of “About the school” holding mandated disclosures (R-S1…R-S10).

    `disclosure_codes` names the requirements the page answers; the completeness report
    (cms.disclosure) knows which fields make up each item.
    """

    disclosure_codes: tuple[str, ...] = ()
    parent_page_types = ["cms.AboutSchoolPage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True
