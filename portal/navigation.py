"""The menu of the private area, per role. Items whose URL is not (yet) installed are skipped.

Apps add items with `register(...)` in their AppConfig.ready (or at import of their urls)."""

from django.urls import NoReverseMatch, reverse

from .access import roles_of, school_for_request

_ITEMS = []


def register(url_name, label, roles=None, order=100, icon="", badge=None):
    """roles: a set of Role values that see the item (None: every logged-in user); badge: a
    function of the request giving a number shown next to the label (0: none)."""
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
                      "badge": item["badge"](request) if item.get("badge") else 0})
    return items
