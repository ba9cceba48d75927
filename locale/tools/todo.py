"""List the untranslated and fuzzy entries of the ky and ru catalogs (for the translator)."""
import sys

import polib

seen = {}
for lang in ("ky", "ru"):
    for domain in ("django", "djangojs"):
        po = polib.pofile(f"locale/{lang}/LC_MESSAGES/{domain}.po")
        for e in po:
            if e.obsolete:
                continue
            todo = e.fuzzy or (not e.msgstr and not any(e.msgstr_plural.values()))
            if todo:
                seen.setdefault((domain, e.msgid, e.msgid_plural), {})[lang] = (
                    e.msgstr or dict(e.msgstr_plural), e.previous_msgid if e.fuzzy else None)
for (domain, msgid, plural), langs in seen.items():
    print(f"# {domain}")
    print(f"msgid: {msgid}")
    if plural:
        print(f"plural: {plural}")
    for lang, (cur, prev) in langs.items():
        if prev:
            print(f"# {lang} fuzzy (was: {prev}): {cur}")
    print()
print(len(seen), "entries", file=sys.stderr)
