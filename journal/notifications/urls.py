"""URLs of notifications, under /<lang>/app/notifications/ in the "journal" namespace."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from portal.navigation import register, register_count

from .views import inbox, preferences

urlpatterns = [
    path("", inbox.inbox, name="notifications"),
    path("<int:pk>/", inbox.notification_open, name="notification_open"),
    path("read/", inbox.mark_all_read, name="notifications_read"),
    path("settings/", preferences.preferences, name="notification_settings"),
    path("settings/telegram/", preferences.telegram_link, name="notification_telegram"),
    path("settings/push/", preferences.push_subscribe, name="notification_push"),
    path("unsubscribe/<str:token>/", preferences.unsubscribe_view, name="notifications_unsubscribe"),
]

register("journal:notifications", _("Notifications"), order=90)


def _unread(user, school):
    from .selectors import unread

    return unread(user, school)


register_count("notifications", _unread)  # the bell's number, with the menu's in one query
