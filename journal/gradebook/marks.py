"""Short marks shown in the journal cells and the keys that enter them.

The marks are translated (ky/ru catalogs): English sources are placeholders. The keys are
accepted in any layout (Cyrillic and Latin), so a teacher need not switch the keyboard.
"""

from django.utils.translation import pgettext_lazy

from .models import AbsenceStatus, PeriodGradeSpecial

ABSENCE_MARKS = {
    # Translators: short mark in a journal cell: absent, reason not (yet) known. ru «н», ky «н».
    AbsenceStatus.UNEXCUSED: pgettext_lazy("journal mark", "A"),
    # Translators: short mark in a journal cell: absent because ill. ru «б», ky «о» (ооруу).
    AbsenceStatus.ILL: pgettext_lazy("journal mark", "I"),
    # Translators: short mark in a journal cell: absent for a valid reason. ru «у», ky «с» (себептүү).
    AbsenceStatus.EXCUSED: pgettext_lazy("journal mark", "E"),
    # Translators: short mark in a journal cell: came late. ru «оп», ky «к» (кечикти).
    AbsenceStatus.LATE: pgettext_lazy("journal mark", "L"),
}

SPECIAL_MARKS = {
    # Translators: short mark for a period grade "not certified". ru «н/а», ky «аттес. эмес» or «н/а».
    PeriodGradeSpecial.NOT_CERTIFIED: pgettext_lazy("journal mark", "n/c"),
    # Translators: short mark for a period grade "exempt". ru «осв.», ky «бош.».
    PeriodGradeSpecial.EXEMPT: pgettext_lazy("journal mark", "ex."),
}

# The order of the absence marks on the keypad and the lesson page.
ABSENCE_ORDER = [AbsenceStatus.UNEXCUSED, AbsenceStatus.ILL, AbsenceStatus.EXCUSED, AbsenceStatus.LATE]

# Keys of the grid (lower case; compared case-insensitively): the first letter of the mark as it
# is printed in the current language (absence_keys), the same letter in Latin, and a spare key
# that works in every language.
LATIN_LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "j", "з": "z", "и": "i", "й": "y",
    "к": "k", "л": "l", "м": "m", "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ү": "u", "ф": "f", "х": "h", "ц": "c", "ч": "c", "ш": "w", "э": "e", "ю": "y",
    "я": "q",
}
SPARE_KEYS = {
    AbsenceStatus.UNEXCUSED: ["-"],
    AbsenceStatus.ILL: ["i"],
    AbsenceStatus.EXCUSED: ["e"],
    AbsenceStatus.LATE: ["l"],
}


def absence_keys():
    """{status: [keys]} in the active language: the printed mark's first letter comes first (ky
    «о» ill, «с» excused; ru «б» ill, «у» excused, «оп» late → «о»), then its Latin letter, then
    the spare key. A key already taken by an earlier mark (ABSENCE_ORDER) is left out."""
    keys, used = {}, set()
    for status in ABSENCE_ORDER:
        letter = absence_mark(status)[:1].lower()
        candidates = [letter, LATIN_LETTERS.get(letter, ""), *SPARE_KEYS[status]]
        keys[status] = [k for k in dict.fromkeys(candidates) if k and k not in used]
        used.update(keys[status])
    return keys


# Pressing the "absent" key again on an absent student cycles the reason.
ABSENCE_CYCLE = [AbsenceStatus.UNEXCUSED, AbsenceStatus.ILL, AbsenceStatus.EXCUSED]
SPECIAL_KEYS = {
    PeriodGradeSpecial.NOT_CERTIFIED: ["н", "n", "а", "a", "-"],
    PeriodGradeSpecial.EXEMPT: ["о", "o", "x"],
}


def absence_mark(status):
    return str(ABSENCE_MARKS.get(status, "")) if status else ""


def special_mark(special):
    return str(SPECIAL_MARKS.get(special, "")) if special else ""
