from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

register = template.Library()


def _page_translation_urls(page, request=None):
    """URLs of a Wagtail page in each language, falling back to the nearest translated ancestor.

    Two queries whatever the depth: the page's ancestors, then their live translations. When
    the request is for a sub-route of the page (a RoutablePageMixin route such as a teacher's
    page) or carries a query string, the same route and query are kept on the translation.
    """
    from wagtail.models import Page

    chain = list(page.get_ancestors(inclusive=True).filter(depth__gt=1))
    if not chain:
        return {}
    translations = {}
    for candidate in (
        Page.objects.live()
        .filter(translation_key__in=[p.translation_key for p in chain])
        .select_related("locale")
    ):
        translations[(candidate.locale.language_code, candidate.translation_key)] = candidate

    suffix = ""
    if request is not None:
        own_url = page.get_url(request)
        if own_url and not own_url.startswith("http") and request.path.startswith(own_url):
            suffix = request.path[len(own_url):]
        if request.META.get("QUERY_STRING"):
            suffix += "?" + request.META["QUERY_STRING"]

    urls = {}
    for code, _label in settings.LANGUAGES:
        for candidate in reversed(chain):
            target = translations.get((code, candidate.translation_key))
            if target is None:
                continue
            url = target.get_url(request)
            if url:
                urls[code] = url + suffix if candidate.pk == page.pk else url
            break
    return urls


@register.simple_tag(takes_context=True)
def language_links(context):
    """Links to the same page in every language: a Wagtail page's translation (or its nearest
    translated ancestor), otherwise Django's translate_url."""
    request = context.get("request")
    current = translation.get_language()
    page = context.get("page")
    page_urls = {}
    if page is not None and getattr(page, "pk", None) and hasattr(page, "get_translations"):
        cache = getattr(request, "__dict__", {}).setdefault("_language_links", {}) if request is not None else {}
        if page.pk not in cache:
            cache[page.pk] = _page_translation_urls(page, request)
        page_urls = cache[page.pk]
    links = []
    for code, label in settings.LANGUAGES:
        if code in page_urls:
            url = page_urls[code]
        elif request is not None:
            url = translate_url(request.get_full_path(), code)
        else:
            url = f"/{code}/"
        links.append({"code": code, "label": label, "url": url, "current": code == current})
    return links


@register.simple_tag(takes_context=True)
def site_root(context):
    """The absolute root of the site (the Wagtail Site's configured host and scheme, which
    `manage.py site_url` takes from SITE_URL), for absolute links in the page head."""
    from wagtail.models import Site

    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_url
    return getattr(settings, "SITE_URL", "") or (request.build_absolute_uri("/").rstrip("/") if request else "")
