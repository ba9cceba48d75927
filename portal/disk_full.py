"""A full disk (or quota) while a file is being saved: a clear message in the user's language,
and nothing half-saved. The services save files inside their transaction, so the error rolls the
rows back; the lesson page shows itself again with what was typed, and any other page gets the
`disk_full.html` answer (507) from DiskFullMiddleware instead of a bare server error."""

import errno
import logging

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)

MESSAGE = _("The server's disk is full: the file was not saved and nothing was changed. "
            "Please tell the system administrator and try again later.")


def is_disk_full(exc):
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)


class DiskFullMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_disk_full(exception):
            return None
        log.error("disk full while answering %s %s", request.method, request.path)
        return render(request, "disk_full.html", {"message": MESSAGE}, status=507)
