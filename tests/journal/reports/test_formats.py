"""Numbers and dates as they are written in Kyrgyz and Russian (issue 9 §3): a decimal comma on
screens, PDFs and XLSX number formats, «30-ноябрь 2026-ж.» / «30 ноября 2026 г.», period names
«1-чейрек» / «1 четверть», a grade range of one grade printed as one grade, holidays named in
both languages."""

import datetime
import re
import shutil
import subprocess
from decimal import Decimal
from io import BytesIO

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format, number_format

from journal.register.models import Holiday, PeriodKind, StudyPeriod
from journal.register.services import school as school_services

DAY = datetime.date(2026, 11, 30)


@pytest.mark.parametrize("language", ["ky", "ru"])
def test_decimal_comma_in_both_languages(language):
    with translation.override(language):
        assert number_format(Decimal("3.14"), 2) == "3,14"
        assert Template("{{ v }}").render(Context({"v": Decimal("4.25")})) == "4,25"
        assert Template("{{ v|floatformat:1 }}").render(Context({"v": 66.666})) == "66,7"


def test_dates_as_written_in_kyrgyz_and_russian():
    with translation.override("ky"):
        assert date_format(DAY, "DATE_FORMAT") == "30-ноябрь 2026-ж."
        assert date_format(DAY, "MONTH_DAY_FORMAT") == "30-ноябрь"
        assert date_format(datetime.date(2026, 9, 1), "DATE_FORMAT") == "1-сентябрь 2026-ж."
        assert Template("{% load text_format %}{{ d|day_date }}").render(Context({"d": DAY})).endswith(", 30-ноябрь")
    with translation.override("ru"):
        assert date_format(DAY, "DATE_FORMAT") == "30 ноября 2026 г."
        assert date_format(DAY, "MONTH_DAY_FORMAT") == "30 ноября"


def test_period_names_read_naturally_and_one_grade_is_one_value(small_school):
    year = small_school.year
    quarter = StudyPeriod(year=year, kind=PeriodKind.QUARTER, number=1, start=year.start, end=year.start,
                          grade_from=1, grade_to=9)
    half = StudyPeriod(year=year, kind=PeriodKind.HALF, number=2, start=year.start, end=year.start,
                       grade_from=10, grade_to=11)
    whole = StudyPeriod(year=year, kind=PeriodKind.YEAR, number=1, start=year.start, end=year.start,
                        grade_from=5, grade_to=5)
    with translation.override("ky"):
        assert str(quarter) == "1-чейрек (1–9)"
        assert half.label == "2-жарым жылдык"
        assert str(whole) == "Жыл (5)"
    with translation.override("ru"):
        assert str(quarter) == "1 четверть (1–9)"
        assert half.label == "2 полугодие"
        assert whole.grades_label == "5"


def test_standard_holidays_are_named_in_both_languages(school):
    with translation.override("ru"):  # the deputy works in Russian: the Kyrgyz names are still Kyrgyz
        year = school_services.year_create(school=school, start_year=2027)
    autumn = year.holidays.order_by("start").first()
    with translation.override("ky"):
        assert autumn.title == autumn.name == translation.gettext("Autumn holidays") == "Күзгү каникул"
    with translation.override("ru"):
        assert autumn.title == autumn.name_ru == "Осенние каникулы"
    grade_one = year.holidays.get(grade_from=1, grade_to=1)
    assert grade_one.grades_label == "1"


def test_holiday_form_keeps_both_names_and_the_setup_page_shows_each_language(client, small_school):
    s = small_school
    client.force_login(s.deputy)
    url = reverse("journal:holiday_create", args=[s.year.pk])
    response = client.post(url, {"name": "  Кышкы  эс алуу ", "name_ru": "Зимние   каникулы", "start": "2026-12-30",
                                 "end": "2027-01-10", "grade_from": 1, "grade_to": 11})
    assert response.status_code == 302
    holiday = Holiday.objects.get(year=s.year, name="Кышкы эс алуу")
    assert holiday.name_ru == "Зимние каникулы"
    page = {}
    for language in ("ru", "ky"):
        with translation.override(language):
            page[language] = client.get(reverse("journal:school_year", args=[s.year.pk])).content.decode()
    page_ru, page_ky = page["ru"], page["ky"]
    assert "Зимние каникулы" in page_ru, re.findall(r"<strong>[^<]*</strong>", page_ru)
    assert "Кышкы эс алуу" in page_ky


def test_report_screen_prints_decimals_with_a_comma_and_xlsx_keeps_numbers(client, report_school):
    from openpyxl import load_workbook

    s = report_school
    client.force_login(s.deputy)
    query = f"?period={s.period.pk}"
    translation.activate("ky")
    page = client.get(reverse("journal:reports_achievement") + query).content.decode()
    table = page[page.index("<table"):page.rindex("</table>")]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", table)
    assert any(re.fullmatch(r"\d+,\d+", c.strip()) for c in cells)
    assert not any(re.fullmatch(r"\d+\.\d+", c.strip()) for c in cells)
    sheet = load_workbook(BytesIO(client.get(reverse("journal:reports_achievement_xlsx") + query).content)).active
    numbers = [c for row in sheet.iter_rows(min_row=5) for c in row if isinstance(c.value, float)]
    assert numbers and all(c.number_format in ("0.0", "0.00") for c in numbers)  # Excel shows the reader's comma


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (make system-deps) reads the PDF")
def test_report_pdf_prints_decimals_with_a_comma_and_the_period_by_name(client, report_school):
    s = report_school
    client.force_login(s.deputy)
    with translation.override("ky"):
        pdf = client.get(reverse("journal:reports_achievement_pdf") + f"?period={s.period.pk}").content
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert re.search(r"\b\d+,\d\b", text) and not re.search(r"\b\d+\.\d\b", text)
    assert "2-чейрек" in text
