from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils import translation


def language_redirect(request):
    """`/` sends the visitor to the language their browser prefers (Kyrgyz by default)."""
    lang = translation.get_language_from_request(request, check_path=False)
    if lang not in dict(settings.LANGUAGES):
        lang = settings.LANGUAGE_CODE
    return HttpResponseRedirect(f"/{lang}/")


class InKyrgyz(str):
    """Kyrgyz text shown on a Russian page because the Russian text is missing: templates label
    it («на кыргызском языке», the `in_language` filter) instead of passing it off as Russian."""

    is_fallback = True


def is_russian():
    return (translation.get_language() or settings.LANGUAGE_CODE).startswith("ru")


def in_language(ky, ru):
    """The text of a field kept in both languages for the reader's language; on a Russian page a
    field filled only in Kyrgyz comes back as InKyrgyz (labelled), never as Russian."""
    ky, ru = ky or "", ru or ""
    if not is_russian():
        return ky
    if ru.strip() or not ky.strip():
        return ru
    return InKyrgyz(ky)
