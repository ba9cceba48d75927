"""Fill ky/ru catalog entries from a text file of blocks:

    msgid: The English text
    ky: Кыргызча
    ru: По-русски
    (for plurals: ky0:, ky1:, ru0:, ru1:, ru2:)

Blocks are separated by blank lines; the fuzzy flag is cleared on every filled entry."""
import sys

import polib


def blocks(path):
    block = {}
    for line in open(path, encoding="utf-8").read().splitlines() + [""]:
        if not line.strip():
            if block:
                yield block
            block = {}
            continue
        if line.startswith("#"):
            continue
        key, _, value = line.partition(": ")
        block[key.strip()] = value
    if block:
        yield block


def main(path):
    data = list(blocks(path))
    for lang in ("ky", "ru"):
        for domain in ("django", "djangojs"):
            name = f"locale/{lang}/LC_MESSAGES/{domain}.po"
            po = polib.pofile(name, wrapwidth=0)
            index = {e.msgid: e for e in po if not e.obsolete}
            n = 0
            for b in data:
                e = index.get(b["msgid"])
                if e is None:
                    continue
                if e.msgid_plural:
                    forms = {int(k[len(lang):]): v for k, v in b.items() if k.startswith(lang) and k[len(lang):].isdigit()}
                    if not forms:
                        continue
                    e.msgstr_plural = forms
                elif lang in b:
                    e.msgstr = b[lang]
                else:
                    continue
                if "fuzzy" in e.flags:
                    e.flags.remove("fuzzy")
                e.previous_msgid = None
                e.previous_msgid_plural = None
                e.previous_msgctxt = None
                n += 1
            po.save(name)
            print(name, n, "filled")


if __name__ == "__main__":
    main(sys.argv[1])
