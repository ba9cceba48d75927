"""{% announcements_block %}: the current announcements for the user, on the start pages and in
the diary (two queries: the roles and the announcements)."""

from django import template

from portal import access

from ..selectors.announcements import announcements_current

register = template.Library()


@register.inclusion_tag("journal/messaging/_announcements_block.html", takes_context=True)
def announcements_block(context, limit=5):
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"announcements": []}
    school = access.school_for_request(request)
    return {"announcements": announcements_current(request.user, school, limit=limit), "user": request.user}
