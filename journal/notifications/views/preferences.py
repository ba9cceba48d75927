"""The notification settings of the signed-in user (their profile's notifications part): modes,
digest time, quiet hours, channels, language; linking Telegram; browser push subscriptions; and
the one-click unsubscribe link of the e-mails (no login)."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from journal.gradebook.views._planning import private

from ..forms import PreferencesForm
from ..models import Event, PushSubscription
from ..services import telegram
from ..services.preferences import (
    ALL_EVENTS,
    modes_of,
    preferences_update,
    settings_of,
    unsubscribe,
    unsubscribe_read,
)


@private
def preferences(request):
    user = request.user
    recipient_settings = settings_of(user)
    form = PreferencesForm(request.POST or None, instance=recipient_settings, modes=modes_of(user),
                           language=user.language)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        preferences_update(user=user, modes=form.modes(), language=form.cleaned_data["language"], **fields)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("journal:notification_settings")
    code = None
    if request.session.get("telegram_code"):
        code = telegram.TelegramLinkCode.objects.filter(pk=request.session.pop("telegram_code"), user=user).first()
    return render(request, "journal/notifications/preferences.html", {
        "form": form, "settings_row": recipient_settings,
        "telegram_on": telegram.telegram_enabled(), "telegram_link": telegram.deep_link(code) if code else "",
        "push_key": settings.WEBPUSH_VAPID_PUBLIC_KEY,
        "push_count": PushSubscription.objects.filter(user=user).count(),
    })


@private
@require_POST
def telegram_link(request):
    if not telegram.telegram_enabled():
        raise Http404
    if request.POST.get("unlink"):
        telegram.unlink(user=request.user)
        messages.success(request, _("Telegram is no longer linked to your account."))
    else:
        request.session["telegram_code"] = telegram.link_code_create(user=request.user).pk
    return redirect("journal:notification_settings")


@private
@require_POST
def push_subscribe(request):
    """Save (or with {"remove": true} forget) the browser's push subscription (JSON)."""
    try:
        data = json.loads(request.body)
        endpoint = data["endpoint"]
        keys = data.get("keys") or {}
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": _("Bad subscription.")}, status=400)
    schemes = ("https://", "http://") if settings.DEBUG or settings.WEBPUSH_ALLOW_HTTP else ("https://",)
    if not isinstance(endpoint, str) or not endpoint.startswith(schemes) or len(endpoint) > 1000:
        return JsonResponse({"error": _("Bad subscription.")}, status=400)
    if data.get("remove"):
        PushSubscription.objects.filter(user=request.user, endpoint=endpoint).delete()
        return JsonResponse({"ok": True})
    if not keys.get("p256dh") or not keys.get("auth"):
        return JsonResponse({"error": _("Bad subscription.")}, status=400)
    PushSubscription.objects.update_or_create(endpoint=endpoint, defaults={
        "user": request.user, "p256dh": keys["p256dh"][:200], "auth": keys["auth"][:100]})
    return JsonResponse({"ok": True})


@never_cache
@csrf_exempt  # RFC 8058 one-click POST from the mail client; the signed token is the credential
def unsubscribe_view(request, token):
    found = unsubscribe_read(token)
    user = None
    if found is not None:
        user = get_user_model().objects.filter(pk=found[0], is_active=True).first()
    if user is None:
        return render(request, "journal/notifications/unsubscribe.html", {"invalid": True}, status=404)
    event = found[1]
    label = _("all notifications") if event == ALL_EVENTS else Event(event).label
    if request.method == "POST":
        unsubscribe(user=user, event=event)
        return render(request, "journal/notifications/unsubscribe.html", {"done": True, "label": label})
    return render(request, "journal/notifications/unsubscribe.html", {"label": label})
