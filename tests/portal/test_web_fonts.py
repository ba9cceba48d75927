"""Page weight (issue 12 §3): the site's CSS loads WOFF2 subsets of PT Sans that still cover
Kyrgyz, with font-display: swap; only the regular face is preloaded; the PDFs keep the TTF."""

import re
from pathlib import Path

from django.conf import settings
from django.test import Client
from fontTools.ttLib import TTFont

STATIC = Path(settings.BASE_DIR) / "static"
NEEDED = "АаБбЁёЖжЩщЪъЯяҢңӨөҮүІі№«»—–…AaZz0123456789"


def test_the_css_loads_only_small_woff2_faces_with_swap():
    css = (STATIC / "css" / "mektep.css").read_text(encoding="utf-8")
    faces = re.findall(r"@font-face\s*{([^}]*)}", css)
    assert len(faces) == 3
    for face in faces:
        assert "font-display: swap" in face and "unicode-range:" in face
        (url,) = re.findall(r'url\("\.\./([^"]+)"\)', face)
        assert url.endswith(".woff2") and ".ttf" not in face
        path = STATIC / url
        assert path.stat().st_size < 40 * 1024, path
        cmap = TTFont(path).getBestCmap()
        missing = [c for c in NEEDED if ord(c) not in cmap]
        assert not missing, (path.name, missing)


def test_only_the_regular_face_is_preloaded(db):
    html = Client().get("/ky/accounts/login/").content.decode()
    preloads = re.findall(r'<link rel="preload"[^>]*>', html)
    assert len(preloads) == 1
    assert "pt-sans-regular" in preloads[0] and 'as="font"' in preloads[0] and "crossorigin" in preloads[0]


def test_pdfs_keep_the_full_truetype_files():
    assert (Path(settings.FONT_DIR) / "PT_Sans-Web-Regular.ttf").stat().st_size > 300 * 1024
