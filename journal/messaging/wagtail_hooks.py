"""The site administrator works in the Wagtail admin: a menu item there leads to the moderation
of the parents' forum (R-S12), shown only to site administrators."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal import access


class ForumModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return access.is_site_admin(request.user)


@hooks.register("register_admin_menu_item")
def register_forum_moderation_menu_item():
    return ForumModerationMenuItem(_("Forum moderation"), reverse_lazy("journal:forum_moderation"), icon_name="group",
                                   order=900)
