"""Printed sheets keep the signature block whole and with what closes their table (issue 9 §4): for
tables of every length around a page break, the page with the director's line also holds the
deputy's line, the seal and the text under the table — the block is never cut in two nor left alone
on a page. (A table's last rows are not pulled onto that page: xhtml2pdf splits a table where the
page ends.)"""

import copy
import shutil
import subprocess
from types import SimpleNamespace

import pytest
from django.utils import translation

from journal.pdf import render_pdf_bytes

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (make system-deps)")

SHEET = """{% extends "journal/print/base.html" %}
{% block page_size %}a4{% endblock %}
{% block heading %}Sheet{% endblock %}
{% block content %}<table class="grid"><tr><th>No</th><th>Name</th></tr>
{% for i in rows %}<tr><td>{{ i }}</td><td class="name">Row{{ i }}end</td></tr>{% endfor %}</table>
<p class="muted">Rule under the table.</p>{% endblock %}"""


@pytest.fixture
def sheet_template(settings, tmp_path):
    (tmp_path / "sheet.html").write_text(SHEET, encoding="utf-8")
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp_path]
    settings.TEMPLATES = templates
    return "sheet.html"


def _pages(pdf):
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return text.split("\f")


def test_signature_block_stays_with_the_end_of_its_table(sheet_template):
    school = SimpleNamespace(name="№1 орто мектеби", director_name="Касенова Б.", deputy_name="Кадырова Э.")
    seen_breaks = 0
    with translation.override("ky"):
        seal_line = translation.gettext("Place of the seal (P.S.)")
        for n in [*range(72, 84), *range(146, 160, 2)]:
            pages = [p for p in _pages(render_pdf_bytes(sheet_template, {"school": school, "rows": range(1, n + 1)})) if p.strip()]
            seal = [i for i, p in enumerate(pages) if "Касенова" in p]
            assert len(seal) == 1, n
            page = pages[seal[0]]
            assert "Кадырова" in page and seal_line in page and "Rule under the table." in page, (n, page[-400:])
            seen_breaks += len(pages) > 1
    assert seen_breaks  # the lengths tried do cross a page break
