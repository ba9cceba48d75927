"""Announcements: the list, one announcement, a new one, its attachment and read receipts."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal import access, private_files

from ..forms import AnnouncementForm
from ..selectors import announcements as sel
from ..services import announcements as svc
from .common import flash_error, form_error


def _visible(request, pk):
    school = access.school_for_request(request)
    return access.get_or_404(access.announcements_visible(request.user, school).select_related(*sel.RELATED),
                             pk=pk), school


@never_cache
@login_required
def announcement_list(request):
    school = access.school_for_request(request)
    access.require(access.roles_of(request.user, school))
    return render(request, "journal/messaging/announcements.html", {
        "announcements": sel.announcements_for(request.user, school),
        "can_write": bool(access.announcement_audiences(request.user, school)),
    })


@never_cache
@login_required
def announcement_detail(request, pk):
    announcement, school = _visible(request, pk)
    svc.announcement_mark_read(user=request.user, announcement=announcement)
    can_see_receipts = access.announcement_receipts_visible(request.user, school).filter(pk=pk).exists()
    return render(request, "journal/messaging/announcement.html", {
        "announcement": announcement, "can_see_receipts": can_see_receipts,
    })


@never_cache
@login_required
def announcement_file(request, pk):
    """The attachment: only to those the announcement is for (and its author)."""
    announcement, _school = _visible(request, pk)
    return private_files.send(announcement.attachment)


@never_cache
@login_required
def announcement_new(request):
    school = access.school_for_request(request)
    audiences = access.announcement_audiences(request.user, school)
    access.require(audiences)
    classes = access.announcement_classes(request.user, school).order_by("grade", "letter")
    form = AnnouncementForm(request.POST or None, request.FILES or None, audiences=audiences, classes=classes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            announcement = svc.announcement_create(
                user=request.user, school=school, title=data["title"], body=data["body"], audience=data["audience"],
                grade=data.get("grade"), class_group=data.get("class_group"), role=data.get("role") or "",
                attachment=data.get("attachment"), publish_at=data.get("publish_at"),
                expires_at=data.get("expires_at"), pinned=data.get("pinned", False))
        except ValidationError as exc:
            form_error(form, exc)
        else:
            flash.success(request, _("The announcement is saved."))
            return redirect("journal:announcement_detail", announcement.pk)
    return render(request, "journal/messaging/announcement_form.html", {"form": form},
                  status=400 if form.errors else 200)


@never_cache
@login_required
def announcement_receipts(request, pk):
    """Who of each class read it: counts per class; the names of one class (?class=<id>)."""
    school = access.school_for_request(request)
    announcement = access.get_or_404(
        access.announcement_receipts_visible(request.user, school).select_related(*sel.RELATED), pk=pk)
    rows = sel.announcement_receipts(announcement)
    chosen, readers = None, []
    class_id = request.GET.get("class")
    if class_id:
        chosen = next((r["class_group"] for r in rows if str(r["class_group"].pk) == class_id), None)
        if chosen is None:
            access.require(False)
        readers = sel.announcement_class_readers(announcement, chosen)
    return render(request, "journal/messaging/receipts.html", {
        "announcement": announcement, "rows": rows, "chosen": chosen, "readers": readers,
        "total": sum(r["total"] for r in rows), "read": sum(r["read"] for r in rows),
    })


@require_POST
@login_required
def announcement_withdraw(request, pk):
    school = access.school_for_request(request)
    announcement = access.get_or_404(access.announcement_receipts_visible(request.user, school), pk=pk)
    try:
        svc.announcement_withdraw(user=request.user, school=school, announcement=announcement)
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        flash.success(request, _("The announcement is no longer shown."))
    return redirect("journal:announcement_list")
