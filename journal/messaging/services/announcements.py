"""Announcements: written, read."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import access

from ..models import Announcement, AnnouncementRead, Audience
from ..selectors.announcements import announcement_recipients
from ..signals import announcement_published
from .common import check_rate, refuse, send_after_commit

ANNOUNCEMENTS_PER_MINUTE = 5


@transaction.atomic
def announcement_create(*, user, school, title, body, audience, grade=None, class_group=None, role="",
                        attachment=None, publish_at=None, expires_at=None, pinned=False):
    """An announcement to an audience the user may address (a teacher: the classes they teach or
    lead; the director and deputy: the whole school)."""
    if audience not in access.announcement_audiences(user, school):
        refuse(_("You cannot address this audience."))
    if audience in (Audience.CLASS, Audience.CLASS_PARENTS):
        if class_group is None or not access.announcement_classes(user, school).filter(pk=class_group.pk).exists():
            refuse(_("You can write only to the classes you teach."), code="class")
    else:
        class_group = None
    announcement = Announcement(
        school=school, author=user, title=(title or "").strip(), body=(body or "").strip(), audience=audience,
        grade=grade if audience == Audience.GRADE else None, class_group=class_group,
        role=role if audience == Audience.ROLE else "", publish_at=publish_at or timezone.now(),
        expires_at=expires_at, pinned=pinned,
    )
    if attachment:
        announcement.attachment = attachment
    announcement.full_clean(exclude=["attachment"])
    check_rate(user, "announcement", ANNOUNCEMENTS_PER_MINUTE)
    announcement.save()
    send_after_commit(announcement_published, Announcement, announcement=announcement,
                      recipients=list(announcement_recipients(announcement)))
    return announcement


def announcement_mark_read(*, user, announcement):
    """The user opened the announcement (the author's receipt); the author's own reads do not count."""
    if announcement.author_id == user.pk:
        return None
    return AnnouncementRead.objects.get_or_create(announcement=announcement, user=user)[0]


@transaction.atomic
def announcement_withdraw(*, user, school, announcement):
    """The author (or the director/deputy) ends the display now."""
    if not access.announcement_receipts_visible(user, school).filter(pk=announcement.pk).exists():
        refuse(_("You cannot change this announcement."))
    now = timezone.now()
    if announcement.publish_at >= now:
        announcement.publish_at = now - datetime.timedelta(seconds=1)
    announcement.expires_at = now
    announcement.save(update_fields=["publish_at", "expires_at"])
    return announcement
