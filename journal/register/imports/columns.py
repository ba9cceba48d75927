"""The columns of the import files, their headers in Kyrgyz, Russian and English.

Headers are gettext strings (English source): the template is written in the user's language,
and on import a header is recognised in any of the site's languages, in English, by its key,
or by a few common spellings that schools use in their own spreadsheets."""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

STUDENTS = "students"
STAFF = "staff"
KINDS = (STUDENTS, STAFF)


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # a lazy gettext string
    kind: str = "text"  # text, date, pin, sex, class, relation, position, education, qualification, int, email, phone, bool, subjects
    required: bool = False
    aliases: tuple = field(default=())
    width: int = 18
    max_length: int = 255


def _guardian_columns(n):
    labels = {
        1: {
            "last_name": _("Parent 1: surname"),
            "first_name": _("Parent 1: name"),
            "patronymic": _("Parent 1: patronymic"),
            "relation": _("Parent 1: relation"),
            "phone": _("Parent 1: phone"),
            "email": _("Parent 1: email"),
            "workplace": _("Parent 1: workplace"),
        },
        2: {
            "last_name": _("Parent 2: surname"),
            "first_name": _("Parent 2: name"),
            "patronymic": _("Parent 2: patronymic"),
            "relation": _("Parent 2: relation"),
            "phone": _("Parent 2: phone"),
            "email": _("Parent 2: email"),
            "workplace": _("Parent 2: workplace"),
        },
    }[n]
    prefix = f"g{n}_"
    ru_parent = {1: ("родитель 1", "ата-эне 1"), 2: ("родитель 2", "ата-эне 2")}[n]
    ru_words = {
        "last_name": ("фамилия", "фамилиясы"),
        "first_name": ("имя", "аты"),
        "patronymic": ("отчество", "атасынын аты"),
        "relation": ("кем приходится", "туугандыгы"),
        "phone": ("телефон",),
        "email": ("email", "e-mail"),
        "workplace": ("место работы", "иштеген жери"),
    }

    def aliases(key):
        return tuple(f"{p}: {w}" for p in ru_parent for w in ru_words[key])

    return [
        Column(prefix + "last_name", labels["last_name"], aliases=aliases("last_name"), max_length=100),
        Column(prefix + "first_name", labels["first_name"], aliases=aliases("first_name"), max_length=100),
        Column(prefix + "patronymic", labels["patronymic"], aliases=aliases("patronymic"), max_length=100),
        Column(prefix + "relation", labels["relation"], kind="relation", aliases=aliases("relation"), width=14),
        Column(prefix + "phone", labels["phone"], kind="phone", aliases=aliases("phone"), max_length=30),
        Column(prefix + "email", labels["email"], kind="email", aliases=aliases("email"), width=22),
        Column(prefix + "workplace", labels["workplace"], aliases=aliases("workplace"), width=24),
    ]


STUDENT_COLUMNS = [
    Column("last_name", _("Surname"), required=True, aliases=("фамилия", "фамилиясы"), max_length=100),
    Column("first_name", pgettext_lazy("person", "Name"), required=True, aliases=("имя", "аты"), max_length=100),
    Column("patronymic", _("Patronymic"), aliases=("отчество", "атасынын аты"), max_length=100),
    Column("birth_date", _("Birth date"), kind="date", required=True,
           aliases=("дата рождения", "туулган күнү", "туулган датасы"), width=13),
    Column("sex", _("Sex"), kind="sex", required=True, aliases=("пол", "жынысы"), width=8),
    Column("pin", _("Personal number (PIN)"), kind="pin", aliases=("пин", "инн", "pin", "жеке номери"), width=17),
    Column("class", _("Class"), kind="class", required=True, aliases=("класс", "классы"), width=8),
    Column("address", _("Address"), aliases=("адрес", "дареги"), width=28),
    Column("enrolled_on", _("Enrolled on"), kind="date",
           aliases=("дата зачисления", "дата поступления", "кабыл алынган күнү"), width=13),
    *_guardian_columns(1),
    *_guardian_columns(2),
]

