from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

register = template.Library()


def _page_translation_urls(page):
    """URLs of a Wagtail page in each language, falling back to the nearest translated ancestor."""
    from wagtail.models import Locale

    urls = {}
    for code, _label in settings.LANGUAGES:
        try:
            locale = Locale.objects.get(language_code=code)
        except Locale.DoesNotExist:
            continue
        target = None
        for candidate in [page, *reversed(page.get_ancestors().specific())]:
            translated = candidate.get_translation_or_none(locale) if hasattr(candidate, "get_translation_or_none") else None
            if translated is not None and translated.live:
                target = translated
                break
        if target is not None and target.url:
            urls[code] = target.url
    return urls


@register.simple_tag(takes_context=True)
def language_links(context):
    """Links to the same page in every language: a Wagtail page's translation (or its nearest
    translated ancestor), otherwise Django's translate_url."""
    request = context.get("request")
    current = translation.get_language()
    page = context.get("page")
    page_urls = _page_translation_urls(page) if page is not None and hasattr(page, "get_translations") else {}
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
