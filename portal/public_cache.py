"""Public pages for anonymous visitors come from the cache (issue 12 §3).

- What is cached: a Wagtail page (`wagtail_serve`) answered 200 to an anonymous GET without a
  session or messages cookie, that sets no cookie itself and holds no CSRF token (no form). The key
  holds the scheme, the host (one site per school) and the path (the language prefix: one entry per
  language).
- A hit is answered before the session, the user and the database are touched: no SQL at all.
- Generations: every entry is stamped with three numbers read before the page was rendered: the
  generation of every site, of the page's site and of the school whose register the site shows
  (`portal.access.school_for_request`). A hit whose stamp differs from the current numbers is a
  miss. Purging is incrementing one number (no key scanning): a change in school A's register or on
  A's site drops A's pages only; the other schools of a district keep theirs.
- What purges what, always after the transaction commits (`transaction.on_commit`; a transaction
  asks for each number once, however many rows it writes):
  * a page published, unpublished, moved or deleted: its site (a move: both sites);
  * site settings and site-scoped snippets: their site; a snippet for every site, a Site and a
    School whose site changes: everything;
  * a register row a public page shows (the models `journal.register.selectors.public` reads:
    students, staff and their approved public profile, classes, years and periods, holidays,
    subjects, bell times, the timetable): its school. Bulk writes send no signals, so the services
    that use them call `purge_school` themselves (imports, the year transition, the year's
    calendar, the timetable and bell times, the demo school); a restore purges everything.
  Entries also expire after `PUBLIC_CACHE_TIMEOUT` seconds (10 minutes by default).
- Headers: a cached page is sent with `Cache-Control: public, max-age=PUBLIC_CACHE_MAX_AGE`,
  `Vary: Cookie` and an `ETag`; `If-None-Match` is answered with 304. Everything a logged-in user
  gets, and every page of the app (`/app/`, `/accounts/`), is `Cache-Control: private, no-store`.
"""

import hashlib
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers

EVERY_SITE_KEY = "public-page:generation"
SITE_KEY = "public-page:generation:site:{}"
SCHOOL_KEY = "public-page:generation:school:{}"
PRIVATE_PREFIXES = ("/accounts/", "/app/", "/admin/", "/django-admin/")
_KEPT_HEADERS = ("Content-Type", "Content-Language", "X-Robots-Tag", "X-Frame-Options")


def _split_language(path):
    """("ky", "/about/") for "/ky/about/"; (None, path) without a language prefix."""
    first, _, rest = path.lstrip("/").partition("/")
    if first in dict(settings.LANGUAGES):
        return first, "/" + rest
    return None, path


def is_private_path(path):
    """/app/…, /accounts/…, /admin/… with or without the language prefix (/ky/app/…)."""
    return _split_language(path)[1].startswith(PRIVATE_PREFIXES)


def _timeout():
    return getattr(settings, "PUBLIC_CACHE_TIMEOUT", 600)


def _max_age():
    return getattr(settings, "PUBLIC_CACHE_MAX_AGE", 60)


# --- generations ---------------------------------------------------------------------------------

def _new_generation():
    """A number no earlier generation had: an evicted counter never brings old entries back."""
    return time.time_ns()


def _pk(obj):
    return getattr(obj, "pk", obj)


def site_key(site):
    return SITE_KEY.format(_pk(site))


def school_key(school):
    return SCHOOL_KEY.format(_pk(school))


def generations(keys):
    """The current numbers of these generation keys (a tuple, in order); missing ones are started."""
    values = cache.get_many(keys)
    missing = [key for key in keys if key not in values]
    if missing:
        for key in missing:
            cache.add(key, _new_generation(), None)
        values.update(cache.get_many(missing))
    return tuple(values.get(key) for key in keys)


def _bump(key):
    try:
        cache.incr(key)
    except ValueError:  # not started (or evicted): nothing is stamped with a new number
        cache.set(key, _new_generation(), None)


# --- purging after the commit --------------------------------------------------------------------

_pending = threading.local()


def _flush():
    """Increment every generation asked for since the last flush, once each."""
    keys = getattr(_pending, "keys", None)
    if not keys:
        return
    _pending.keys = set()
    for key in {EVERY_SITE_KEY} if EVERY_SITE_KEY in keys else keys:
        _bump(key)


