"""Listens to the class journal. The receiver runs inside the grade's transaction and does one
thing: one task enqueue. With the database queue the task row is INSERTed in that same
transaction (no extra commit; it commits, or rolls back, with the grade, and the worker cannot
see it before); with any other queue (Redis, immediate) the enqueue waits for the commit. The
task (services.events.journal_event_fan_out) finds the recipients and writes the notifications."""

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver

from journal.gradebook.signals import journal_written


def _transactional(task):
    from django_tasks_db import DatabaseBackend

    return isinstance(task.get_backend(), DatabaseBackend)


@receiver(journal_written, dispatch_uid="notifications.journal_written")
def on_journal_written(sender, event, instance, **kwargs):
    if not getattr(settings, "NOTIFICATIONS_ENABLED", True):
        return
    from .tasks import journal_event_task

    label, pk = sender._meta.label_lower, instance.pk
    if _transactional(journal_event_task):
        journal_event_task.enqueue(event, label, pk)
    else:
        transaction.on_commit(lambda: journal_event_task.enqueue(event, label, pk))
