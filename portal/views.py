from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache

from .access import roles_of, school_for_request
from .roles import Role

# Start page of each role, in order of precedence. Apps fill these URL names.
START_PAGES = [
    (Role.DIRECTOR, "journal:dashboard"),
    (Role.DEPUTY, "journal:dashboard"),
    (Role.SYSADMIN, "journal:dashboard"),
    (Role.TEACHER, "journal:teacher_home"),
    (Role.PARENT, "journal:diary"),
    (Role.STUDENT, "journal:diary"),
]


@never_cache
@login_required
def start(request):
    """After login each role lands on its own start page."""
    school = school_for_request(request)
    roles = roles_of(request.user, school)
    for role, url_name in START_PAGES:
        if role in roles:
            try:
                return redirect(reverse(url_name))
            except NoReverseMatch:
                break
    if request.user.is_staff or request.user.has_perm("wagtailadmin.access_admin"):
        if not roles:
            return redirect("wagtailadmin_home")
    return render(request, "portal/start.html", {"roles": [Role(r).label for r in roles], "school": school})


@never_cache
@login_required
def ping(request):
    """The smallest private answer: the session is alive. The grid's offline queue may ask it
    before resending; the benchmark takes it as the baseline of every timing (the same
    middleware, login and language prefix as a real page, with no work of its own)."""
    return JsonResponse({"ok": True})
