"""Build the WOFF2 web fonts of the site from PT Sans (issue 12 §3, page weight).

The TrueType files of the PyPI package `fontpkg-pt-sans` are ~450 KB each; the site needs Latin,
Cyrillic (with Kyrgyz Ң ң Ө ө Ү ү) and a few signs (№ « » — … ✓). This writes subsets of the
regular, bold and italic faces to static/fonts/ as WOFF2 (fontTools' subsetter with Brotli):

    .venv/bin/pip install "fonttools[woff]==4.69.1"    # requirements-dev.txt
    .venv/bin/python tools/make_web_fonts.py

The output is committed (the site never needs fontTools at run time). The PDFs keep using the
full TrueType files (settings.FONT_DIR, journal/pdf.py).
"""

import sys
from pathlib import Path

import fontpkg_pt_sans
from fontTools import subset

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path(fontpkg_pt_sans.__file__).parent / "files"
TARGET = ROOT / "static" / "fonts"

FACES = {
    "PT_Sans-Web-Regular.ttf": "pt-sans-regular.woff2",
    "PT_Sans-Web-Bold.ttf": "pt-sans-bold.woff2",
    "PT_Sans-Web-Italic.ttf": "pt-sans-italic.woff2",
}

# Must match the unicode-range of the @font-face rules in static/css/mektep.css.
UNICODES = ",".join([
    "U+0020-007E",  # Basic Latin
    "U+00A0-00FF",  # Latin-1: « » ° · non-breaking space …
    "U+0131", "U+0152-0153", "U+02C6", "U+02DA", "U+02DC",
    "U+0400-045F",  # Cyrillic (Russian, ё …)
    "U+0490-04FF",  # Cyrillic supplement letters: Ң ң Ө ө Ү ү and the other national letters
    "U+2000-206F",  # general punctuation: – — ‘ ’ “ ” „ … ‹ ›
    "U+20AC", "U+20BD", "U+2116", "U+2122",  # € ₽ № ™
    "U+2190-2193", "U+2212", "U+2713", "U+2715",  # arrows, minus, ✓ ✕
])


def build():
    TARGET.mkdir(parents=True, exist_ok=True)
    for source, target in FACES.items():
        args = [
            str(SOURCE / source),
            f"--unicodes={UNICODES}",
            "--layout-features=kern,liga,clig,calt,ccmp,locl,mark,mkmk",
            "--no-hinting",
            "--desubroutinize",
            "--flavor=woff2",
            f"--output-file={TARGET / target}",
        ]
        subset.main(args)
        print(f"{target}: {(TARGET / target).stat().st_size // 1024} KB")


if __name__ == "__main__":
    sys.exit(build())
