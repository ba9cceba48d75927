"""Listens to the class journal. The receiver runs inside the grade's transaction, so it does one
thing only: after commit, one task enqueue (with the database backend: one INSERT). The task
(events.journal_event_fan_out) finds the recipients and writes the notifications."""

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver

from journal.gradebook.signals import journal_written


@receiver(journal_written, dispatch_uid="notifications.journal_written")
def on_journal_written(sender, event, instance, **kwargs):
    if not getattr(settings, "NOTIFICATIONS_ENABLED", True):
        return
    label, pk = sender._meta.label_lower, instance.pk

    def enqueue():
        from .tasks import journal_event_task

        journal_event_task.enqueue(event, label, pk)

    transaction.on_commit(enqueue)
