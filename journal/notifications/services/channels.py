"""The outgoing channels. Each `send_<channel>(delivery)` returns on success, raises
ChannelBlocked when the recipient can no longer be reached that way (Telegram 403, push 410:
no retry, the notification stays in-app and the user is told), any other exception to retry."""

import json

import requests
from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ..models import Channel, PushSubscription, RecipientSettings
from .preferences import ALL_EVENTS, unsubscribe_token


class ChannelBlocked(Exception):
    """The recipient blocked the channel or it no longer exists."""


def site_url():
    return (getattr(settings, "SITE_URL", "") or settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def absolute(url):
    if not url or url.startswith(("http://", "https://")):
        return url
    return site_url() + url


def unsubscribe_url(user, event=ALL_EVENTS):
    with translation.override(user.language or settings.LANGUAGE_CODE):
        return absolute(reverse("journal:notifications_unsubscribe", args=[unsubscribe_token(user, event)]))


def _event_of(delivery):
    return delivery.notification.event if delivery.notification_id else ALL_EVENTS


def send_email(delivery):
    user = delivery.recipient
    if not user.email:
        raise ChannelBlocked("no e-mail address")
    unsubscribe = unsubscribe_url(user, _event_of(delivery))
    with translation.override(user.language or settings.LANGUAGE_CODE):
        lines = [delivery.text]
        if delivery.url:
            lines += ["", absolute(delivery.url)]
        lines += ["", "—", _("You receive this because you use the school portal. To stop these e-mails:"),
                  unsubscribe]
    message = EmailMessage(
        subject=delivery.subject, body="\n".join(lines), to=[user.email],
        headers={
            "Message-ID": f"<delivery-{delivery.pk}@mektep>",
            "X-Mektep-Delivery": delivery.key,
            "Content-Language": user.language or settings.LANGUAGE_CODE,
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send(fail_silently=False)


def telegram_api(method, **payload):
    """Call the Bot API (TELEGRAM_API_URL: the real one, or a local stand-in in tests)."""
    token = settings.TELEGRAM_BOT_TOKEN
    if not token:
        raise RuntimeError("TELEGRAM_BOT_TOKEN is not set")
    response = requests.post(f"{settings.TELEGRAM_API_URL.rstrip('/')}/bot{token}/{method}", json=payload,
                             timeout=settings.NOTIFICATIONS_HTTP_TIMEOUT)
    if response.status_code == 403:
        raise ChannelBlocked(f"Telegram {response.status_code}: {response.text[:200]}")
    response.raise_for_status()
    data = response.json()
    if not data.get("ok"):
        raise RuntimeError(f"Telegram error: {data}")
    return data.get("result")


def send_telegram(delivery):
    chat_id = RecipientSettings.objects.filter(user_id=delivery.recipient_id).values_list(
        "telegram_chat_id", flat=True).first()
    if not chat_id:
        raise ChannelBlocked("no linked Telegram chat")
    text = delivery.subject + ("\n\n" + delivery.text if delivery.text else "")
    if delivery.url:
        text += "\n" + absolute(delivery.url)
    try:
        telegram_api("sendMessage", chat_id=chat_id, text=text[:4000], disable_web_page_preview=True)
    except ChannelBlocked:
        # the parent blocked the bot: unlink the chat so nothing more is tried there
        RecipientSettings.objects.filter(user_id=delivery.recipient_id).update(telegram_chat_id=None)
        raise


def send_push(delivery):
    from pywebpush import WebPushException, webpush

    subscriptions = list(PushSubscription.objects.filter(user_id=delivery.recipient_id))
    if not subscriptions:
        raise ChannelBlocked("no browser subscribed")
    data = json.dumps({"title": delivery.subject, "body": delivery.text[:500], "url": absolute(delivery.url)})
    delivered, gone, error = 0, 0, None
    for subscription in subscriptions:
        try:
            webpush(subscription_info=subscription.info(), data=data,
                    vapid_private_key=settings.WEBPUSH_VAPID_PRIVATE_KEY,
                    vapid_claims={"sub": settings.WEBPUSH_VAPID_SUBJECT},
                    timeout=settings.NOTIFICATIONS_HTTP_TIMEOUT)
            delivered += 1
        except WebPushException as exc:
            status = getattr(exc.response, "status_code", None)
            if status in (404, 410):
                subscription.delete()  # the browser unsubscribed
                gone += 1
            else:
                error = exc
    if delivered:
        return
    if gone and error is None:
        raise ChannelBlocked("every browser subscription has expired")
    raise error or RuntimeError("push failed")


SENDERS = {Channel.EMAIL: send_email, Channel.TELEGRAM: send_telegram, Channel.PUSH: send_push}
