"""Daily and weekly digests: once a day at the recipient's hour (weekly: on their day), the
notifications waiting for a digest become one message per recipient, grouped by child, in the
recipient's language. Run hourly (the worker's scheduler or `manage.py notifications_tick`);
idempotent: the outbox key names the recipient, the kind and the day."""

from itertools import groupby

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..models import Channel, Delivery, DeliveryKind, Mode, Notification
from .preferences import settings_for


def _due(recipient_settings, mode, local_now):
    if local_now.hour < recipient_settings.digest_hour:
        return False
    return mode == Mode.DAILY or local_now.weekday() == recipient_settings.digest_weekday


def _channel(user, recipient_settings):
    if recipient_settings.email_enabled and user.email:
        return Channel.EMAIL
    if recipient_settings.telegram_enabled and recipient_settings.telegram_chat_id:
        return Channel.TELEGRAM
    return None


def _render(user, mode, rows, local_now):
    with translation.override(user.language or settings.LANGUAGE_CODE):
        groups = []
        for _student_id, items in groupby(rows, key=lambda n: n.student_id or 0):
            items = list(items)
            groups.append({"student": items[0].student, "items": items})
        day = date_format(local_now.date(), "DATE_FORMAT")
        subject = (_("Daily summary for %(date)s") if mode == Mode.DAILY else _("Weekly summary for %(date)s")) % {
            "date": day}
        text = render_to_string("journal/notifications/email/digest.txt", {"groups": groups, "user": user,
                                                                            "subject": subject})
    return subject, text


def digests_send(now=None):
    """Make the digests that are due. Returns the number of digest messages queued."""
    now = now or timezone.now()
    local_now = timezone.localtime(now)
    day = local_now.date().isoformat()
    pending = list(
        Notification.objects.filter(digest__in=[Mode.DAILY, Mode.WEEKLY], digested_at__isnull=True)
        .select_related("recipient", "student").order_by("recipient_id", "digest", "student_id", "created_at", "pk")
    )
    if not pending:
        return 0
    users = {n.recipient_id: n.recipient for n in pending}
    recipient_settings = settings_for(list(users.values()))
    existing = set(Delivery.objects.filter(key__startswith="digest:", key__endswith=f":{day}").values_list(
        "key", flat=True))
    deliveries, digested = [], []
    for (user_id, mode), rows in groupby(pending, key=lambda n: (n.recipient_id, n.digest)):
        rows = list(rows)
        prefs = recipient_settings[user_id]
        if not _due(prefs, mode, local_now):
            continue
        key = f"digest:{user_id}:{mode}:{day}"
        if key in existing:
            continue  # today's digest was made; these wait for the next one
        user = users[user_id]
        digested.extend(n.pk for n in rows)
        channel = _channel(user, prefs)
        if channel is None:
            continue  # nowhere to send: the notifications stay in the portal's list
        subject, text = _render(user, mode, rows, local_now)
        deliveries.append(Delivery(key=key, recipient=user, channel=channel, kind=DeliveryKind.DIGEST,
                                   subject=subject, text=text, next_attempt_at=timezone.now()))
    with transaction.atomic():
        Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        for start in range(0, len(digested), 500):
            Notification.objects.filter(pk__in=digested[start:start + 500]).update(digested_at=now)
        if deliveries:
            from ..tasks import schedule_outbox

            transaction.on_commit(schedule_outbox)
    return len(deliveries)


