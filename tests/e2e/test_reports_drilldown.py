"""Browser test of the quarter reports (issue 10): the deputy, in Kyrgyz, opens the school's
achievement summary from the menu, downloads its PDF and XLSX, drills down to a class, to its
subjects and to a failing student's grade card, every step one click on a visible link. The
figures are those of the hand-worked school of tests/journal/reports (5 «А»: pass rate 66,7 %,
quality 50,0 %; maths in 5 «А»: 80,0 % and 80,0 %), on the page, in the PDF's text and in the
XLSX cells. The PDF is read with pdftotext (Kyrgyz letters, the school, the signature lines, the
seal) and drawn with pdftoppm; the report and the grade card are photographed at phone width.
The forbidden side: a teacher gets no link to a class they do not teach and its address answers
404; a parent gets no reports menu and the address answers 403.

The pictures are written to $E2E_SCREENSHOTS (else the test's tmp_path) to be looked at."""

import datetime
import os
import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from journal.gradebook import factories as gf
from journal.gradebook.models import AbsenceStatus, LessonStatus
from tests.journal.reports.conftest import hand_worked_school

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdftoppm")),
                       reason="poppler-utils (make system-deps) reads and draws the PDF"),
]

PASSWORD = "Mektep-2026"
D = datetime.date


@pytest.fixture
def reports_school(small_school):
    """The hand-worked school with a school name, signatories and a failing student whose names
    carry the Kyrgyz letters ң ө ү, and a few marks and an absence for the failing student's card."""
    s = hand_worked_school(small_school)
    school = s.school
    school.name_ky = "Түгөлбай Сыдыкбеков атындагы №1 орто мектеби"
    school.director_name = "Касенова Бактыгүл Асанбековна"
    school.deputy_name = "Кадырова Эльмира Өмүрбековна"
    school.save()
    s.failing = s.students_a[3]             # maths 2 for the quarter
    s.failing.last_name, s.failing.first_name = "Өмүрбеков", "Жаңыбек"
    s.failing.save()
    for day, value in ((11, 2), (18, 3), (25, 2)):
        lesson = gf.LessonFactory(assignment=s.assignment_a, date=D(2026, 11, day), lesson_number=1,
                                  status=LessonStatus.HELD)
        gf.GradeFactory(lesson=lesson, student=s.failing, value=value)
    absent = gf.LessonFactory(assignment=s.ru_a, date=D(2026, 11, 26), lesson_number=2, status=LessonStatus.HELD)
    gf.AttendanceFactory(lesson=absent, student=s.failing, status=AbsenceStatus.ILL)
    return s


