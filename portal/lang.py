from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils import translation


def language_redirect(request):
    """`/` sends the visitor to the language their browser prefers (Kyrgyz by default)."""
    lang = translation.get_language_from_request(request, check_path=False)
    if lang not in dict(settings.LANGUAGES):
        lang = settings.LANGUAGE_CODE
    return HttpResponseRedirect(f"/{lang}/")
