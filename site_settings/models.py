"""Settings of a school's site and its translatable furniture.

Wagtail site settings cannot be translated, so they hold only language-neutral values (or a
value per language, as the print signatories do). Text that visitors read in Kyrgyz or Russian
(the school's full name, footer, menu, announcements) lives in TranslatableMixin snippets, one
per site and language.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    DraftStateMixin,
    Locale,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)


def _is_ru(language=None):
    return (language or get_language() or "ky").startswith("ru")


# --- site settings (language-neutral) ---------------------------------------------------------------

@register_setting(icon="home")
class SchoolIdentity(BaseSiteSetting):
    short_name = models.CharField(
        _("short name"), max_length=60, blank=True, help_text=_("Shown in the header and the browser tab, e.g. “School No. 5”.")
    )
    logo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("logo"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    okpo = models.CharField(_("OKPO code"), max_length=20, blank=True)

    panels = [FieldPanel("short_name"), FieldPanel("logo"), FieldPanel("okpo")]

    class Meta:
        verbose_name = _("school identity")


@register_setting(icon="mail")
class SchoolContacts(BaseSiteSetting):
    """Messengers and social networks. Addresses, phones and email are part of the mandated
    disclosures and live on the “Basic facts” page, in both languages."""

    telegram = models.URLField(_("Telegram"), blank=True)
    whatsapp = models.CharField(_("WhatsApp number"), max_length=30, blank=True)
    instagram = models.URLField(_("Instagram"), blank=True)
    facebook = models.URLField(_("Facebook"), blank=True)
    youtube = models.URLField(_("YouTube"), blank=True)

    panels = [FieldPanel("telegram"), FieldPanel("whatsapp"), FieldPanel("instagram"), FieldPanel("facebook"), FieldPanel("youtube")]

    class Meta:
        verbose_name = _("messengers and social networks")

    def links(self):
        """[(label, url)] of the filled networks."""
        result = []
        for name in ("telegram", "instagram", "facebook", "youtube"):
            url = getattr(self, name)
            if url:
                result.append((self._meta.get_field(name).verbose_name, url))
        if self.whatsapp:
            digits = "".join(c for c in self.whatsapp if c.isdigit())
            result.append((self._meta.get_field("whatsapp").verbose_name, f"https://wa.me/{digits}"))
        return result


@register_setting(icon="edit")
class PrintSignatories(BaseSiteSetting):
    """Who signs printed statements (R-J21), in both languages."""

    director_position_ky = models.CharField(_("director's position (Kyrgyz)"), max_length=120, blank=True)
    director_position_ru = models.CharField(_("director's position (Russian)"), max_length=120, blank=True)
    director_name_ky = models.CharField(_("director's name (Kyrgyz)"), max_length=120, blank=True)
    director_name_ru = models.CharField(_("director's name (Russian)"), max_length=120, blank=True)
    deputy_position_ky = models.CharField(_("deputy's position (Kyrgyz)"), max_length=120, blank=True)
    deputy_position_ru = models.CharField(_("deputy's position (Russian)"), max_length=120, blank=True)
    deputy_name_ky = models.CharField(_("deputy's name (Kyrgyz)"), max_length=120, blank=True)
    deputy_name_ru = models.CharField(_("deputy's name (Russian)"), max_length=120, blank=True)
    seal_mark_ky = models.CharField(_("place of the seal (Kyrgyz)"), max_length=20, default="М.О.")
    seal_mark_ru = models.CharField(_("place of the seal (Russian)"), max_length=20, default="М.П.")

    panels = [
        MultiFieldPanel(
            [FieldPanel("director_position_ky"), FieldPanel("director_name_ky"), FieldPanel("director_position_ru"), FieldPanel("director_name_ru")],
            heading=_("Director"),
        ),
        MultiFieldPanel(
            [FieldPanel("deputy_position_ky"), FieldPanel("deputy_name_ky"), FieldPanel("deputy_position_ru"), FieldPanel("deputy_name_ru")],
            heading=_("Deputy director"),
        ),
        MultiFieldPanel([FieldPanel("seal_mark_ky"), FieldPanel("seal_mark_ru")], heading=_("Seal")),
    ]

    class Meta:
        verbose_name = _("print signatories")

    def for_language(self, language=None):
        """The signature lines in a language: {"signatories": [(position, name)…], "seal": "М.П."}."""
        suffix = "ru" if _is_ru(language) else "ky"
        rows = []
        for role in ("director", "deputy"):
            position = getattr(self, f"{role}_position_{suffix}")
            name = getattr(self, f"{role}_name_{suffix}")
            if position or name:
                rows.append((position, name))
        return {"signatories": rows, "seal": getattr(self, f"seal_mark_{suffix}")}


# --- translatable furniture ----------------------------------------------------------------------------------

class SiteScopedQuerySet(models.QuerySet):
    def for_site(self, site):
        return self.filter(models.Q(site=site) | models.Q(site__isnull=True))

    def active_locale(self):
        """Rows in the active language (a join, not an extra query for the Locale)."""
        return self.filter(locale__language_code=get_language() or Locale.get_default().language_code)


def _site_fk():
    return models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("site"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Leave empty for every site."),
    )


class SchoolProfile(TranslatableMixin, models.Model):
    """The school's full name, motto and footer text, in each language."""

    site = _site_fk()
    full_name = models.CharField(_("full name of the school"), max_length=255)
    motto = models.CharField(_("motto"), max_length=255, blank=True)
    footer_text = RichTextField(_("footer text"), blank=True, features=["bold", "italic", "link"])

    objects = SiteScopedQuerySet.as_manager()

    panels = [FieldPanel("site"), FieldPanel("full_name"), FieldPanel("motto"), FieldPanel("footer_text")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("school profile")
        verbose_name_plural = _("school profiles")

    def __str__(self):
        return self.full_name


class MenuItemBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("Page"))
    title = blocks.CharBlock(label=_("Title"), required=False, help_text=_("Leave empty to use the page title."))

    class Meta:
        icon = "link"
        label = _("Menu item")


