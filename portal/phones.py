"""Phone numbers: validated and stored in one international form (E.164, +996555123456) with
`phonenumbers`, the default region Kyrgyzstan; shown in the international format (+996 555 123 456)."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_REGION = "KG"


def _parse(value):
    try:
        number = phonenumbers.parse(value, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def phone_normalize(value):
    """'0555 123 456', '555123456', '+996 555 123 456' → '+996555123456'; '' stays ''.

    Raises ValidationError (in the user's language) for a number that is not a real one."""
    raw = " ".join(str(value or "").split())
    if not raw:
        return ""
    number = _parse(raw)
    if number is None:
        raise ValidationError(
            _("“%(value)s” is not a valid phone number. Write it like +996 555 123 456 or 0555 123 456."),
            code="invalid_phone", params={"value": raw},
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_normalize_or_keep(value):
    """The stored form of a number, or the value unchanged if it cannot be read (old data)."""
    try:
        return phone_normalize(value)
    except ValidationError:
        return value


def phone_display(value):
    """+996555123456 → +996 555 123 456; anything unreadable is shown as it is."""
    if not value:
        return ""
    number = _parse(str(value))
    if number is None:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
