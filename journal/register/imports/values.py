"""Parsing single cell values: dates, class names, sex, ПИН, phones, choices.

Each parser returns the clean value or raises ValueError with a message in the user's language."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from journal.register.models import Sex
from journal.register.models.people import EducationLevel, Position, QualificationCategory, Relation, validate_pin
from portal.phones import phone_normalize

from .columns import language_codes, normalize


def text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return re.sub(r"\s+", " ", str(value).replace("\u00a0", " ")).strip()


def normalize_name(value):
    """A person's or subject's name for comparisons: no case, ё as е, single spaces."""
    return " ".join(text(value).casefold().replace("ё", "е").split())


_DATE_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)


def parse_date(value):
    """A real Excel date, dd.mm.yyyy (also with / or -), ISO yyyy-mm-dd, or an Excel day number."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return _EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise ValueError(_("Write the date as dd.mm.yyyy, for example 01.09.2015."))
    raw = text(value)
    match = _DATE_DMY.match(raw)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return datetime.date(year, month, day)
        match = _DATE_ISO.match(raw)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(_("“%(value)s” is not a real date.") % {"value": raw})
    raise ValueError(
        _("“%(value)s” is not a date: write it as dd.mm.yyyy, for example 01.09.2015.") % {"value": raw}
    )


# 5 А, 5А, 5-А, 5 «А», 5 "А", 5а, 11 Б
_CLASS = re.compile(
    r"^(\d{1,2})\s*[-–—]?\s*[«\"'“„”]?\s*([^\W\d_]{1,3})\s*[»\"'”“]?\s*(?:(?:класс|классы|кл)\.?)?\s*$", re.I
)
_LATIN_TO_CYRILLIC = str.maketrans("ABCEHKMOPTXY", "АВСЕНКМОРТХУ")


def parse_class_name(value):
    """(grade, letter) from a class name as schools write it; the letter in upper case."""
    raw = text(value)
    match = _CLASS.match(raw)
    if not match:
        raise ValueError(_("“%(value)s” is not a class name: write it like 5 А.") % {"value": raw})
    grade = int(match.group(1))
    if not 1 <= grade <= 11:
        raise ValueError(_("“%(value)s”: the grade must be from 1 to 11.") % {"value": raw})
    return grade, match.group(2).upper()


def class_key(grade, letter):
    return grade, letter.upper()


def class_lookup_keys(grade, letter):
    """Keys to look a class up by: as written, then with Latin look-alike letters as Cyrillic."""
    keys = [class_key(grade, letter)]
    cyr = letter.upper().translate(_LATIN_TO_CYRILLIC)
    if cyr != letter.upper():
        keys.append((grade, cyr))
    return keys


def _choice_map(choices, extra):
    """{normalized label or key: value} for TextChoices, in every language."""
    result = {}
    for value, label in choices.choices:
        result[normalize(value)] = value
        for code in language_codes():
            with translation.override(code):
                result.setdefault(normalize(str(label)), value)
    for alias, value in extra.items():
        result.setdefault(normalize(alias), value)
    return result