STAFF_COLUMNS = [
    Column("last_name", _("Surname"), required=True, aliases=("фамилия", "фамилиясы"), max_length=100),
    Column("first_name", pgettext_lazy("person", "Name"), required=True, aliases=("имя", "аты"), max_length=100),
    Column("patronymic", _("Patronymic"), aliases=("отчество", "атасынын аты"), max_length=100),
    Column("position", pgettext_lazy("job", "Position"), kind="position", aliases=("должность", "кызматы"), width=22),
    Column("extra_positions", _("Other positions"), aliases=("другие должности",), width=22),
    Column("subjects", _("Subjects taught"), kind="subjects", aliases=("предметы", "сабактар"), width=24),
    Column("education_level", _("Education level"), kind="education", aliases=("образование", "билими"), width=18),
    Column("education_ky", _("Education: institution, year (Kyrgyz)"), width=28, max_length=2000),
    Column("education_ru", _("Education: institution, year (Russian)"), width=28, max_length=2000),
    Column("qualification", _("Qualification category"), kind="qualification",
           aliases=("категория", "квалификационная категория"), width=16),
    Column("specialty_ky", _("Field, specialty (Kyrgyz)"), width=24),
    Column("specialty_ru", _("Field, specialty (Russian)"), width=24),
    Column("total_experience", _("Total experience, years"), kind="int", aliases=("общий стаж", "жалпы стажы"), width=10),
    Column("specialty_experience", _("Experience in the specialty, years"), kind="int",
           aliases=("педагогический стаж", "стаж по специальности"), width=10),
    Column("phone", _("Phone"), kind="phone", aliases=("телефон",), max_length=30),
    Column("email", _("Email"), kind="email", aliases=("email", "e-mail", "эл. почта"), width=22),
    Column("hired_on", _("Hired on"), kind="date", aliases=("дата приема", "дата приёма", "ишке кабыл алынган күнү"),
           width=13),
]

COLUMNS = {STUDENTS: STUDENT_COLUMNS, STAFF: STAFF_COLUMNS}

_SPACES = re.compile(r"\s+")


def normalize(text):
    """Headers and choice values compared without case, stars, colons' spacing, ё/е or extra spaces."""
    text = str(text or "").replace("\u00a0", " ").replace("*", "").replace("ё", "е").replace("Ё", "Е")
    text = text.strip().strip(":").strip().casefold()
    text = re.sub(r"\s*:\s*", ": ", text)
    return _SPACES.sub(" ", text)


def language_codes():
    return [code for code, _name in settings.LANGUAGES] + ["en"]


def header_label(column, required_mark=True):
    """The header of a column in the active language; required columns end with ' *'."""
    label = str(column.label)
    return f"{label} *" if (column.required and required_mark) else label


def header_map(kind):
    """{normalized header: column key} in every language, plus keys and aliases."""
    result = {}
    for column in COLUMNS[kind]:
        names = {column.key, *column.aliases}
        for code in language_codes():
            with translation.override(code):
                names.add(str(column.label))
        for name in names:
            result.setdefault(normalize(name), column.key)
    return result


def match_headers(kind, header_cells):
    """Map cell positions of a header row to column keys.

    Returns (positions {index: key}, unknown headers [text], duplicates [text])."""
    known = header_map(kind)
    positions, unknown, duplicates, seen = {}, [], [], set()
    for index, cell in enumerate(header_cells):
        text = normalize(cell)
        if not text:
            continue
        key = known.get(text)
        if key is None:
            unknown.append(str(cell).strip())
        elif key in seen:
            duplicates.append(str(cell).strip())
        else:
            seen.add(key)
            positions[index] = key
    return positions, unknown, duplicates


def columns_by_key(kind):
    return {c.key: c for c in COLUMNS[kind]}
