"""Processing the outbox. A row is claimed (pending and due, or "sending" whose worker's lease ran
out: a killed worker), sent, then marked sent; each step commits on its own, so a worker killed at
any moment leaves rows that the next run takes up, and a row marked sent is never taken again.
Failures are retried with exponential backoff; a blocked channel is not retried (in-app stays)."""

import datetime
import logging

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from ..models import Delivery, DeliveryStatus
from .channels import SENDERS, ChannelBlocked

log = logging.getLogger(__name__)


def backoff(attempts):
    """Seconds to wait after the `attempts`-th failed attempt: base·2^(n−1), capped."""
    base = settings.NOTIFICATIONS_RETRY_BASE_SECONDS
    return min(base * 2 ** max(attempts - 1, 0), settings.NOTIFICATIONS_RETRY_MAX_SECONDS)


def _due(now):
    return Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now) | Q(
        status=DeliveryStatus.SENDING, lease_until__lt=now)


def _claim(delivery, now):
    """Take the row for this worker (a conditional UPDATE: two workers never take the same row)."""
    lease = now + datetime.timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS)
    taken = Delivery.objects.filter(_due(now), pk=delivery.pk, attempts=delivery.attempts).update(
        status=DeliveryStatus.SENDING, lease_until=lease, attempts=F("attempts") + 1)
    return bool(taken)


def delivery_send(delivery):
    """Send one claimed row and record the outcome. Returns the new status."""
    attempts = delivery.attempts + 1
    try:
        SENDERS[delivery.channel](delivery)
    except ChannelBlocked as exc:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED, lease_until=None, last_error=str(exc)[:500])
        return DeliveryStatus.FAILED
    except Exception as exc:  # noqa: BLE001 - any failure of the channel is retried
        log.warning("delivery %s failed (attempt %s): %s", delivery.key, attempts, exc)
        final = attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED if final else DeliveryStatus.PENDING, lease_until=None,
            last_error=f"{type(exc).__name__}: {exc}"[:500],
            next_attempt_at=timezone.now() + datetime.timedelta(seconds=backoff(attempts)))
        return DeliveryStatus.FAILED if final else DeliveryStatus.PENDING
    Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), lease_until=None, last_error="")
    return DeliveryStatus.SENT


def outbox_process(*, limit=None, batch=50):
    """Send what is due. Returns {status: count}."""
    counts = {}
    done = 0
    while limit is None or done < limit:
        now = timezone.now()
        rows = list(Delivery.objects.filter(_due(now)).select_related("recipient", "notification")
                    .order_by("next_attempt_at", "pk")[:batch])
        if not rows:
            break
        progressed = False
        for delivery in rows:
            if limit is not None and done >= limit:
                break
            if not _claim(delivery, now):
                continue  # another worker has it
            progressed = True
            status = delivery_send(delivery)
            counts[status] = counts.get(status, 0) + 1
            done += 1
        if not progressed:
            break
    return counts
