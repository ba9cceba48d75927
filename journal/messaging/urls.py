"""URLs of the communication area, under /<lang>/app/journal/communication/ in the "journal" namespace."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from portal.navigation import register, register_count
from portal.roles import Role

from .views import announcements, forum, messages, settings

urlpatterns = [
    path("messages/", messages.inbox, name="messages_inbox"),
    path("messages/new/", messages.conversation_new, name="conversation_new"),
    path("messages/<int:pk>/", messages.conversation_detail, name="conversation_detail"),
    path("messages/<int:pk>/resolve/", messages.reports_resolve, name="message_reports_resolve"),
    path("messages/message/<int:message_id>/file/", messages.message_file, name="message_file"),
    path("messages/message/<int:message_id>/report/", messages.message_report, name="message_report"),
    path("messages/reported/", messages.reported, name="messages_reported"),
    path("announcements/", announcements.announcement_list, name="announcement_list"),
    path("announcements/new/", announcements.announcement_new, name="announcement_new"),
    path("announcements/<int:pk>/", announcements.announcement_detail, name="announcement_detail"),
    path("announcements/<int:pk>/file/", announcements.announcement_file, name="announcement_file"),
    path("announcements/<int:pk>/receipts/", announcements.announcement_receipts, name="announcement_receipts"),
    path("announcements/<int:pk>/withdraw/", announcements.announcement_withdraw, name="announcement_withdraw"),
    path("forum/", forum.forum_index, name="forum_index"),
    path("forum/school/", forum.forum_school, name="forum_school"),
    path("forum/class/<int:class_id>/", forum.forum_class, name="forum_class"),
    path("forum/topics/<int:pk>/", forum.forum_topic, name="forum_topic"),
    path("forum/topics/<int:pk>/lock/", forum.topic_lock, name="forum_topic_lock"),
    path("forum/posts/<int:pk>/report/", forum.post_report, name="forum_post_report"),
    path("forum/posts/<int:pk>/moderate/", forum.post_moderate, name="forum_post_moderate"),
    path("forum/moderation/", forum.forum_moderation, name="forum_moderation"),
    path("settings/", settings.messaging_settings, name="messaging_settings"),
]


def _unread(user, school):
    from .selectors.messages import unread_messages

    return unread_messages(user, school)


register_count("messages", _unread)  # counted with the other header numbers, in one query
register("journal:messages_inbox", _("Messages"), order=30, badge="messages")
register("journal:announcement_list", _("Announcements"), order=31)
register("journal:forum_index", _("Parents' forum"),
         roles={Role.PARENT, Role.TEACHER, Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN}, order=32)
register("journal:messaging_settings", _("Communication settings"), roles={Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN},
         order=62)
