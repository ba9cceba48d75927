"""The shared PDF renderer embeds PT Sans, so Kyrgyz letters come out as text, not boxes."""

import shutil
import subprocess

import pytest
from django.template import engines

from journal.pdf import render_pdf_bytes


@pytest.mark.django_db
def test_pdf_embeds_font_and_keeps_kyrgyz_letters(school, tmp_path, settings):
    settings.TEMPLATES[0]["DIRS"].append(tmp_path)
    (tmp_path / "t.html").write_text(
        '{% extends "journal/print/base.html" %}{% block heading %}Чейректик ведомость Ң Ө Ү ң ө ү{% endblock %}',
        encoding="utf-8",
    )
    engines._engines = {}
    data = render_pdf_bytes("t.html", {"school": school})
    assert data.startswith(b"%PDF")
    assert b"PTSans" in data or b"PT_Sans" in data or b"PTSans-Regular" in data
    if shutil.which("pdftotext"):
        pdf = tmp_path / "t.pdf"
        pdf.write_bytes(data)
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Ң Ө Ү ң ө ү" in text
