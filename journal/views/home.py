"""Start pages of the private area (placeholders until the register and journal fill them)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from portal.access import roles_of, school_for_request


@never_cache
@login_required
def dashboard(request):
    school = school_for_request(request)
    return render(request, "journal/home/dashboard.html", {"school": school, "roles": roles_of(request.user, school)})
