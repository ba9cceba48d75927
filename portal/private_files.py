"""Private files: homework attachments, staff photos, consent scans and import files.

They live outside MEDIA_ROOT (which a web server may serve to anyone at /media/), in
PRIVATE_MEDIA_ROOT (default MEDIA_ROOT/../private-media), under random names, and reach a
browser only through a view that asked the access policy first (`send`). With
PRIVATE_MEDIA_X_ACCEL set (e.g. "/private-media/", an nginx `internal` location) the view
answers with an X-Accel-Redirect header and nginx sends the bytes."""

import datetime
import mimetypes
import re
import secrets
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponse
from django.utils.encoding import escape_uri_path
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    """A file system storage without a URL: its files are never served at /media/."""

    @cached_property
    def base_location(self):
        configured = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
        return str(configured or Path(settings.MEDIA_ROOT).parent / "private-media")

    @cached_property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("A private file has no public URL: link to the view that checks access.")

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting in ("MEDIA_ROOT", "PRIVATE_MEDIA_ROOT"):
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


private_storage = PrivateStorage()


def get_private_storage():
    return private_storage


_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


def safe_name(filename, limit=80):
    """The user's file name, kept for the download (letters of any alphabet, digits, dot, dash)."""
    name = Path(filename or "file").name
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = _UNSAFE.sub("_", stem).strip("._") or "file"
    ext = _UNSAFE.sub("", ext)[:10].lower()
    return f"{stem[:limit]}.{ext}" if ext else stem[:limit]


class RandomPath:
    """upload_to for private files: <prefix>/<year>/<month>/<random token>/<user's file name>.
    The token makes the address unguessable; the name is what the download is called.
    A class (not a closure) so that migrations can serialise it."""

    def __init__(self, prefix):
        self.prefix = prefix

    def __call__(self, instance, filename):
        today = datetime.date.today()
        return f"{self.prefix}/{today:%Y/%m}/{secrets.token_urlsafe(16)}/{safe_name(filename)}"

    def deconstruct(self):
        return ("portal.private_files.RandomPath", [self.prefix], {})

    def __eq__(self, other):
        return isinstance(other, RandomPath) and other.prefix == self.prefix


def download_name(fieldfile):
    return fieldfile.name.rsplit("/", 1)[-1]


def send(fieldfile, *, attachment=False, cache_seconds=None):
    """Answer with a private file (after the caller asked the access policy). 404 when the field
    is empty or the file is gone."""
    if not fieldfile:
        raise Http404
    name = download_name(fieldfile)
    accel = getattr(settings, "PRIVATE_MEDIA_X_ACCEL", "")
    if accel:
        if not fieldfile.storage.exists(fieldfile.name):
            raise Http404
        response = HttpResponse(content_type=mimetypes.guess_type(name)[0] or "application/octet-stream")
        response["X-Accel-Redirect"] = escape_uri_path(accel.rstrip("/") + "/" + fieldfile.name)
        disposition = "attachment" if attachment else "inline"
        response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{escape_uri_path(name)}"
    else:
        try:
            handle = fieldfile.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, as_attachment=attachment, filename=name)
    if cache_seconds:
        response["Cache-Control"] = f"public, max-age={cache_seconds}"
    else:
        response["Cache-Control"] = "private, no-store"
    return response


def move_to_private(apps, app_label, model_name, field_name, prefix):
    """Data migration helper: files a field kept in the public MEDIA_ROOT move to private
    storage under a random name (the user's file name kept); the public copy is deleted.
    A file that is already gone leaves the field as it was."""
    from django.core.files.storage import default_storage

    model = apps.get_model(app_label, model_name)
    upload_to = RandomPath(prefix)
    for obj in model.objects.exclude(**{field_name: ""}).exclude(**{f"{field_name}__isnull": True}).iterator():
        old = getattr(obj, field_name).name
        if not old or private_storage.exists(old) or not default_storage.exists(old):
            continue
        with default_storage.open(old, "rb") as handle:
            new = private_storage.save(upload_to(obj, old.rsplit("/", 1)[-1]), handle)
        model.objects.filter(pk=obj.pk).update(**{field_name: new})
        default_storage.delete(old)
