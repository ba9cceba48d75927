"""Listens to the class journal. The receiver runs inside the grade's transaction and does one
thing: one task enqueue. With the database queue the task row is INSERTed in that same
transaction (no extra commit; it commits, or rolls back, with the grade, and the worker cannot
see it before); with any other queue (Redis, immediate) the enqueue waits for the commit. The
task (services.events.journal_event_fan_out) finds the recipients and writes the notifications."""

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from journal.gradebook.signals import journal_written
from journal.messaging.signals import announcement_published, message_posted


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


# The communication area (journal.messaging) sends its signals after commit, with the recipients.

def _short(text, limit=160):
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@receiver(announcement_published, dispatch_uid="notifications.announcement_published")
def on_announcement_published(sender, announcement, recipients, **kwargs):
    """An announcement reaches its audience when it is published: at once, or at its publish
    time (a task waiting until then, which looks again whether it is still to be shown)."""
    from django.utils import timezone

    from .tasks import announcement_task

    ids = [user.pk for user in recipients]
    later = announcement.publish_at and announcement.publish_at > timezone.now()
    if later and announcement_task.get_backend().supports_defer:
        announcement_task.using(run_after=announcement.publish_at).enqueue(announcement.pk, ids)
    elif later:
        # a queue that cannot wait (the immediate backend of a one-process setup): the periodic
        # tick is not told; notify now rather than never
        announcement_notify(announcement, recipients)
    else:
        announcement_notify(announcement, recipients)


def announcement_notify(announcement, recipients):
    from .services import notify

    notify(school=announcement.school, event="announcement", recipients=recipients,
           title=announcement.title, body=_short(announcement.body),
           url=reverse("journal:announcement_detail", args=[announcement.pk]), actor=announcement.author)


@receiver(message_posted, dispatch_uid="notifications.message_posted")
def on_message_posted(sender, message, recipients, **kwargs):
    from .services import notify

    author = message.sender
    name = author.get_full_name() or author.get_username() if author else ""
    notify(school=message.conversation.school, event="message", recipients=recipients,
           title=lambda user: _("New message from %(name)s") % {"name": name}, body=_short(message.body),
           url=reverse("journal:conversation_detail", args=[message.conversation_id]), actor=author)
