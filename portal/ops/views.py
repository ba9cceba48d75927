"""The backups page of the system administrator, and the health endpoint."""

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from portal import access

from . import selectors


@never_cache
@login_required
def backup_list(request):
    school = access.school_for_request(request)
    access.require(access.can_see_backups(request.user, school))
    context = {
        "runs": selectors.backup_runs(),
        "check": selectors.last_restore_check(),
        "destinations": selectors.backup_destinations(),
        "alerts": selectors.backup_alerts(),
    }
    return render(request, "ops/backups.html", context)


@never_cache
def healthz(request):
    """For the load balancer and monitoring: is the database and the cache reachable? JSON,
    200 or 503; no session, no login, no language prefix."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as error:  # noqa: BLE001 - report, never raise
        checks["database"] = f"error: {type(error).__name__}"
    try:
        cache.set("mektep:healthz", "1", 10)
        checks["cache"] = "ok" if cache.get("mektep:healthz") == "1" else "error: value not kept"
    except Exception as error:  # noqa: BLE001
        checks["cache"] = f"error: {type(error).__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)
