"""Kyrgyz text as data: an alphabetical sort key and a case-insensitive match key for names.

SQLite folds only ASCII letters (``iexact`` and ``ORDER BY`` treat «Ө» and «ө» as different
letters, and put Ң, Ө, Ү after Я), and PostgreSQL's order depends on the server's collation.
So every person's name carries two stored keys computed here, identical on both databases:

* ``name_key``: the name parts case-folded, for matching («токтогулов» is «Токтогулов») and
  searching.
* ``sort_key``: the name parts spelled as two-digit letter numbers in the Kyrgyz alphabet
  (А Б В Г Д Е Ё Ж З И Й К Л М Н Ң О Ө П Р С Т У Ү Ф Х Ц Ч Ш Щ Ъ Ы Ь Э Ю Я), digits only, so
  any database collation compares it the same way. The Russian alphabet is the Kyrgyz one
  without Ң, Ө, Ү; a Russian list puts those letters right after Н, О, У as Unicode's common
  order (and ICU's ``ru``) does, which is the same place: one key serves both languages.
"""

KYRGYZ_ALPHABET = "абвгдеёжзийклмнңоөпрстуүфхцчшщъыьэюя"
LATIN_ALPHABET = "abcdefghijklmnopqrstuvwxyz"

PART_SEPARATOR = "00"  # ends a name part: «Ан» sorts before «Анаров»
WORD_SEPARATOR = "01"  # a space or hyphen inside a part: «Абдыкалык уулу»
NAME_KEY_SEPARATOR = "\x1f"
SORT_KEY_LENGTH = 255
NAME_KEY_LENGTH = 310

_CODES = {}
for _number, _letter in enumerate(KYRGYZ_ALPHABET, start=10):
    _CODES[_letter] = f"{_number:02d}"
for _number, _letter in enumerate(LATIN_ALPHABET, start=60):
    _CODES[_letter] = f"{_number:02d}"
for _digit in "0123456789":
    _CODES[_digit] = f"{90 + int(_digit):02d}"
# Look-alike letters typed from other keyboards (Kazakh/Tatar/Latin) sort with the Kyrgyz ones.
_FOLD = str.maketrans({"ӊ": "ң", "ҥ": "ң", "ɵ": "ө", "ӧ": "ө", "ұ": "ү", "ӱ": "ү", "і": "и"})
_WORD_BREAKS = set(" -‐–—'’ʼ`")


def fold(text):
    """Case-folded, trimmed, single-spaced: the form names are compared in."""
    return " ".join((text or "").casefold().split())


def _part_code(part):
    codes, pending_break = [], False
    for char in fold(part).translate(_FOLD):
        if char in _WORD_BREAKS:
            pending_break = bool(codes)
            continue
        code = _CODES.get(char)
        if code is None:
            continue
        if pending_break:
            codes.append(WORD_SEPARATOR)
            pending_break = False
        codes.append(code)
    return "".join(codes)


def sort_key(*parts):
    """The stored alphabetical key of a name given as its parts (surname, name, patronymic)."""
    return "".join(_part_code(p) + PART_SEPARATOR for p in parts)[:SORT_KEY_LENGTH]


def name_key(*parts):
    """The stored match key of a name: folded parts joined by an invisible separator."""
    return NAME_KEY_SEPARATOR.join(fold(p) for p in parts)[:NAME_KEY_LENGTH]


def name_prefix(*parts):
    """The start of `name_key` that every name beginning with these parts shares."""
    return NAME_KEY_SEPARATOR.join(fold(p) for p in parts) + NAME_KEY_SEPARATOR


def text_sort_key(text):
    """The same alphabetical key for any other text (a subject, a class letter)."""
    return sort_key(text)