def _purge_keys(keys):
    """Purge after the current transaction commits (at once outside a transaction). The keys wait
    in a per-thread set; every request adds one cheap callback, the first to run bumps them all. A
    rolled-back transaction drops its callbacks: its keys are bumped with the next commit (too
    much, never too little)."""
    if not keys:
        return
    if getattr(_pending, "keys", None) is None:
        _pending.keys = set()
    _pending.keys.update(keys)
    transaction.on_commit(_flush, robust=True)


def purge_school(school):
    """Drop the cached pages of the site(s) showing this school's register (a School or its pk)."""
    _purge_keys({school_key(school)})


def purge_site(site):
    """Drop the cached pages of one site (a Site or its pk)."""
    _purge_keys({site_key(site)})


def purge_everything(**kwargs):
    """Drop every cached public page of every site and language."""
    _purge_keys({EVERY_SITE_KEY})


# --- the middleware ------------------------------------------------------------------------------

def _cache_key(request):
    return f"public-page:{request.scheme}:{request.get_host()}:{request.get_full_path()}"


def _may_come_from_cache(request):
    if request.method != "GET" or not getattr(settings, "PUBLIC_CACHE_ENABLED", True):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    query = set(request.GET)
    language, path = _split_language(request.path_info)
    # every page is under a language prefix (/ky/…, /ru/…); robots.txt, media… never are
    return query <= {"page"} and language is not None and not path.startswith(PRIVATE_PREFIXES)


def _scope_keys(request):
    """The generations a page of this request depends on: every site, the request's site and the
    school whose register the site shows. Both are kept on the request (Wagtail and the page
    read them again from there: no extra query)."""
    from wagtail.models import Site

    from .access import school_for_request

    try:
        site = Site.find_for_request(request)
    except Site.DoesNotExist:
        site = None
    school = school_for_request(request)
    return (EVERY_SITE_KEY, site_key(site.pk if site else 0), school_key(school.pk if school else 0))


def _etag(content):
    return '"' + hashlib.md5(content, usedforsecurity=False).hexdigest() + '"'


def _matches(request, etag):
    return etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]


def _public_headers(response, etag):
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=_max_age())
    patch_vary_headers(response, ("Cookie",))
    return response


def _answer(request, content, headers, etag):
    if _matches(request, etag):
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
                content, headers, etag, keys, stamp = entry
                if generations(keys) == stamp:
                    return _answer(request, content, headers, etag)
            # read before rendering: a purge while the page is rendered leaves the entry stale
            keys = _scope_keys(request)
            stamp = generations(keys)
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
            cache.set(key, (response.content, headers, etag, keys, stamp), _timeout())
            response["X-Cache"] = "miss"
            if _matches(request, etag):
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


# --- what a change purges ------------------------------------------------------------------------

def _school_through(instance, field, model):
    """The school_id of the row a foreign key points to: from the loaded row, else one query."""
    from django.apps import apps

    if getattr(type(instance), field).is_cached(instance):
        return getattr(instance, field).school_id
    pk = getattr(instance, f"{field}_id")
    return apps.get_model(model).objects.filter(pk=pk).values_list("school_id", flat=True).first()


def _keys_of_school_row(instance):
    return {school_key(instance.school_id)}


def _keys_of_year_row(instance):
    """Study periods and holidays: the school of their year (a deleted year: every site)."""
    school_id = _school_through(instance, "year", "journal.AcademicYear")
    return {school_key(school_id)} if school_id else {EVERY_SITE_KEY}


def _keys_of_public_profile(instance):
    """What the site shows of a staff member is the approved copy (R-S15): its school."""
    school_id = _school_through(instance, "staff", "journal.StaffMember")
    return {school_key(school_id)} if school_id else {EVERY_SITE_KEY}


def _keys_of_site_row(instance):
    """Site settings and site-scoped snippets: their site; a row for every site (no site), and the
    site a row was moved away from (see _remember_site), too."""
    keys = {site_key(instance.site_id) if instance.site_id else EVERY_SITE_KEY}
    before = instance.__dict__.pop("_public_cache_site_before", instance.site_id)
    if before != instance.site_id:
        keys.add(site_key(before) if before else EVERY_SITE_KEY)
    return keys


def _keys_of_school(instance, created=False, deleted=False):
    """A school's name and address: its pages. A school created or deleted, or moved to another
    site, changes which school a site shows (a site of no school shows the first): every site."""
    before = instance.__dict__.pop("_public_cache_site_before", instance.site_id)
    if created or deleted or before != instance.site_id:
        return {EVERY_SITE_KEY}
    return {school_key(instance.pk)}


