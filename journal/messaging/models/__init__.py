"""Communication (issue 11 §1–§3): announcements, messages between people who have a reason to
talk, and the parents' forum; one settings row per school."""

from .announcements import Announcement, AnnouncementRead, Audience
from .conversations import Conversation, Message, MessageReport, Participant
from .forum import Forum, ModerationAction, ModerationLog, Post, PostReport, PostStatus, Topic
from .settings import MessagingSettings

__all__ = [
    "Announcement", "AnnouncementRead", "Audience",
    "Conversation", "Message", "MessageReport", "Participant",
    "Forum", "ModerationAction", "ModerationLog", "Post", "PostReport", "PostStatus", "Topic",
    "MessagingSettings",
]
