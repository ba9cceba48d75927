from django import template

from portal.navigation import counts

register = template.Library()


@register.inclusion_tag("journal/notifications/_bell.html", takes_context=True)
def notification_bell(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    # counted with the menu's numbers in one query (journal/notifications/urls.py)
    return {"show": True, "count": counts(request).get("notifications", 0)}
