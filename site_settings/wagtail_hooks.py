"""Admin of the translatable furniture: school profile, main menu, announcements."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Announcement, MainMenu, SchoolProfile


class SchoolProfileViewSet(SnippetViewSet):
    model = SchoolProfile
    icon = "home"
    list_display = ["full_name", "site", "locale"]
    list_filter = ["site", "locale"]


class MainMenuViewSet(SnippetViewSet):
    model = MainMenu
    icon = "list-ul"
    list_display = ["__str__", "site", "locale"]
    list_filter = ["site", "locale"]


class AnnouncementViewSet(SnippetViewSet):
    model = Announcement
    icon = "warning"
    list_display = ["title", "starts_on", "ends_on", "is_important", "locale"]
    list_filter = ["is_important", "locale", "site"]
    search_fields = ["title", "text"]
    ordering = ["-starts_on"]


class SiteFurnitureGroup(SnippetViewSetGroup):
    items = (AnnouncementViewSet, SchoolProfileViewSet, MainMenuViewSet)
    menu_icon = "globe"
    menu_label = _("Site furniture")
    menu_name = "site_furniture"
    menu_order = 250


register_snippet(SiteFurnitureGroup)
