"""Public pages for anonymous visitors come from the cache (issue 12 §3).

- What is cached: a Wagtail page (`wagtail_serve`) answered 200 to an anonymous GET without a
  session or messages cookie, that sets no cookie itself and holds no CSRF token (no form). The key holds the scheme, the host (one
  site per school) and the path (the language prefix: one entry per language), and a
  *generation*: purging is incrementing the generation, so every entry of every site is dropped at
  once (a publish is rare; the pages are rebuilt on the next visits).
- A hit is answered before the session, the user and the database are touched: no SQL at all.
- Purge: on publish, unpublish, move and delete of a page, on saving the site settings and
  snippets, and on saving or deleting a register row that a public page shows (the models read by
  `journal.register.selectors.public`: students, staff, classes, years and periods, holidays,
  subjects, bell times, the timetable). Bulk updates send no signals: entries also expire after
  `PUBLIC_CACHE_TIMEOUT` seconds (10 minutes by default).
- Headers: a cached page is sent with `Cache-Control: public, max-age=PUBLIC_CACHE_MAX_AGE`,
  `Vary: Cookie` and an `ETag`; `If-None-Match` is answered with 304. Everything a logged-in user
  gets, and every page of the app (`/app/`, `/accounts/`), is `Cache-Control: private, no-store`.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers

GENERATION_KEY = "public-page:generation"
PRIVATE_PREFIXES = ("/accounts/", "/app/", "/admin/", "/django-admin/")
_KEPT_HEADERS = ("Content-Type", "Content-Language", "X-Robots-Tag", "X-Frame-Options")


def is_private_path(path):
    """/app/…, /accounts/…, /admin/… with or without the language prefix (/ky/app/…)."""
    first, _, rest = path.lstrip("/").partition("/")
    if first in dict(settings.LANGUAGES):
        path = "/" + rest
    return path.startswith(PRIVATE_PREFIXES)


def _timeout():
    return getattr(settings, "PUBLIC_CACHE_TIMEOUT", 600)


def _max_age():
    return getattr(settings, "PUBLIC_CACHE_MAX_AGE", 60)


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def purge(**kwargs):
    """Drop every cached public page (of every site and language)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet: nothing cached under it either
        cache.set(GENERATION_KEY, 2, None)


def _purge_unless_created(sender, created=False, **kwargs):
    """Site settings rows are created empty on first read (`for_request`): that changes no page."""
    if not created:
        purge()


def _cache_key(request):
    return f"public-page:{generation()}:{request.scheme}:{request.get_host()}:{request.get_full_path()}"


def _may_come_from_cache(request):
    if request.method != "GET" or not getattr(settings, "PUBLIC_CACHE_ENABLED", True):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    query = set(request.GET)
    return query <= {"page"} and not is_private_path(request.path_info)


def _etag(content):
    return '"' + hashlib.md5(content, usedforsecurity=False).hexdigest() + '"'


def _public_headers(response, etag):
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=_max_age())
    patch_vary_headers(response, ("Cookie",))
    return response


def _answer(request, entry):
    content, headers, etag = entry
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        return _public_headers(HttpResponseNotModified(), etag)
    response = HttpResponse(content)
    for name, value in headers.items():
        response[name] = value
    response["X-Cache"] = "hit"
    return _public_headers(response, etag)


class PublicPageCacheMiddleware:
    """Place it right after WhiteNoise: before the session, the user and the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cacheable = _may_come_from_cache(request)
        if cacheable:
            key = _cache_key(request)
            entry = cache.get(key)
            if entry is not None:
                return _answer(request, entry)
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated or is_private_path(request.path_info):
            patch_cache_control(response, private=True, no_store=True)
            return response
        if cacheable and self._storable(request, response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            etag = _etag(response.content)
            headers = {name: response[name] for name in _KEPT_HEADERS if name in response}
            cache.set(key, (response.content, headers, etag), _timeout())
            response["X-Cache"] = "miss"
            if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
                return _public_headers(HttpResponseNotModified(), etag)
            return _public_headers(response, etag)
        return response

    @staticmethod
    def _storable(request, response):
        match = getattr(request, "resolver_match", None)
        return (
            request.method == "GET"
            and response.status_code == 200
            and match is not None
            and match.url_name == "wagtail_serve"
            and not response.cookies
            # a page with a form holds the visitor's CSRF token: never shown to anyone else
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            # a page whose scripts carry this response's CSP nonce cannot be replayed
            and not getattr(request, "_csp_nonce", None)
            and not response.has_header("Cache-Control")
            and not getattr(response, "streaming", False)
        )


# The register rows the public selectors read (journal.register.selectors.public), the
# site settings and snippets shown on every page. (Not images and documents: Wagtail saves an
# image when it first measures its file; a changed image reaches a page by publishing it.)
PURGING_MODELS = (
    "portal.School",
    "journal.Student", "journal.StaffMember", "journal.ClassGroup", "journal.AcademicYear",
    "journal.StudyPeriod", "journal.Holiday", "journal.Subject",
    "gradebook.BellTime", "gradebook.TimetableEntry",
    "site_settings.SchoolIdentity", "site_settings.SchoolContacts", "site_settings.SchoolProfile",
    "site_settings.MainMenu", "site_settings.Announcement",
    "cms.UsefulLink",
)

AUTO_CREATED_SETTINGS = ("site_settings.SchoolIdentity", "site_settings.SchoolContacts")


def connect_purge_signals():
    from django.apps import apps
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(purge, dispatch_uid="public-cache-published")
    page_unpublished.connect(purge, dispatch_uid="public-cache-unpublished")
    post_page_move.connect(purge, dispatch_uid="public-cache-moved")
    post_delete.connect(purge, sender=Page, dispatch_uid="public-cache-page-deleted")
    for label in PURGING_MODELS:
        model = apps.get_model(label)
        on_save = _purge_unless_created if label in AUTO_CREATED_SETTINGS else purge
        post_save.connect(on_save, sender=model, dispatch_uid=f"public-cache-save-{label}")
        post_delete.connect(purge, sender=model, dispatch_uid=f"public-cache-delete-{label}")
    staff_subjects = apps.get_model("journal.StaffMember").subjects.through
    m2m_changed.connect(purge, sender=staff_subjects, dispatch_uid="public-cache-staff-subjects")
