"""The notifications page (the bell's target), opening one notification, marking all read."""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from journal.gradebook.views._planning import private
from portal import access

from .. import selectors


@private
def inbox(request):
    page = Paginator(selectors.inbox(request.user, request.school), 30).get_page(request.GET.get("page"))
    return render(request, "journal/notifications/inbox.html", {
        "page": page, "problems": selectors.channel_problems(request.user),
    })


@private
def notification_open(request, pk):
    notification = access.get_or_404(access.notifications_visible(request.user, request.school), pk=pk)
    if notification.read_at is None:
        type(notification).objects.filter(pk=notification.pk).update(read_at=timezone.now())
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect("journal:notifications")
    return redirect(target)


@private
@require_POST
def mark_all_read(request):
    access.notifications_visible(request.user, request.school).filter(read_at__isnull=True).update(
        read_at=timezone.now())
    return redirect("journal:notifications")
