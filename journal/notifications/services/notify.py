"""notify(): the one public entry point. Creates the in-app notification of each recipient in
their language and, for those who want it at once, one outbox row per channel; the worker sends."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from ..models import Channel, Delivery, DeliveryKind, Event, Mode, Notification, Preference, PushSubscription
from .preferences import settings_for

# in-app rows are always written; "off" stops the e-mail, Telegram and push copies
DIGEST_MODES = (Mode.DAILY, Mode.WEEKLY)


def _render(value, user):
    """A str, a lazy translation or a callable(user) → str, rendered in the user's language."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        if callable(value) and not isinstance(value, str) and not hasattr(value, "_proxy____cast"):
            value = value(user)
        return str(value or "")


def quiet_until(recipient_settings, now):
    """The end of the recipient's quiet hours when `now` falls inside them, else None."""
    start, end = recipient_settings.quiet_from, recipient_settings.quiet_to
    if start is None or end is None or start == end:
        return None
    local = timezone.localtime(now)
    t = local.time()
    inside = start <= t < end if start < end else (t >= start or t < end)
    if not inside:
        return None
    day = local.date() if (start < end or t < end) else local.date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, end), local.tzinfo)


def channels_for(user, recipient_settings, push_users):
    channels = []
    if recipient_settings.email_enabled and user.email:
        channels.append(Channel.EMAIL)
    if recipient_settings.telegram_enabled and recipient_settings.telegram_chat_id:
        channels.append(Channel.TELEGRAM)
    if recipient_settings.push_enabled and user.pk in push_users:
        channels.append(Channel.PUSH)
    return channels


def notify(*, school, event, recipients, student=None, title, body, url="", actor=None):
    """Notify `recipients` (users) of `event` (an Event value). `title` and `body` are str, lazy
    translations or callables(user) → str, rendered in each recipient's language. The actor is
    never notified of their own action. Returns the in-app Notification rows created."""
    if event not in Event.values:
        raise ValueError(f"unknown notification event {event!r}")
    seen, users = set(), []
    for user in recipients:
        if user is None or user.pk in seen or (actor is not None and user.pk == actor.pk) or not user.is_active:
            continue
        seen.add(user.pk)
        users.append(user)
    if not users:
        return []
    modes = dict(Preference.objects.filter(user__in=seen, event=event).values_list("user_id", "mode"))
    recipient_settings = settings_for(users)
    push_users = set(PushSubscription.objects.filter(user__in=seen).values_list("user_id", flat=True))
    now = timezone.now()
    with transaction.atomic():
        rows = []
        for user in users:
            mode = modes.get(user.pk, Mode.INSTANT)
            rows.append(Notification(
                school=school, recipient=user, student=student, actor=actor, event=event,
                title=_render(title, user)[:255], body=_render(body, user), url=url or "",
                digest=mode if mode in DIGEST_MODES else "",
            ))
        Notification.objects.bulk_create(rows)
        deliveries = []
        for user, row in zip(users, rows, strict=True):
            if modes.get(user.pk, Mode.INSTANT) != Mode.INSTANT:
                continue
            prefs = recipient_settings[user.pk]
            due = quiet_until(prefs, now) or now
            for channel in channels_for(user, prefs, push_users):
                deliveries.append(Delivery(
                    key=f"n{row.pk}:{channel}", recipient=user, notification=row, channel=channel,
                    kind=DeliveryKind.INSTANT, subject=row.title, text=row.body, url=row.url, next_attempt_at=due,
                ))
        Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        if deliveries:
            from ..tasks import schedule_outbox

            transaction.on_commit(schedule_outbox)
    return rows
