"""One Kyrgyz word for each thing (README, "Glossary"): no message a user can see in Kyrgyz uses
a word the glossary rules out, whether it comes from our catalog, a vendor catalog or allauth."""

import os
import re
from pathlib import Path

import allauth
import polib
import pytest
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
NOT_USED = {"купуя": "сырсөз", "эмейл": "электрондук почта"}
# «купуялык» (privacy) is another word and stays; «купуя» alone meant the password
PATTERN = re.compile(r"купуя(?!л)|эмейл", re.IGNORECASE)


def _texts(entry):
    return [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())


@pytest.mark.parametrize("catalog", [
    ROOT / "locale/ky/LC_MESSAGES/django.po",
    ROOT / "locale/ky/LC_MESSAGES/djangojs.po",
    ROOT / "locale/vendor/ky/LC_MESSAGES/django.po",
    ROOT / "locale/vendor/ky/LC_MESSAGES/djangojs.po",
])
def test_our_catalogs_use_the_glossary(catalog):
    bad = [e.msgid for e in polib.pofile(str(catalog)) for t in _texts(e) if PATTERN.search(t)]
    assert bad == []


def test_allauth_messages_reach_the_user_in_our_vocabulary():
    """allauth's own Kyrgyz catalog says «купуя»: every such message is overridden."""
    source = polib.pofile(os.path.join(os.path.dirname(allauth.__file__), "locale/ky/LC_MESSAGES/django.po"))
    affected = [e for e in source if e.translated() and not e.msgid_plural and PATTERN.search(e.msgstr)]
    assert len(affected) > 50  # the check is real: allauth does use those words
    with translation.override("ky"):
        seen = [translation.pgettext(e.msgctxt, e.msgid) if e.msgctxt else translation.gettext(e.msgid)
                for e in affected]
    assert [t for t in seen if PATTERN.search(t)] == []
    assert any("сырсөз" in t.lower() for t in seen)


@pytest.mark.parametrize("language, word", [("ky", "сырсөз"), ("ru", "пароль")])
def test_password_validation_speaks_the_interface_language(language, word):
    with translation.override(language), pytest.raises(ValidationError) as error:
        MinimumLengthValidator(min_length=12).validate("short")
    text = " ".join(error.value.messages)
    assert word in text.lower() and "12" in text
    assert "password" not in text.lower()
