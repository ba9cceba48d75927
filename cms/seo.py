"""What search engines see: the deployment's real address (SITE_URL), robots.txt, the favicon
route, noindex on private pages, and the canonical / description / Open Graph data of a page."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.views.decorators.http import require_GET
from wagtail.models import Site

DESCRIPTION_LENGTH = 160
OG_LOCALES = {"ky": "ky_KG", "ru": "ru_RU"}
NOINDEX = "noindex, nofollow"


def parse_site_url(url):
    """(hostname, port) of an address such as https://school.example.kg: Wagtail's Site
    derives the scheme from the port (443 → https, 80 → http)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return parts.hostname, port


def configure_default_site(url):
    """Point the default Wagtail Site at the deployment's real host and scheme."""
    hostname, port = parse_site_url(url)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    site.hostname = hostname
    site.port = port
    site.save(update_fields=["hostname", "port"])
    Site.clear_site_root_paths_cache()
    return site


def root_url(request=None):
    """The absolute root of the public site: the request's Site, else SITE_URL, else the default Site."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_url
    return (getattr(settings, "SITE_URL", "") or "http://localhost").rstrip("/")


def private_prefixes():
    """URL prefixes of the private system, login pages and admin (per language)."""
    prefixes = ["/admin/", "/django-admin/"]
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            prefixes.append(reverse("portal:start"))  # /ky/app/
            login = reverse("account_login")  # /ky/accounts/login/
            prefixes.append(login[: login.index("/", len(f"/{code}/")) + 1])
    return prefixes


@require_GET
def robots_txt(request):
    lines = ["User-agent: *"]
    lines += [f"Disallow: {prefix}" for prefix in private_prefixes()]
    lines.append(f"Sitemap: {root_url(request)}{reverse('sitemap')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def favicon(request):
    from django.shortcuts import redirect

    return redirect(static("img/favicon.svg"), permanent=True)


class NoIndexMiddleware:
    """X-Robots-Tag: noindex on private pages, login pages and the admin."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._prefixes = None

    def __call__(self, request):
        response = self.get_response(request)
        if self._prefixes is None:
            self._prefixes = tuple(private_prefixes())
        if request.path.startswith(self._prefixes):
            response.headers.setdefault("X-Robots-Tag", NOINDEX)
        return response


def page_description(page):
    """The page's search description, else its introduction, else its first text; ~160 chars."""
    text = getattr(page, "search_description", "") or getattr(page, "intro", "")
    if not text:
        for name in ("welcome", "body", "rules", "volume"):
            value = getattr(page, name, None)
            if value:
                text = strip_tags(str(value.render_as_block() if hasattr(value, "render_as_block") else value))
                if text.strip():
                    break
    text = " ".join(str(text).split())
    return Truncator(text).chars(DESCRIPTION_LENGTH)


def page_image(page):
    """The image that represents a page (Open Graph), or None."""
    for name in ("hero_image", "image", "cover", "map_image"):
        image = getattr(page, name, None)
        if image is not None and hasattr(image, "get_rendition"):
            return image
    return None
