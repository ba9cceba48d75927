"""Reads of the notifications area (through portal.access)."""

import datetime

from django.utils import timezone

from portal import access

from ..models import Delivery, DeliveryStatus


def inbox(user, school):
    """The user's notifications, newest first, with the child they are about."""
    return access.notifications_visible(user, school).select_related("student")


def unread(user, school):
    """The user's unread notifications (queryset; the header's bell counts them)."""
    return access.notifications_visible(user, school).filter(read_at__isnull=True)


def unread_count(user, school):
    return unread(user, school).count()


def channel_problems(user, days=30):
    """Deliveries to the user that could not be made (blocked or failed for good) lately:
    [{"channel": label, "count": n, "last": datetime}] — shown on the notifications page."""
    since = timezone.now() - datetime.timedelta(days=days)
    rows = (Delivery.objects.filter(recipient=user, status=DeliveryStatus.FAILED, created_at__gte=since)
            .order_by("channel", "-created_at").values("channel", "created_at"))
    problems = {}
    for row in rows:
        item = problems.setdefault(row["channel"], {"channel": row["channel"], "count": 0, "last": row["created_at"]})
        item["count"] += 1
    return list(problems.values())