_SEX_EXTRA = {
    "ж": Sex.FEMALE, "жен": Sex.FEMALE, "женский": Sex.FEMALE, "f": Sex.FEMALE, "female": Sex.FEMALE,
    "к": Sex.FEMALE, "кыз": Sex.FEMALE, "аял": Sex.FEMALE, "дев": Sex.FEMALE, "девочка": Sex.FEMALE,
    "м": Sex.MALE, "муж": Sex.MALE, "мужской": Sex.MALE, "m": Sex.MALE, "male": Sex.MALE,
    "э": Sex.MALE, "эр": Sex.MALE, "эркек": Sex.MALE, "уул": Sex.MALE, "мал": Sex.MALE, "мальчик": Sex.MALE,
}
_RELATION_EXTRA = {
    "мать": Relation.MOTHER, "мама": Relation.MOTHER, "эне": Relation.MOTHER, "апа": Relation.MOTHER,
    "отец": Relation.FATHER, "папа": Relation.FATHER, "ата": Relation.FATHER,
    "бабушка": Relation.GRANDMOTHER, "чоң эне": Relation.GRANDMOTHER, "таене": Relation.GRANDMOTHER,
    "дедушка": Relation.GRANDFATHER, "чоң ата": Relation.GRANDFATHER, "таята": Relation.GRANDFATHER,
    "опекун": Relation.GUARDIAN, "камкорчу": Relation.GUARDIAN, "законный представитель": Relation.GUARDIAN,
    "мыйзамдуу өкүлү": Relation.GUARDIAN, "родственник": Relation.OTHER, "тууганы": Relation.OTHER,
}
_POSITION_EXTRA = {
    "учитель": Position.TEACHER, "мугалим": Position.TEACHER, "директор": Position.DIRECTOR,
    "завуч": Position.DEPUTY_ACADEMIC, "зам. директора по увр": Position.DEPUTY_ACADEMIC,
    "зам. директора по вр": Position.DEPUTY_EDUCATION, "учитель начальных классов": Position.PRIMARY_TEACHER,
    "библиотекарь": Position.LIBRARIAN, "китепканачы": Position.LIBRARIAN, "психолог": Position.PSYCHOLOGIST,
    "социальный педагог": Position.SOCIAL_PEDAGOGUE,
}
_EDUCATION_EXTRA = {
    "высшее": EducationLevel.HIGHER, "жогорку": EducationLevel.HIGHER,
    "неполное высшее": EducationLevel.INCOMPLETE_HIGHER, "толук эмес жогорку": EducationLevel.INCOMPLETE_HIGHER,
    "среднее специальное": EducationLevel.SECONDARY_VOCATIONAL, "орто кесиптик": EducationLevel.SECONDARY_VOCATIONAL,
    "средне-специальное": EducationLevel.SECONDARY_VOCATIONAL, "магистр": EducationLevel.MASTER,
    "кандидат наук": EducationLevel.CANDIDATE,
}
_QUALIFICATION_EXTRA = {
    "": QualificationCategory.NONE, "нет": QualificationCategory.NONE, "жок": QualificationCategory.NONE,
    "без категории": QualificationCategory.NONE, "1": QualificationCategory.FIRST, "2": QualificationCategory.SECOND,
    "первая": QualificationCategory.FIRST, "вторая": QualificationCategory.SECOND, "высшая": QualificationCategory.HIGHEST,
    "биринчи": QualificationCategory.FIRST, "экинчи": QualificationCategory.SECOND, "жогорку": QualificationCategory.HIGHEST,
}


class ChoiceParser:
    """Parses a TextChoices value from its label in any language, its key or a common spelling."""

    def __init__(self, choices, extra):
        self.choices = choices
        self.map = _choice_map(choices, extra)

    def __call__(self, value):
        raw = text(value)
        found = self.map.get(normalize(raw))
        if found is None:
            allowed = ", ".join(str(label) for label in self.choices.labels)
            raise ValueError(_("“%(value)s” is not one of: %(allowed)s.") % {"value": raw, "allowed": allowed})
        return found


def choice_parsers():
    """Built per validation run, in the active language (labels are listed in error messages)."""
    return {
        "sex": ChoiceParser(Sex, _SEX_EXTRA),
        "relation": ChoiceParser(Relation, _RELATION_EXTRA),
        "position": ChoiceParser(Position, _POSITION_EXTRA),
        "education": ChoiceParser(EducationLevel, _EDUCATION_EXTRA),
        "qualification": ChoiceParser(QualificationCategory, _QUALIFICATION_EXTRA),
    }


def parse_pin(value):
    """The 14-digit ПИН (a number cell in Excel loses nothing: 14 digits fit a float exactly)."""
    raw = text(value).replace(" ", "")
    try:
        validate_pin(raw)
    except ValidationError as error:
        raise ValueError(" ".join(str(m) for m in error.messages))
    return raw


def pin_birth_date(pin):
    return datetime.date(int(pin[5:9]), int(pin[3:5]), int(pin[1:3]))


def pin_sex(pin):
    return Sex.FEMALE if pin[0] == "1" else Sex.MALE


def parse_phone(value):
    """A phone number in its stored form, +996555123456 (0555 123 456 and 555123456 are Kyrgyz numbers)."""
    try:
        return phone_normalize(text(value))
    except ValidationError as error:
        raise ValueError(" ".join(error.messages))


def phone_digits(value):
    return re.sub(r"\D", "", value or "")[-9:]


def parse_email(value):
    raw = text(value)
    try:
        validate_email(raw)
    except ValidationError:
        raise ValueError(_("“%(value)s” is not a valid email address.") % {"value": raw})
    return raw


def parse_int(value):
    raw = text(value)
    if not re.fullmatch(r"\d{1,2}", raw):
        raise ValueError(_("“%(value)s” is not a number of years.") % {"value": raw})
    return int(raw)


def guess_relation(patronymic, first_name):
    """Mother or father from a Kyrgyz or Russian patronymic (…овна, кызы / …ович, уулу)."""
    p = (patronymic or "").casefold()
    if p.endswith(("овна", "евна", "ична", "кызы", "инична")):
        return Relation.MOTHER
    if p.endswith(("ович", "евич", "ич", "уулу")):
        return Relation.FATHER
    return Relation.OTHER
