"""The server error page, with one case of its own: the database cannot be reached (restarting,
failed over, out of connections). That is not a bug of the page but a few seconds of waiting, so
the answer is `503 Service Unavailable` with `Retry-After`, in the user's language, and for the
grid's JSON saves a JSON message: the grid keeps the change in its queue and sends it again
(nothing typed is lost). Every other uncaught error is Django's plain 500 page."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

log = logging.getLogger(__name__)

RETRY_AFTER_S = 10


def database_unavailable(exc):
    return isinstance(exc, (OperationalError, InterfaceError))


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    exc = sys.exc_info()[1]
    if not database_unavailable(exc):
        return defaults.server_error(request, template_name)
    log.error("database unavailable while answering %s %s: %s", request.method, request.path, exc)
    message = _("The school's database is not answering for a moment (it may be restarting). Nothing you "
                "typed is lost: try again in a few seconds.")
    if "application/json" in request.headers.get("Accept", "") or request.content_type == "application/json":
        response = JsonResponse({"message": message, "retry": True}, status=503)
    else:
        response = HttpResponse(render_to_string("503.html", {"message": message}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_S)
    response["Cache-Control"] = "no-store"
    return response
