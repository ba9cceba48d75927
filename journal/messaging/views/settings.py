"""The school's communication settings."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from portal import access

from ..forms import MessagingSettingsForm
from ..models import MessagingSettings


@never_cache
@login_required
def messaging_settings(request):
    school = access.school_for_request(request)
    access.require(access.can_configure_messaging(request.user, school))
    form = MessagingSettingsForm(request.POST or None, instance=MessagingSettings.for_school(school))
    if request.method == "POST" and form.is_valid():
        form.save()
        flash.success(request, _("The settings are saved."))
        return redirect("journal:messaging_settings")
    return render(request, "journal/messaging/settings.html", {"form": form}, status=400 if form.errors else 200)
