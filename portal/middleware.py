from django.db.models import F
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from .access import school_for_request

# Paths a user who must change the password can still reach.
_ALLOWED_PREFIXES = ("/static/", "/media/", "/favicon")


class PasswordChangeRequiredMiddleware:
    """A user with a one-time password is sent to change it before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            change_url = reverse("account_change_password")
            logout_url = reverse("account_logout")
            path = request.path
            if path not in (change_url, logout_url) and not path.startswith(_ALLOWED_PREFIXES):
                return redirect(f"{change_url}?next={reverse('portal:start')}")
        return self.get_response(request)


# The diary's pages (journal.gradebook): a view of one of them also counts as a diary open (R-J12).
DIARY_URL_NAMES = frozenset({"diary_student", "diary_grades", "diary_attendance"})


class VisitLogMiddleware:
    """Counts page views per user per day (R-I6) and diary opens (R-J12). One UPDATE per
    private page view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.method == "GET"
            and response.status_code == 200
            and "/app/" in request.path
        ):
            from .models import Visit

            today = timezone.localdate()
            match = getattr(request, "resolver_match", None)
            diary = match is not None and match.url_name in DIARY_URL_NAMES
            counts = {"page_views": F("page_views") + 1}
            if diary:
                counts["diary_views"] = F("diary_views") + 1
            updated = Visit.objects.filter(user=user, date=today).update(**counts)
            if not updated:
                Visit.objects.get_or_create(
                    user=user, date=today,
                    defaults={"page_views": 1, "diary_views": int(diary), "school": school_for_request(request)},
                )
        return response


class DueMovementsMiddleware:
    """Movement-book records dated in the future take effect on their date: the first request of
    each day applies those whose date has come (one cache read per request otherwise). The
    scheduler's `manage.py apply_movements` does the same at night."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.core.cache import cache
        from django.utils import timezone

        today = timezone.localdate().isoformat()
        if cache.get("mektep:movements-applied") != today:
            from journal.register.services.movement import movements_apply_due

            movements_apply_due()
            cache.set("mektep:movements-applied", today, 60 * 60 * 26)
        return self.get_response(request)
