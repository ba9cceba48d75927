"""The Telegram bot: linking a parent's chat with a one-time deep-link code
(t.me/<bot>?start=<code>), and the commands /grades, /homework, /absences for the linked
children, answered in the parent's language. Updates are fetched with getUpdates (long polling
is not needed: the worker's scheduler calls telegram_poll every few seconds)."""

import datetime
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from journal.gradebook.models import Attendance, Grade, Lesson
from journal.register.models import Student

from ..models import RecipientSettings, TelegramBotState, TelegramLinkCode
from .channels import ChannelBlocked, telegram_api

CODE_TTL = datetime.timedelta(hours=1)


def telegram_enabled():
    return bool(settings.TELEGRAM_BOT_TOKEN and settings.TELEGRAM_BOT_USERNAME)


def link_code_create(*, user):
    """A fresh one-time code (the user's older unused codes stop working)."""
    TelegramLinkCode.objects.filter(user=user, used_at__isnull=True).delete()
    return TelegramLinkCode.objects.create(user=user, code=secrets.token_urlsafe(24))


def deep_link(code):
    return f"https://t.me/{settings.TELEGRAM_BOT_USERNAME}?start={code.code}"


@transaction.atomic
def link_chat(*, code, chat_id):
    """Link the chat to the code's user. Returns the user, or None for a used, expired or unknown code."""
    row = TelegramLinkCode.objects.select_for_update().select_related("user").filter(
        code=code, used_at__isnull=True, created_at__gte=timezone.now() - CODE_TTL).first()
    if row is None:
        return None
    row.used_at = timezone.now()
    row.save(update_fields=["used_at"])
    RecipientSettings.objects.filter(telegram_chat_id=chat_id).exclude(user=row.user).update(telegram_chat_id=None)
    RecipientSettings.objects.update_or_create(user=row.user, defaults={"telegram_chat_id": chat_id,
                                                                         "telegram_enabled": True})
    return row.user


def unlink(*, user):
    RecipientSettings.objects.filter(user=user).update(telegram_chat_id=None)


def _children(user):
    """The students a linked account may ask about: a parent's children, a student themself."""
    from django.db.models import Q

    return list(Student.objects.filter(Q(guardian_links__guardian__user=user) | Q(user=user))
                .select_related("class_group").distinct().order_by("last_name", "first_name"))


def _day(date):
    return date_format(date, "SHORT_DATE_FORMAT")


def answer_grades(user, today):
    lines = []
    for student in _children(user):
        grades = (Grade.objects.filter(student=student, lesson__date__gte=today - datetime.timedelta(days=30))
                  .select_related("lesson__assignment__subject").order_by("-lesson__date", "pk")[:20])
        lines.append(f"{student.short_name}:")
        lines += [f"  {_day(g.lesson.date)} {g.lesson.assignment.subject.name}: {g.value}" for g in grades] or [
            "  " + _("no grades in the last 30 days")]
    return "\n".join(lines) or _("No children are linked to your account.")


def answer_homework(user, today):
    lines = []
    for student in _children(user):
        lessons = (Lesson.objects.filter(assignment__class_group=student.class_group_id, date__gte=today,
                                         date__lte=today + datetime.timedelta(days=7)).exclude(homework="")
                   .select_related("assignment__subject").order_by("date", "lesson_number")[:20])
        lines.append(f"{student.short_name}:")
        lines += [f"  {_day(x.date)} {x.assignment.subject.name}: {x.homework}" for x in lessons] or [
            "  " + _("no homework set for the coming week")]
    return "\n".join(lines) or _("No children are linked to your account.")


def answer_absences(user, today):
    lines = []
    for student in _children(user):
        rows = (Attendance.objects.filter(student=student, lesson__date__gte=today - datetime.timedelta(days=30))
                .select_related("lesson__assignment__subject").order_by("-lesson__date")[:20])
        lines.append(f"{student.short_name}:")
        lines += [f"  {_day(a.lesson.date)} {a.lesson.assignment.subject.name}: {a.get_status_display()}"
                  for a in rows] or ["  " + _("no absences or late arrivals in the last 30 days")]
    return "\n".join(lines) or _("No children are linked to your account.")


COMMANDS = {"/grades": answer_grades, "/homework": answer_homework, "/absences": answer_absences}


def handle_update(update):
    """Answer one update; returns the text sent (or None)."""
    message = update.get("message") or {}
    chat_id = (message.get("chat") or {}).get("id")
    text = (message.get("text") or "").strip()
    if not chat_id or not text.startswith("/"):
        return None
    command, _sep, argument = text.partition(" ")
    command = command.split("@", 1)[0]
    if command == "/start" and argument:
        user = link_chat(code=argument.strip(), chat_id=chat_id)
        if user is None:
            reply = _("This link has expired or was already used. Open your notification settings in the "
                      "school portal and link Telegram again.")
        else:
            with translation.override(user.language or settings.LANGUAGE_CODE):
                reply = _("Your account is linked. You will get the school's notifications here. Commands: "
                          "/grades, /homework, /absences.")
            return _send(chat_id, reply)
        return _send(chat_id, reply)
    linked = RecipientSettings.objects.select_related("user").filter(telegram_chat_id=chat_id).first()
    if linked is None:
        return _send(chat_id, _("This chat is not linked to the school portal. Open your notification settings "
                                "in the portal and follow the Telegram link there."))
    user = linked.user
    with translation.override(user.language or settings.LANGUAGE_CODE):
        handler = COMMANDS.get(command)
        if handler is None:
            reply = _("Commands: /grades, /homework, /absences.")
        else:
            reply = handler(user, timezone.localdate())
    return _send(chat_id, reply)


def _send(chat_id, text):
    try:
        telegram_api("sendMessage", chat_id=chat_id, text=text[:4000])
    except ChannelBlocked:
        RecipientSettings.objects.filter(telegram_chat_id=chat_id).update(telegram_chat_id=None)
    return text


def telegram_poll():
    """Fetch and answer the bot's new updates. Returns how many were handled."""
    if not settings.TELEGRAM_BOT_TOKEN:
        return 0
    state, _created = TelegramBotState.objects.get_or_create(pk=1)
    updates = telegram_api("getUpdates", offset=state.offset, timeout=0, allowed_updates=["message"]) or []
    for update in updates:
        handle_update(update)
        state.offset = update["update_id"] + 1
        state.save(update_fields=["offset"])
    return len(updates)
