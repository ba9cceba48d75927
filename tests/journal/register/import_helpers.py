"""Import files generated in the tests with openpyxl / csv (no binary fixtures)."""

import csv
import datetime

from django.utils import translation
from openpyxl import Workbook

from journal.register.imports.columns import COLUMNS, STUDENTS, header_label  # noqa: F401 - COLUMNS for tests


def headers(kind=STUDENTS, lang="ky"):
    with translation.override(lang):
        return [header_label(c) for c in COLUMNS[kind]]


def _cells(kind, row):
    return [row.get(c.key) for c in COLUMNS[kind]]


def write_xlsx(path, rows, kind=STUDENTS, lang="ky", title_rows=()):
    workbook = Workbook()
    sheet = workbook.active
    for title in title_rows:
        sheet.append([title])
    sheet.append(headers(kind, lang))
    for row in rows:
        sheet.append(_cells(kind, row))
    workbook.save(path)
    return path


def write_csv(path, rows, kind=STUDENTS, lang="ru", delimiter=";", encoding="utf-8-sig"):
    with open(path, "w", newline="", encoding=encoding) as out:
        writer = csv.writer(out, delimiter=delimiter)
        writer.writerow(headers(kind, lang))
        for row in rows:
            writer.writerow(["" if v is None else v for v in _cells(kind, row)])
    return path


def student_row(n, cls="5 А", sex="m", birth=datetime.date(2014, 3, 14), guardians=1, pin=True, **extra):
    """A valid row: a unique name per n, a ПИН consistent with birth date and sex (pin=True),
    a given ПИН (a string) or none (False)."""
    row = {
        "last_name": f"Асанов{n}" if sex == "m" else f"Асанова{n}",
        "first_name": "Бакыт" if sex == "m" else "Айгерим",
        "patronymic": "Нурланович" if sex == "m" else "Нурлановна",
        "birth_date": birth,
        "sex": "Э" if sex == "m" else "Ж",
        "class": cls,
        "address": "Бишкек ш., Чүй пр. 1",
    }
    if pin is True:
        row["pin"] = f"{2 if sex == 'm' else 1}{birth:%d%m%Y}{n:05d}"
    elif pin:
        row["pin"] = pin
    if guardians >= 1:
        row.update({"g1_last_name": f"Асанова{n}", "g1_first_name": "Жылдыз", "g1_patronymic": "Токтогуловна",
                    "g1_phone": f"+996 555 {n:06d}", "g1_relation": "эне"})
    if guardians >= 2:
        row.update({"g2_last_name": f"Асанов{n}", "g2_first_name": "Нурлан", "g2_patronymic": "Бакытович",
                    "g2_phone": f"+996 700 {n:06d}"})
    row.update(extra)
    return row
