"""Fail when a ky or ru catalog has an untranslated, fuzzy or obsolete entry.

Run: python -m portal.catalogs_check  (after `make messages`)."""

import sys
from pathlib import Path

import polib

BASE = Path(__file__).resolve().parent.parent


def check(paths):
    problems = []
    for path in paths:
        po = polib.pofile(str(path))
        untranslated = [e.msgid for e in po.untranslated_entries()]
        fuzzy = [e.msgid for e in po.fuzzy_entries()]
        for label, entries in (("untranslated", untranslated), ("fuzzy", fuzzy)):
            if entries:
                problems.append(f"{path.relative_to(BASE)}: {len(entries)} {label}, e.g. {entries[:5]!r}")
    return problems


def main():
    paths = sorted(BASE.glob("locale/*/LC_MESSAGES/*.po")) + sorted(BASE.glob("locale/vendor/*/LC_MESSAGES/*.po"))
    paths = [p for p in paths if p.parts[-3] in ("ky", "ru")]
    if not paths:
        print("no catalogs found under locale/")
        return 1
    problems = check(paths)
    for line in problems:
        print(line)
    print(f"catalogs checked: {len(paths)}; incomplete: {len(problems)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