class MainMenu(TranslatableMixin, models.Model):
    """The main menu of a site in one language."""

    site = _site_fk()
    items = StreamField([("item", MenuItemBlock())], verbose_name=_("items"), blank=True)

    objects = SiteScopedQuerySet.as_manager()

    panels = [FieldPanel("site"), FieldPanel("items")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("main menu")
        verbose_name_plural = _("main menus")

    def __str__(self):
        return f"{self._meta.verbose_name} ({self.locale})"


class AnnouncementQuerySet(SiteScopedQuerySet):
    def current(self):
        today = timezone.localdate()
        return (
            self.filter(live=True, starts_on__lte=today)
            .filter(models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=today))
            .order_by("-is_important", "-starts_on", "-pk")
        )


class Announcement(
    TranslatableMixin, WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin, models.Model
):
    """An important announcement on the home page. Goes through the same review as pages:
    an editor's announcement is published only after approval (R-S11, R-S15)."""

    site = _site_fk()
    title = models.CharField(_("title"), max_length=200)
    text = RichTextField(_("text"), blank=True, features=["bold", "italic", "link"])
    link_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("more on the page"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_on = models.DateField(_("show from"), default=timezone.localdate)
    ends_on = models.DateField(_("show until"), null=True, blank=True)
    is_important = models.BooleanField(_("important"), default=False)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="announcement")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="announcement",
        for_concrete_model=False,
    )

    objects = AnnouncementQuerySet.as_manager()

    panels = [
        FieldPanel("site"),
        FieldPanel("title"),
        FieldPanel("text"),
        FieldPanel("link_page"),
        MultiFieldPanel([FieldPanel("starts_on"), FieldPanel("ends_on"), FieldPanel("is_important")], heading=_("When")),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self):
        return self.title

    @property
    def revisions(self):
        return self._revisions

    def get_preview_template(self, request, mode_name):
        return "components/announcement_preview.html"
