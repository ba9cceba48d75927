"""Background work on django-tasks (TASKS setting: the database backend and its worker by
default, the RQ backend on Redis for bigger deployments, the immediate backend in tests)."""

import logging

from django_tasks import task

log = logging.getLogger(__name__)


@task()
def journal_event_task(event, label, pk):
    from .services.events import journal_event_fan_out

    return journal_event_fan_out(event, label, pk)


@task()
def announcement_task(announcement_id, recipient_ids):
    """At an announcement's publish time: notify its audience if it is still to be shown."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q
    from django.utils import timezone

    from journal.messaging.models import Announcement

    from .receivers import announcement_notify

    now = timezone.now()
    announcement = (Announcement.objects.filter(pk=announcement_id)
                    .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now)).select_related("school", "author").first())
    if announcement is None:
        return 0
    recipients = list(get_user_model().objects.filter(pk__in=recipient_ids, is_active=True))
    announcement_notify(announcement, recipients)
    return len(recipients)


@task()
def outbox_task():
    from .services.outbox import outbox_process

    return {str(k): v for k, v in outbox_process().items()}


@task()
def digests_task():
    from .services.digests import digests_send

    return digests_send()


@task()
def cleanup_task():
    from .services.cleanup import cleanup

    return cleanup()


@task()
def telegram_poll_task():
    from .services.telegram import telegram_poll

    return telegram_poll()


def schedule_outbox():
    """Ask the worker to process the outbox (the periodic tick does it too, so a failed enqueue
    only delays the sending)."""
    try:
        outbox_task.enqueue()
    except Exception:  # noqa: BLE001
        log.exception("could not enqueue the outbox task")
