"""The menu of the private area, per role. Items whose URL is not (yet) installed are skipped.

Apps add items with `register(...)` in their AppConfig.ready (or at import of their urls), and the
numbers every page's header shows (unread messages, unread notifications) with `register_count`:
all of them are counted in one query per request (`counts`)."""

from django.apps import apps
from django.db.models import IntegerField, Subquery
from django.urls import NoReverseMatch, reverse

from .access import roles_of, school_for_request

_ITEMS = []
_COUNTS = {}


def register(url_name, label, roles=None, order=100, icon="", badge=None):
    """roles: a set of Role values that see the item (None: every logged-in user); badge: the key
    of a `register_count` number, or a function of the request giving a number, shown next to the
    label (0: none)."""
    _ITEMS.append({"url_name": url_name, "label": label, "roles": roles, "order": order, "icon": icon,
                   "badge": badge})


def app_menu(request):
    user = request.user
    if not user.is_authenticated:
        return []
    school = school_for_request(request)
    roles = roles_of(user, school)
    items = []
    for item in sorted(_ITEMS, key=lambda i: i["order"]):
        if item["roles"] is not None and not (roles & set(item["roles"])):
            continue
        try:
            url = reverse(item["url_name"])
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": item["label"], "active": request.path.startswith(url), "icon": item["icon"],
                      "badge": _badge(request, item.get("badge"))})
    return items


def _badge(request, badge):
    if not badge:
        return 0
    if isinstance(badge, str):
        return counts(request).get(badge, 0)
    return badge(request)


def register_count(key, rows):
    """A number of every page's header: `rows(user, school)` gives the queryset whose rows are
    counted (access-filtered, as everywhere)."""
    _COUNTS[key] = rows


class _RowCount(Subquery):
    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted_rows)"
    output_field = IntegerField()


def counts(request):
    """{key: number} of every `register_count` for the request's user in its school: one query
    (subqueries of one row), kept on the request."""
    if hasattr(request, "_mektep_counts"):
        return request._mektep_counts
    result = dict.fromkeys(_COUNTS, 0)
    user = getattr(request, "user", None)
    school = school_for_request(request) if user is not None and user.is_authenticated else None
    if school is not None and _COUNTS:
        School = apps.get_model("portal", "School")
        names = {f"count_{i}": key for i, key in enumerate(_COUNTS)}
        row = School.objects.filter(pk=school.pk).values(**{
            name: _RowCount(_COUNTS[key](user, school).order_by().values("pk")) for name, key in names.items()
        }).first()
        if row is not None:
            result.update({key: row[name] or 0 for name, key in names.items()})
    request._mektep_counts = result
    return result
