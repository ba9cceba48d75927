"""Content-Security-Policy (issue 12 §2): django-csp with nonces.

Our pages (public site and the school's app) run no inline script: every script is a static file
(`'self'`), and the few `<script>`/`<style>` elements of ours carry the request's nonce. The
Wagtail admin (and the optional Django admin) renders inline scripts and styles of its own, so
its paths get a separate, looser policy (`ADMIN_POLICY`), chosen by path in the middleware below. The site's policy is
`CONTENT_SECURITY_POLICY` in the settings.
"""

import base64
import hashlib
import re

from csp.constants import NONE, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts


def template_style_hash(path):
    """'sha256-…' of the one <style> block of a template rendered without a request (error_frame.html, of 500.html and 503.html:
    no nonce there), so that the block is allowed by its hash. Used by the settings."""
    text = path.read_text(encoding="utf-8")
    match = re.search(r"<style>(.*?)</style>", text, re.S)
    digest = hashlib.sha256(match.group(1).encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


# The Wagtail admin: inline scripts and styles of its own (no nonce in it, or 'unsafe-inline'
# would be ignored by the browser), images from blob: while uploading.
ADMIN_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF],
    "worker-src": [SELF, "blob:"],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


def is_admin_path(path):
    return path.startswith(ADMIN_PREFIXES)


class SchoolCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's policy on the admin's paths."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and is_admin_path(request.path_info) and parts.config is None:
            return PolicyParts(config=ADMIN_POLICY, update=parts.update, replace=parts.replace, nonce=None)
        return parts
