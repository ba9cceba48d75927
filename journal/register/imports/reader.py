"""Reading an uploaded XLSX or CSV file into rows of raw cell values."""

import csv
import io
from pathlib import Path

from django.utils.translation import gettext as _

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000
HEADER_SEARCH_ROWS = 10
FORMATS = (".xlsx", ".csv")


class ReadError(Exception):
    """The file as a whole cannot be read (the message is in the user's language)."""


def file_format(filename):
    suffix = Path(filename or "").suffix.lower()
    return suffix if suffix in FORMATS else None


def read_rows(path, filename=None):
    """[(row number as the spreadsheet shows it, [cell values])] of the first sheet."""
    fmt = file_format(filename or str(path))
    if fmt is None:
        raise ReadError(_("Upload an XLSX or CSV file."))
    if Path(path).stat().st_size > MAX_FILE_BYTES:
        raise ReadError(_("The file is larger than %(size)s MB.") % {"size": MAX_FILE_BYTES // (1024 * 1024)})
    if fmt == ".xlsx":
        return _read_xlsx(path)
    return _read_csv(path)


def _read_xlsx(path):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any broken or foreign file
        raise ReadError(_("The file could not be read as an XLSX workbook. Save it from Excel or LibreOffice as .xlsx."))
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise ReadError(_("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
            rows.append((number, list(values)))
        return rows
    finally:
        workbook.close()


def _decode(data):
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError(_("The CSV file is not in UTF-8 or Windows-1251 encoding."))


def _read_csv(path):
    text = _decode(Path(path).read_bytes())
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, values in enumerate(reader, start=1):
            if number > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise ReadError(_("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
            rows.append((number, values))
    except csv.Error:
        raise ReadError(_("The CSV file is damaged and could not be read."))
    return rows


def is_blank(values):
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)
