from django import template

from portal.access import school_for_request

from ..selectors import unread_count

register = template.Library()


@register.inclusion_tag("journal/notifications/_bell.html", takes_context=True)
def notification_bell(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    return {"show": True, "count": unread_count(user, school_for_request(request))}