def _remember_site(sender, instance, raw=False, **kwargs):
    """pre_save of a model whose site may change: keep the site it had."""
    if instance.pk is not None and not raw:
        instance._public_cache_site_before = (
            type(instance)._default_manager.filter(pk=instance.pk).values_list("site_id", flat=True).first()
        )


def _page_keys(page):
    """The site a page belongs to (by its path, the translations of the site's root included);
    a page outside every site: every site."""
    return _url_path_keys(page.url_path) if page.url_path else {EVERY_SITE_KEY}


def _url_path_keys(url_path):
    from wagtail.models import Site

    sites = {root.site_id for root in Site.get_site_root_paths() if url_path.startswith(root.root_path)}
    return {site_key(pk) for pk in sites} or {EVERY_SITE_KEY}


def _on_page_change(sender, instance, **kwargs):
    _purge_keys(_page_keys(instance))


def _on_page_move(sender, instance, url_path_before=None, url_path_after=None, **kwargs):
    _purge_keys(_url_path_keys(url_path_before or instance.url_path) | _url_path_keys(url_path_after or instance.url_path))


def _on_m2m(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        _purge_keys({school_key(instance.school_id)})


# The register rows the public selectors read (journal.register.selectors.public), the site
# settings and snippets shown on every page, the School and the Site. (Not images and documents:
# Wagtail saves an image when it first measures its file; a changed image reaches a page by
# publishing it.) A register row never moves to another school.
PURGING_MODELS = {
    "portal.School": _keys_of_school,
    "wagtailcore.Site": lambda instance: {EVERY_SITE_KEY},
    "journal.Student": _keys_of_school_row,
    "journal.StaffMember": _keys_of_school_row,
    "journal.StaffPublicProfile": _keys_of_public_profile,
    "journal.ClassGroup": _keys_of_school_row,
    "journal.AcademicYear": _keys_of_school_row,
    "journal.StudyPeriod": _keys_of_year_row,
    "journal.Holiday": _keys_of_year_row,
    "journal.Subject": _keys_of_school_row,
    "gradebook.BellTime": _keys_of_school_row,
    "gradebook.TimetableEntry": _keys_of_school_row,
    "site_settings.SchoolIdentity": _keys_of_site_row,
    "site_settings.SchoolContacts": _keys_of_site_row,
    "site_settings.SchoolProfile": _keys_of_site_row,
    "site_settings.MainMenu": _keys_of_site_row,
    "site_settings.Announcement": _keys_of_site_row,
    "cms.UsefulLink": _keys_of_site_row,
}

# their site may change: the site before the save is read first
SITE_MOVABLE = (
    "portal.School", "site_settings.SchoolProfile", "site_settings.MainMenu", "site_settings.Announcement",
    "cms.UsefulLink",
)

# site settings rows are created empty on first read (`for_request`): that changes no page
AUTO_CREATED_SETTINGS = ("site_settings.SchoolIdentity", "site_settings.SchoolContacts")


def _handler(label, keys_of):
    skip_created = label in AUTO_CREATED_SETTINGS

    def on_change(sender, instance, created=False, raw=False, signal=None, **kwargs):
        if raw or (skip_created and created):
            return
        if keys_of is _keys_of_school:
            _purge_keys(keys_of(instance, created=created, deleted=signal is post_delete))
        else:
            _purge_keys(keys_of(instance))

    on_change.__name__ = f"purge_on_{label.replace('.', '_')}"
    return on_change


_handlers = []  # the receivers are connected weakly: keep them alive


def connect_purge_signals():
    from django.apps import apps
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(_on_page_change, dispatch_uid="public-cache-published")
    page_unpublished.connect(_on_page_change, dispatch_uid="public-cache-unpublished")
    post_page_move.connect(_on_page_move, dispatch_uid="public-cache-moved")
    post_delete.connect(_on_page_change, sender=Page, dispatch_uid="public-cache-page-deleted")
    for label, keys_of in PURGING_MODELS.items():
        model = apps.get_model(label)
        handler = _handler(label, keys_of)
        _handlers.append(handler)
        post_save.connect(handler, sender=model, dispatch_uid=f"public-cache-save-{label}")
        post_delete.connect(handler, sender=model, dispatch_uid=f"public-cache-delete-{label}")
        if label in SITE_MOVABLE:
            pre_save.connect(_remember_site, sender=model, dispatch_uid=f"public-cache-site-{label}")
    staff_subjects = apps.get_model("journal.StaffMember").subjects.through
    m2m_changed.connect(_on_m2m, sender=staff_subjects, dispatch_uid="public-cache-staff-subjects")
