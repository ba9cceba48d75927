"""Conversations and messages."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import access

from ..models import Conversation, Message, MessageReport, MessagingSettings, Participant
from ..signals import message_posted
from .common import check_rate, refuse, send_after_commit


def _rate(user, school):
    check_rate(user, "message", MessagingSettings.for_school(school).messages_per_minute)


def _clean_body(body):
    body = (body or "").strip()
    if not body:
        refuse(_("Write the message."), code="empty")
    if len(body) > 10000:
        refuse(_("The message is too long (at most 10,000 characters)."), code="too_long")
    return body


@transaction.atomic
def conversation_start(*, user, school, recipient, subject, body, attachment=None):
    """A new conversation of the user with one of their allowed contacts, with its first message."""
    if not access.can_use_messages(user, school):
        refuse(_("You cannot send messages."))
    if recipient is None or not access.message_contacts(user, school).filter(pk=recipient.pk).exists():
        refuse(_("You cannot write to this person."), code="not_a_contact")
    subject = (subject or "").strip()[:200] or _("No subject")
    body = _clean_body(body)
    _rate(user, school)
    now = timezone.now()
    conversation = Conversation.objects.create(school=school, subject=subject, created_by=user,
                                               created_at=now, last_message_at=now)
    Participant.objects.bulk_create([
        Participant(conversation=conversation, user=user, last_read_at=now),
        Participant(conversation=conversation, user=recipient),
    ])
    _post(conversation, user, body, attachment, now)
    return conversation


@transaction.atomic
def message_post(*, user, school, conversation, body, attachment=None):
    """A reply in a conversation the user takes part in."""
    participant = Participant.objects.select_for_update().filter(
        conversation=conversation, user=user, conversation__school=school).first()
    if participant is None:
        refuse(_("You do not take part in this conversation."))
    body = _clean_body(body)
    _rate(user, school)
    now = timezone.now()
    message = _post(conversation, user, body, attachment, now)
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
    participant.last_read_at = now
    participant.save(update_fields=["last_read_at"])
    return message


def _post(conversation, user, body, attachment, now):
    message = Message(conversation=conversation, sender=user, body=body, created_at=now)
    if attachment:
        message.attachment = attachment
    message.full_clean(exclude=["attachment"])
    message.save()
    recipients = [p.user for p in conversation.participants.select_related("user").exclude(user=user)]
    send_after_commit(message_posted, Message, message=message, recipients=recipients)
    return message


def conversation_mark_read(*, user, conversation):
    """The user has seen every message so far (the other side's read receipt)."""
    Participant.objects.filter(conversation=conversation, user=user).update(last_read_at=timezone.now())


@transaction.atomic
def message_report(*, user, school, message, reason):
    """A participant reports a message of the other side: the deputy will see the conversation."""
    if not Participant.objects.filter(conversation=message.conversation_id, user=user,
                                      conversation__school=school).exists():
        refuse(_("You do not take part in this conversation."))
    if message.sender_id == user.pk:
        refuse(_("You cannot report your own message."), code="own")
    reason = (reason or "").strip()[:500] or _("No reason given")
    report, _created = MessageReport.objects.get_or_create(message=message, reporter=user,
                                                          defaults={"reason": reason})
    return report


@transaction.atomic
def message_reports_resolve(*, user, school, conversation):
    """The deputy marks the reports of a conversation as dealt with."""
    if not access.can_review_reported_messages(user, school) or conversation.school_id != school.pk:
        refuse(_("Only the deputy director deals with reported messages."))
    return MessageReport.objects.filter(message__conversation=conversation, resolved_at__isnull=True).update(
        resolved_by=user, resolved_at=timezone.now())
