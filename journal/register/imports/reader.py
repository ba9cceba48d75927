"""Reading an uploaded XLSX or CSV file into rows of raw cell values."""

import codecs
import csv
import io
import re
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


# The encodings a school's CSV file can come in: Excel's "CSV UTF-8" (with a BOM), "Unicode text"
# (UTF-16 with a BOM), plain UTF-8, and Excel's "CSV (comma delimited)" on a Russian/Kyrgyz Windows
# (Windows-1251, which has no ң, ө, ү); rarer Cyrillic code pages are recognised to be named.
ENCODING_NAMES = {
    "utf_8": "UTF-8", "utf_8_sig": "UTF-8", "utf_16": "UTF-16", "utf_16_le": "UTF-16", "utf_16_be": "UTF-16",
    "cp1251": "Windows-1251", "koi8_r": "KOI8-R", "koi8_u": "KOI8-U", "cp866": "DOS (CP866)",
    "cp1125": "DOS (CP866)", "mac_cyrillic": "Mac Cyrillic",
}
_GUESS_CANDIDATES = ["cp1251", "koi8_r", "koi8_u", "cp866", "mac_cyrillic", "utf_16_le", "utf_16_be"]
_CYRILLIC = "А-Яа-яЁёӨөҮүҢңІіЇїЄєҐґЎў"
_CYRILLIC_LETTER = re.compile(f"[{_CYRILLIC}]")
_NON_ASCII_LETTER = re.compile(r"[^\W\d_\x00-\x7f]")
# "?" where a letter was: right before or after a Cyrillic letter (Ас?нов, ?м?рбек, Те?)
_LOST_LETTER = re.compile(f"[{_CYRILLIC}]\\?|\\?[{_CYRILLIC}]")
# UTF-8 read as Windows-1251 (Р°Р±...) or as Latin-1/Windows-1252 (Ð°Ð±...), then saved again
_MOJIBAKE = re.compile(
    "[РС][\u0080-\u00aa\u00ac-\u00ba\u00bc-\u00bf\u0402-\u040f\u0452-\u045f\u0490\u0491\u2013-\u203a\u20ac\u2116\u2122]"
    "|[ÐÑ][\u0080-\u00bf\u0152-\u0192\u02c6-\u02dc\u2013-\u203a\u20ac\u2122]"
)


def encoding_name(encoding):
    key = (encoding or "").lower().replace("-", "_")
    return ENCODING_NAMES.get(key, encoding)


def _guess_encoding(data):
    """The encoding of a file that is not UTF-8 (None if unknown)."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - charset-normalizer comes with requests
        return "cp1251"
    best = from_bytes(data, cp_isolation=_GUESS_CANDIDATES).best()
    return best.encoding if best is not None else None


def decode_csv(data):
    """(text, encoding) of a CSV file's bytes; ReadError (naming the encoding) if letters would be lost."""
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf_8_sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf_16"
    else:
        try:
            data.decode("utf_8")
            encoding = "utf_8"
        except UnicodeDecodeError:
            encoding = _guess_encoding(data)
    if encoding is None:
        raise ReadError(_("The CSV file is neither in UTF-8 nor in Windows-1251 (nor in another known Cyrillic "
                          "encoding): some bytes are not letters, so nothing was imported. Save the file as XLSX "
                          "or as “CSV UTF-8” and upload it again."))
    name = encoding_name(encoding)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise ReadError(_("The CSV file is not valid %(encoding)s: some bytes are not letters of this encoding, "
                          "so nothing was imported. Save the file as XLSX or as “CSV UTF-8” and upload it again.")
                        % {"encoding": name})
    if encoding not in ("utf_8", "utf_8_sig", "utf_16"):
        # a right code page turns every non-ASCII byte of a register into Cyrillic letters
        letters = len(_NON_ASCII_LETTER.findall(text))
        if letters and len(_CYRILLIC_LETTER.findall(text)) < letters / 2:
            raise ReadError(_("The CSV file looks like %(encoding)s, but its text is not readable in it: nothing "
                              "was imported. Save the file as XLSX or as “CSV UTF-8” and upload it again.")
                            % {"encoding": name})
    _check_letters(text, name)
    return text, encoding


def _line_and_word(text, index):
    start = max(text.rfind(ch, 0, index) for ch in "\n;,\t") + 1
    ends = [e for e in (text.find(ch, index) for ch in "\n;,\t\r") if e != -1]
    word = text[start:min(ends) if ends else len(text)].strip().strip('"')
    return text.count("\n", 0, index) + 1, word[:60]


def _check_letters(text, name):
    """Refuse text whose letters were already lost ("?", "\ufffd") or garbled (mojibake)."""
    lost = _LOST_LETTER.search(text) or re.search("\ufffd", text)
    if lost:
        row, word = _line_and_word(text, lost.start())
        raise ReadError(_("The CSV file is saved in %(encoding)s, and letters were lost in it (ө, ү, ң and others "
                          "became “?”), for example in row %(row)s: “%(word)s”. Nothing was imported. Save the "
                          "original spreadsheet as XLSX or as “CSV UTF-8” (Excel: File → Save as → CSV UTF-8) "
                          "and upload that file.") % {"encoding": name, "row": row, "word": word})
    garbled = list(_MOJIBAKE.finditer(text))
    if len(garbled) >= 3 and len(garbled) * 10 >= len(_CYRILLIC_LETTER.findall(text)):
        row, word = _line_and_word(text, garbled[0].start())
        raise ReadError(_("The CSV file is in %(encoding)s, but its letters are garbled, for example in row "
                          "%(row)s: “%(word)s” (it was converted with a wrong encoding before). Nothing was "
                          "imported. Save the original spreadsheet as XLSX or as “CSV UTF-8” and upload that file.")
                        % {"encoding": name, "row": row, "word": word})


def _read_csv(path):
    text, _encoding = decode_csv(Path(path).read_bytes())
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
