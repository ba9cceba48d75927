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

# Keys of the grid (lower case; compared case-insensitively).
ABSENCE_KEYS = {
    AbsenceStatus.UNEXCUSED: ["н", "n", "-"],
    AbsenceStatus.ILL: ["б", "b", "i"],
    AbsenceStatus.EXCUSED: ["у", "u", "e"],
    AbsenceStatus.LATE: ["к", "k", "l"],
}
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
