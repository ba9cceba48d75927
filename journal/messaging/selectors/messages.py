"""Messages: the inbox, a conversation with read receipts, unread counts, the contact picker."""

from django.apps import apps
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from portal import access

from ..models import Conversation, Message, MessageReport, Participant


def _unread_filter(user):
    """Messages of the others that arrived after the user last read their conversation (one join
    of Participant, so the filter and the F() refer to the user's own row)."""
    return Q(conversation__participants__user=user) & ~Q(sender=user) & (
        Q(conversation__participants__last_read_at__isnull=True)
        | Q(created_at__gt=F("conversation__participants__last_read_at")))


def unread_messages(user, school):
    """Unread messages of the user in the school (queryset; the menu badge counts them)."""
    if not user.is_authenticated or school is None:
        return Message.objects.none()
    return Message.objects.filter(_unread_filter(user), conversation__school=school)


def unread_count(user, school):
    """Unread messages of the user in the school: one query."""
    return unread_messages(user, school).count()


def inbox(user, school):
    """The user's conversations, newest first, each with `unread`, `others` and `last_message`.
    A fixed number of queries, whatever the number of conversations."""
    conversations = (
        Conversation.objects.filter(school=school, participants__user=user)
        .prefetch_related(Prefetch("participants", queryset=Participant.objects.select_related("user")))
        .order_by("-last_message_at", "-pk")
    )
    unread = dict(Message.objects.filter(_unread_filter(user), conversation__school=school)
                  .order_by().values("conversation").annotate(n=Count("pk")).values_list("conversation", "n"))
    rows = list(conversations)
    last = {}
    if rows:
        latest = (Message.objects.filter(conversation=OuterRef("conversation")).order_by("-created_at", "-pk")
                  .values("pk")[:1])
        for m in Message.objects.filter(conversation__in=rows, pk=Subquery(latest)).select_related("sender"):
            last[m.conversation_id] = m
    for c in rows:
        c.others = [p.user for p in c.participants.all() if p.user_id != user.pk]
        c.last_message = last.get(c.pk)
        c.unread = unread.get(c.pk, 0)
    return rows


def conversation_for(user, school, pk):
    """The conversation if the user may open it (a participant; the deputy when reported), else 404."""
    return access.get_or_404(access.conversations_visible(user, school).select_related("created_by"), pk=pk)


def conversation_messages(conversation, user):
    """The messages, each with `is_mine`, `read_by_all` (the other participants opened the
    conversation after it), `reported` (by the user)."""
    participants = list(conversation.participants.select_related("user"))
    messages = list(conversation.messages.select_related("sender").annotate(
        n_reports=Count("reports", filter=Q(reports__reporter=user))))
    for m in messages:
        m.is_mine = m.sender_id == user.pk
        addressees = [p for p in participants if p.user_id != m.sender_id]
        m.read_by = [p.user for p in addressees if p.last_read_at and p.last_read_at >= m.created_at]
        m.read_by_all = bool(addressees) and len(m.read_by) == len(addressees)
        m.reported = m.n_reports > 0
    return participants, messages


def reported_conversations(school):
    """Conversations with a report that nobody dealt with yet (the deputy's list), with counts."""
    open_reports = MessageReport.objects.filter(message__conversation=OuterRef("pk"), resolved_at__isnull=True)
    return (Conversation.objects.filter(school=school, messages__reports__isnull=False).distinct()
            .annotate(open_reports=Coalesce(Subquery(open_reports.order_by().values("message__conversation")
                                                     .annotate(n=Count("pk")).values("n"),
                                                     output_field=IntegerField()), 0))
            .prefetch_related(Prefetch("participants", queryset=Participant.objects.select_related("user")))
            .order_by("-open_reports", "-last_message_at"))


def contacts(user, school):
    """The allowed contacts for the picker, each (user, what they are to the user): four queries."""
    StaffMember = apps.get_model("journal", "StaffMember")
    Student = apps.get_model("journal", "Student")
    StudentGuardian = apps.get_model("journal", "StudentGuardian")
    users = list(access.message_contacts(user, school).order_by("last_name", "first_name", "pk"))
    ids = [u.pk for u in users]
    staff = {m.user_id: m for m in StaffMember.objects.filter(school=school, user__in=ids)}
    students = {s.user_id: s for s in Student.objects.filter(school=school, user__in=ids).select_related("class_group")}
    children = {}
    for link in StudentGuardian.objects.filter(guardian__school=school, guardian__user__in=ids).select_related(
            "student__class_group", "guardian"):
        children.setdefault(link.guardian.user_id, []).append(link.student)
    rows = []
    for u in users:
        if u.pk in staff:
            what = staff[u.pk].get_position_display()
        elif u.pk in students:
            s = students[u.pk]
            what = f"{s.class_group}" if s.class_group_id else ""
        elif u.pk in children:
            what = ", ".join(f"{c.first_name} ({c.class_group})" if c.class_group_id else c.first_name
                             for c in children[u.pk])
        else:
            what = ""
        rows.append((u, what))
    return rows
