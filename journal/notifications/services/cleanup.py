"""Daily clean-up: old read notifications, old sent deliveries and unused Telegram link codes."""

import datetime

from django.conf import settings
from django.utils import timezone

from ..models import Delivery, DeliveryStatus, Notification, TelegramLinkCode


def cleanup(now=None):
    now = now or timezone.now()
    keep = datetime.timedelta(days=settings.NOTIFICATIONS_KEEP_DAYS)
    removed = {
        "notifications": Notification.objects.filter(read_at__isnull=False, created_at__lt=now - keep).delete()[0],
        "deliveries": Delivery.objects.filter(status__in=[DeliveryStatus.SENT, DeliveryStatus.FAILED],
                                              created_at__lt=now - datetime.timedelta(days=30)).delete()[0],
        "codes": TelegramLinkCode.objects.filter(created_at__lt=now - datetime.timedelta(days=1)).delete()[0],
    }
    return removed