def _out(tmp_path):
    out = Path(os.environ.get("E2E_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    return out


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/ky/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")
    assert "/accounts/login/" not in page.url


def _click(page, link):
    """One click on a visible link, waiting for the page it opens."""
    assert link.is_visible(), link
    with page.expect_navigation():
        link.click()
    assert "/ky/" in page.url, page.url


def _open_reports(page):
    page.locator("details.app-menu summary").click()
    _click(page, page.locator("nav").get_by_role("link", name="Отчёттор", exact=True))


def _table(page):
    """The report's own table (the charts have tables of their figures too)."""
    return page.locator("table.rp-table:not(.rp-chart__table)").first


def _cell(row, table, header):
    """The text of a row's cell under the column headed `header` (row headers count as cells)."""
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    return row.locator("th, td").nth(headers.index(header)).inner_text().strip()


def _words_past_the_margin(pdf_path, margin=34):
    """Words of the PDF (pdftotext -bbox) that reach into the right margin (1.2 cm = 34 pt): text
    that does not wrap in its cell runs out of the table and off the page."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf_path), "-"], capture_output=True, check=True).stdout.decode()
    width = float(re.search(r'<page width="([\d.]+)"', html).group(1))
    return [(word, float(x_max)) for x_max, word in re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"'
                                                               r' yMax="[\d.]+">([^<]*)</word>', html)
            if float(x_max) > width - margin + 1]


def _pdf_text(data):
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode()


def test_deputy_drills_down_from_the_school_to_a_student_in_kyrgyz(browser, live_server, reports_school, tmp_path):
    from openpyxl import load_workbook

    s, out = reports_school, _out(tmp_path)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    _login(page, live_server, "deputy")

    # 1. the school's quarter report, from the menu
    _open_reports(page)
    assert page.locator("h1").inner_text() == "Үлгүрүүнүн жыйынтыгы: Мектеп"
    assert "2-чейрек: 10.11.2026 – 29.12.2026" in page.locator("main, body").first.inner_text()
    table = _table(page)
    row_a = table.locator("tr.rp-class", has=page.get_by_role("link", name="5 «А»", exact=True))
    assert _cell(row_a, table, "Үлгүрүү, %").startswith("66,7")
    assert _cell(row_a, table, "Билим сапаты, %").startswith("50,0")
    assert _cell(row_a, table, "Билим деңгээли (СОУ), %").startswith("61,1")
    row_b = table.locator("tr.rp-class", has=page.get_by_role("link", name="5 «Б»", exact=True))
    assert _cell(row_b, table, "Үлгүрүү, %").startswith("100,0")
    row_1 = table.locator("tr.rp-class", has=page.get_by_role("link", name="1 «А»", exact=True))
    assert "Баасыз окутуу" in row_1.inner_text()                     # a class without marks
    assert "Өмүрбеков" in _cell(row_a, table, "Үлгүрбөгөн окуучулар жана сабактар")

    # 2. the PDF and the XLSX of the same report
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="PDF", exact=True).click()
    assert pdf_download.value.suggested_filename == f"achievement-{s.period.pk}.pdf"
    pdf_path = out / "reports_achievement.pdf"
    pdf_download.value.save_as(pdf_path)
    pdf = pdf_path.read_bytes()
    assert pdf[:4] == b"%PDF"
    text = _pdf_text(pdf)
    assert "Түгөлбай Сыдыкбеков атындагы №1 орто мектеби" in text   # the school's header
    assert "Үлгүрүүнүн жыйынтыгы" in text and "2-чейрек" in text
    assert "деңгээли" in text and "Үлгүрбөгөн" in text                # ң ө ү come out as letters
    line_a = next(line for line in text.splitlines() if line.strip().startswith("5 «А»"))
    assert "66,7" in line_a and "50,0" in line_a and "61,1" in line_a, line_a
    assert "Баасыз окутуу" in text and "Өмүрбеков" in text
    director = next(line for line in text.splitlines() if "Мектеп мүдүрү" in line)
    assert "____" in director and "Касенова Бактыгүл Асанбековна" in director
    deputy = next(line for line in text.splitlines() if "Окуу иштери боюнча мүдүрдүн орун басары" in line)
    assert "____" in deputy and "Кадырова Эльмира Өмүрбековна" in deputy
    assert re.search(r"\bМ\.О\.", text)                                # the place of the seal
    assert "\ufffd" not in text and "■" not in text
    assert _words_past_the_margin(pdf_path) == []
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf_path), str(out / "reports_achievement_pdf")], check=True)
    pictures = sorted(out.glob("reports_achievement_pdf*.png"))
    assert len(pictures) == 1                                          # one landscape page

    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="XLSX", exact=True).click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(BytesIO(Path(xlsx_download.value.path()).read_bytes())).active
    header = next(row for row in sheet.iter_rows(values_only=True) if row and "Үлгүрүү, %" in row)
    cells = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert cells["5 «А»"][header.index("Үлгүрүү, %")] == pytest.approx(66.7)
    assert cells["5 «А»"][header.index("Билим сапаты, %")] == pytest.approx(50.0)
    assert cells["5 «Б»"][header.index("Үлгүрүү, %")] == pytest.approx(100.0)

    # 3. a class
    _click(page, row_a.get_by_role("link", name="5 «А»", exact=True))
    assert f"class={s.class_a.pk}" in page.url
    assert page.locator("h1").inner_text() == "Үлгүрүүнүн жыйынтыгы: 5 «А» класс"
    table = _table(page)
    assert table.locator("tr.rp-class").count() == 1
    row_a = table.locator("tr.rp-class")
    assert _cell(row_a, table, "Үлгүрүү, %").startswith("66,7")

    # 4. its subjects: maths of 5 «А» is 5 5 4 2 4 (a4 exempt) → pass 4/5, quality 4/5, СОУ 344/5
    _click(page, page.locator("nav.rp-tabs").get_by_role("link", name="Предмет жана мугалим боюнча"))
    assert page.locator("h1").inner_text() == "Предмет жана мугалим боюнча: 5 «А» класс"
    table = _table(page)
    maths = table.locator("tbody tr", has=page.locator("th", has_text=re.compile("^Математика$")))
    assert _cell(maths, table, "Үлгүрүү, %").startswith("80,0")
    assert _cell(maths, table, "Билим сапаты, %").startswith("80,0")
    assert _cell(maths, table, "Билим деңгээли (СОУ), %").startswith("68,8")
    russian = table.locator("tbody tr", has=page.locator("th", has_text=re.compile("^Орус тили$")))
    assert _cell(russian, table, "Үлгүрүү, %").startswith("83,3")     # н/а of a4 counts: 5 of 6
    phone = context.browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone.add_cookies(context.cookies())
    phone_page = phone.new_page()
    phone_page.goto(page.url)
    phone_page.screenshot(path=str(out / "reports_subjects_phone.png"), full_page=True)

    # 5. back to the class's summary and on to the failing student's grade card
    _click(page, page.locator("nav.rp-tabs").get_by_role("link", name="Үлгүрүүнүн жыйынтыгы"))
    assert f"class={s.class_a.pk}" in page.url
    _click(page, _table(page).get_by_role("link", name=re.compile("^Өмүрбеков")))
    with translation.override("ky"):
        assert page.url.startswith(live_server.url + reverse("journal:reports_student", args=[s.failing.pk]))
    assert page.locator("h1").inner_text().startswith("Баалар баракчасы: Өмүрбеков Жаңыбек")
    card = _table(page)
    maths = card.locator("tbody tr", has=page.locator("th", has_text=re.compile("^Математика$")))
    assert [t.split()[0] for t in maths.locator(".diary-grade").all_inner_texts()] == ["2", "3", "2"]
    assert _cell(maths, card, "2-чейрек") == "2"                       # the quarter grade
    russian = card.locator("tbody tr", has=page.locator("th", has_text=re.compile("^Орус тили$")))
    assert _cell(russian, card, "Калтырган") == "1"                  # the lesson missed when ill
    phone_page.goto(page.url)
    phone_page.screenshot(path=str(out / "reports_student_card_phone.png"), full_page=True)
    with translation.override("ky"):
        phone_page.goto(live_server.url + reverse("journal:reports_achievement"))
    phone_page.screenshot(path=str(out / "reports_achievement_phone.png"), full_page=True)
    wide = phone_page.evaluate("() => document.documentElement.scrollWidth")
    assert wide <= 390, wide                                           # the table scrolls in its box
    assert errors == []
    phone.close()
    context.close()


def test_teacher_and_parent_are_kept_out(browser, live_server, reports_school):
    s = reports_school
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _login(page, live_server, "teacher")                               # maths in 5 «А» only
    _open_reports(page)
    table = _table(page)
    assert table.get_by_role("link", name="5 «А»", exact=True).count() == 1
    assert table.get_by_role("link", name="5 «Б»", exact=True).count() == 0
    assert "5 «Б»" not in table.inner_text()
    with translation.override("ky"):
        url = reverse("journal:reports_achievement")
        card = reverse("journal:reports_student", args=[s.students_b[0].pk])
    response = page.goto(f"{live_server.url}{url}?period={s.period.pk}&class={s.class_b.pk}")
    assert response.status == 404
    assert page.goto(f"{live_server.url}{card}").status == 404
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _login(page, live_server, "parent")
    page.locator("details.app-menu summary").click()
    menu = page.locator("nav").first
    assert menu.get_by_role("link").count() > 0
    assert page.get_by_role("link", name="Отчёттор").count() == 0
    assert page.goto(f"{live_server.url}{url}").status == 403
    assert settings.LANGUAGE_CODE == "ky"
    context.close()
