"""Short Latin page slugs (/ky/bilim-beruu/, not 700 characters of percent-encoded Cyrillic).

Kyrgyz letters as Kyrgyz Latin spelling writes them (ң → ng, ө → o, ү → u), Russian by the usual
passport-style transliteration."""

import re
from urllib.parse import unquote

from django.utils.text import slugify

MAX_LENGTH = 60

_LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "ң": "ng", "о": "o", "ө": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ү": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}


def transliterate(text):
    out = []
    for char in text:
        lower = char.lower()
        out.append(_LETTERS.get(lower, char))
    return "".join(out)


def latin_slug(text, max_length=MAX_LENGTH):
    """«Билим берүү» → "bilim-beruu"; cut at a word boundary to `max_length`."""
    slug = slugify(transliterate(unquote(text or "")), allow_unicode=False)
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0] or slug[:max_length]
    return slug.strip("-")


def needs_latin(slug):
    return bool(slug) and (not slug.isascii() or "%" in slug or len(slug) > MAX_LENGTH
                           or not re.fullmatch(r"[a-z0-9-]+", slug))


def available(slug, parent, page):
    """`slug`, or slug-2, slug-3 … when a sibling already has it."""
    if parent is None:
        return slug
    from wagtail.models import Page

    candidate, n = slug, 1
    while not Page._slug_is_available(candidate, parent, page):
        n += 1
        candidate = f"{slug}-{n}"
    return candidate
