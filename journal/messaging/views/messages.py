"""Messages: the inbox, a conversation, a new conversation, attachments, reports."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal import access, private_files

from ..forms import ConversationForm, ReplyForm, ReportForm
from ..models import Message, MessageReport
from ..selectors import messages as sel
from ..services import messages as svc
from .common import flash_error, form_error, report_reason, run_and_redirect


def _school(request):
    school = access.school_for_request(request)
    access.require(access.can_use_messages(request.user, school) or access.can_review_reported_messages(
        request.user, school))
    return school


@never_cache
@login_required
def inbox(request):
    school = _school(request)
    return render(request, "journal/messaging/inbox.html", {
        "conversations": sel.inbox(request.user, school),
        "can_write": access.can_use_messages(request.user, school),
        "can_review": access.can_review_reported_messages(request.user, school),
    })


@never_cache
@login_required
def conversation_new(request):
    school = _school(request)
    access.require(access.can_use_messages(request.user, school))
    contacts = sel.contacts(request.user, school)
    initial = {"recipient": request.GET.get("to")} if request.GET.get("to") else None
    form = ConversationForm(request.POST or None, request.FILES or None, contacts=contacts, initial=initial)
    if request.method == "POST" and form.is_valid():
        recipient = next((u for u, _what in contacts if u.pk == form.cleaned_data["recipient"]), None)
        try:
            conversation = svc.conversation_start(
                user=request.user, school=school, recipient=recipient, subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"], attachment=form.cleaned_data["attachment"])
        except ValidationError as exc:
            form_error(form, exc)
        else:
            return redirect("journal:conversation_detail", conversation.pk)
    return render(request, "journal/messaging/conversation_new.html", {"form": form, "has_contacts": bool(contacts)},
                  status=400 if form.errors else 200)


@never_cache
@login_required
def conversation_detail(request, pk):
    school = access.school_for_request(request)
    conversation = sel.conversation_for(request.user, school, pk)
    participants, _messages = sel.conversation_messages(conversation, request.user)
    is_participant = any(p.user_id == request.user.pk for p in participants)
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        access.require(is_participant)
        if form.is_valid():
            try:
                svc.message_post(user=request.user, school=school, conversation=conversation,
                                 body=form.cleaned_data["body"], attachment=form.cleaned_data["attachment"])
            except ValidationError as exc:
                form_error(form, exc)
            else:
                return redirect(reverse("journal:conversation_detail", args=[conversation.pk]) + "#last")
    if is_participant:
        svc.conversation_mark_read(user=request.user, conversation=conversation)
    reports = []
    if access.can_review_reported_messages(request.user, school):
        reports = list(MessageReport.objects.filter(message__conversation=conversation)
                       .select_related("reporter", "message", "resolved_by"))
    return render(request, "journal/messaging/conversation.html", {
        "conversation": conversation, "participants": participants, "messages_list": _messages,
        "is_participant": is_participant, "form": form, "report_form": ReportForm(), "reports": reports,
        "open_reports": any(r.resolved_at is None for r in reports),
    }, status=400 if form.errors else 200)


def _message(request, message_id):
    school = access.school_for_request(request)
    return access.get_or_404(
        Message.objects.filter(conversation__in=access.conversations_visible(request.user, school))
        .select_related("conversation"), pk=message_id), school


@never_cache
@login_required
def message_file(request, message_id):
    """A message's attachment: only to the conversation's participants (and the deputy when reported)."""
    message, _school_ = _message(request, message_id)
    return private_files.send(message.attachment)


@require_POST
@login_required
def message_report(request, message_id):
    message, school = _message(request, message_id)
    return run_and_redirect(
        request, lambda: svc.message_report(user=request.user, school=school, message=message,
                                            reason=report_reason(request)),
        _("The message was reported to the deputy director."),
        reverse("journal:conversation_detail", args=[message.conversation_id]))


@require_POST
@login_required
def reports_resolve(request, pk):
    school = access.school_for_request(request)
    conversation = sel.conversation_for(request.user, school, pk)
    try:
        svc.message_reports_resolve(user=request.user, school=school, conversation=conversation)
    except ValidationError as exc:
        flash_error(request, exc)
        access.require(False)
    flash.success(request, _("The reports are marked as dealt with."))
    return redirect("journal:messages_reported")


@never_cache
@login_required
def reported(request):
    """The deputy's list of conversations with a reported message."""
    school = access.school_for_request(request)
    access.require(access.can_review_reported_messages(request.user, school))
    return render(request, "journal/messaging/reported.html", {"conversations": sel.reported_conversations(school)})
