"""HTML → PDF with xhtml2pdf, with PT Sans embedded so Kyrgyz letters (Ң Ө Ү) print.

xhtml2pdf 0.2.28 refuses files outside its resource policy and silently falls back to
Helvetica (black boxes for Cyrillic): we pass a policy that allows the font directory and a
link_callback that maps font:// /static/ and /media/ to files."""

from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from xhtml2pdf import pisa
from xhtml2pdf.config.resources import ResourceAccessPolicy


class PdfError(Exception):
    pass


def _link_callback(uri, rel):
    if uri.startswith("font://"):
        return str(Path(settings.FONT_DIR) / uri.removeprefix("font://"))
    if uri.startswith(settings.STATIC_URL):
        found = finders.find(uri.removeprefix(settings.STATIC_URL))
        if found:
            return found
    if uri.startswith(settings.MEDIA_URL):
        return str(Path(settings.MEDIA_ROOT) / uri.removeprefix(settings.MEDIA_URL))
    return uri


def _policy():
    roots = [Path(settings.FONT_DIR), Path(settings.MEDIA_ROOT), *[Path(p) if not isinstance(p, tuple) else Path(p[1]) for p in settings.STATICFILES_DIRS]]
    return ResourceAccessPolicy.server(base_dir=str(settings.BASE_DIR), extra_roots=tuple(str(r) for r in roots), allow_remote=False)


def render_pdf_bytes(template_name, context, request=None):
    """Render a print template (extends journal/print/base.html) to PDF bytes."""
    context = {"printed_at": timezone.localtime(), "font_dir": "font://", **context}
    html = render_to_string(template_name, context, request=request)
    out = BytesIO()
    result = pisa.CreatePDF(
        html, dest=out, encoding="utf-8", link_callback=_link_callback, resource_policy=_policy()
    )
    if result.err:
        raise PdfError(f"PDF rendering failed with {result.err} errors")
    return out.getvalue()


def pdf_response(template_name, context, filename, request=None, inline=True):
    data = render_pdf_bytes(template_name, context, request=request)
    response = HttpResponse(data, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
