"""A recipient's preferences: read with defaults, changed, and one-click unsubscribe tokens."""

from django.core import signing
from django.db import transaction

from ..models import Event, Mode, Preference, RecipientSettings

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
ALL_EVENTS = "all"


def settings_for(users):
    """{user id: RecipientSettings} for the users; unsaved defaults for those without a row."""
    ids = [u.pk for u in users]
    found = {s.user_id: s for s in RecipientSettings.objects.filter(user__in=ids)}
    return {pk: found.get(pk) or RecipientSettings(user_id=pk) for pk in ids}


def settings_of(user):
    return RecipientSettings.objects.get_or_create(user=user)[0]


def modes_of(user):
    """{event: mode} for every event, INSTANT where the user chose nothing."""
    chosen = dict(Preference.objects.filter(user=user).values_list("event", "mode"))
    return {event: chosen.get(event, Mode.INSTANT) for event in Event.values}


@transaction.atomic
def preferences_update(*, user, modes, language=None, **fields):
    """Save the modes ({event: mode}) and the RecipientSettings fields given."""
    for event, mode in modes.items():
        if event not in Event.values or mode not in Mode.values:
            raise ValueError(f"bad preference {event}={mode}")
        Preference.objects.update_or_create(user=user, event=event, defaults={"mode": mode})
    recipient_settings = settings_of(user)
    for name, value in fields.items():
        setattr(recipient_settings, name, value)
    recipient_settings.full_clean()
    recipient_settings.save()
    if language and language != user.language:
        user.language = language
        user.save(update_fields=["language"])
    return recipient_settings


def unsubscribe_token(user, event=ALL_EVENTS):
    return signing.dumps({"u": user.pk, "e": event}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_read(token):
    """(user id, event) of a genuine token, else None."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    event = data.get("e")
    if event != ALL_EVENTS and event not in Event.values:
        return None
    return data["u"], event


@transaction.atomic
def unsubscribe(*, user, event):
    """Turn off the e-mail, Telegram and push copies of `event` (or of every event)."""
    events = Event.values if event == ALL_EVENTS else [event]
    for name in events:
        Preference.objects.update_or_create(user=user, event=name, defaults={"mode": Mode.OFF})
