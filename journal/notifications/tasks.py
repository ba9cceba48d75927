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
