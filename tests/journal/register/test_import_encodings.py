"""CSV files as Excel and other programs save them: every encoding read right, or refused by name."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from journal.register.imports.columns import STUDENTS
from journal.register.imports.reader import ReadError, decode_csv
from journal.register.models import Guardian, Student
from journal.register.services.imports import ImportRejected, import_apply, import_preview

from .import_helpers import COLUMNS, headers, student_row

pytestmark = pytest.mark.django_db

KYRGYZ = {"last_name": "Өмүрбекова", "first_name": "Үмүт", "patronymic": "Эсеңгуловна"}
RUSSIAN = {"last_name": "Ёлкина", "first_name": "Юлия", "patronymic": "Щербаковна"}


def csv_text(rows, lang="ky"):
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers(STUDENTS, lang))
    for row in rows:
        writer.writerow(["" if row.get(c.key) is None else row.get(c.key) for c in COLUMNS[STUDENTS]])
    return out.getvalue()


def rows_with(names, sex="f"):
    return [student_row(n, sex=sex, address="Бишкек", g1_last_name=None, g1_first_name=None, g1_patronymic=None,
                        g1_phone=None, g1_relation=None, **name)
            for n, name in enumerate(names, start=1)]


def write(tmp_path, data, name="s.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def preview_of(school, path, lang="ky"):
    with translation.override(lang):
        return import_preview(school=school, kind=STUDENTS, path=path)


@pytest.mark.parametrize("encoding,bom", [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
])
def test_unicode_files_keep_kyrgyz_letters(small_school, tmp_path, encoding, bom):
    rows = rows_with([KYRGYZ, RUSSIAN])
    path = write(tmp_path, bom + csv_text(rows).encode(encoding))
    preview = preview_of(small_school.school, path)
    assert preview.is_valid, (preview.file_errors, [r.errors for r in preview.rows])
    assert [r.full_name for r in preview.rows] == ["Өмүрбекова Үмүт Эсеңгуловна", "Ёлкина Юлия Щербаковна"]
    result = import_apply(school=small_school.school, kind=STUDENTS, path=path)
    assert result.created == 2
    assert Student.objects.filter(last_name="Өмүрбекова", first_name="Үмүт", patronymic="Эсеңгуловна").exists()


def test_windows_1251_with_russian_letters_only_is_read(small_school, tmp_path):
    rows = rows_with([RUSSIAN, {"last_name": "Иванова", "first_name": "Мария", "patronymic": "Петровна"}])
    path = write(tmp_path, csv_text(rows, lang="ru").encode("cp1251"))
    preview = preview_of(small_school.school, path)
    assert preview.is_valid, preview.file_errors
    assert preview.rows[0].full_name == "Ёлкина Юлия Щербаковна"


def test_windows_1251_that_lost_kyrgyz_letters_is_refused(small_school, tmp_path):
    # what Excel's "CSV (comma delimited)" writes on a Russian Windows: ө ү ң become "?"
    rows = rows_with([RUSSIAN, KYRGYZ])
    data = csv_text(rows, lang="ru").encode("cp1251", errors="replace")
    assert b"?" in data
    path = write(tmp_path, data)
    count = Student.objects.count()
    for lang in ("ky", "ru"):
        preview = preview_of(small_school.school, path, lang=lang)
        assert not preview.is_valid and not preview.rows
        message = preview.file_errors[0]
        assert "Windows-1251" in message and "?" in message and "3" in message  # row 3 (header is row 1)
        assert "?м?рбекова" in message
    with translation.override("ru"):
        ru_message = preview_of(small_school.school, path, lang="ru").file_errors[0]
    with translation.override("ky"):
        ky_message = preview_of(small_school.school, path, lang="ky").file_errors[0]
    assert ru_message != ky_message or translation.gettext("Nothing was imported.") == "Nothing was imported."
    with pytest.raises(ImportRejected):
        import_apply(school=small_school.school, kind=STUDENTS, path=path)
    assert Student.objects.count() == count


@pytest.mark.parametrize("text", ["Ас?нов", "?мүр", "Те?;"])
def test_question_mark_in_a_cyrillic_word_is_a_lost_letter(text):
    with pytest.raises(ReadError):
        decode_csv(("Фамилия;Имя\n" + text + ";Бакыт\n").encode("utf-8"))


def test_question_mark_elsewhere_is_text():
    text, encoding = decode_csv("Фамилия;Примечание\nАсанов;? 5\n".encode("cp1251"))
    assert encoding == "cp1251" and "Асанов" in text


def test_undecodable_bytes_are_refused_naming_the_encoding():
    # valid Windows-1251 except 0x98, which is no character in it
    data = "Фамилия;Имя\nАсанов;Бакыт\nИванов;Петр\n".encode("cp1251") + b"\x98\x98\n"
    with pytest.raises(ReadError) as error:
        decode_csv(data)
    assert "Windows-1251" in str(error.value)


def test_broken_utf_8_with_bom_is_refused():
    data = b"\xef\xbb\xbf" + "Фамилия;Имя\n".encode() + b"\xd0\n"
    with pytest.raises(ReadError) as error:
        decode_csv(data)
    assert "UTF-8" in str(error.value)


@pytest.mark.parametrize("wrong", ["cp1251", "latin-1"])
def test_mojibake_is_refused(wrong):
    # UTF-8 bytes once opened as Windows-1251 / Latin-1 and saved again as UTF-8
    original = "Фамилия;Имя\nАсанов;Бакыт\nИванова;Мария\n".encode()
    garbled = original.decode(wrong, errors="ignore").encode("utf-8")
    with pytest.raises(ReadError) as error:
        decode_csv(garbled)
    assert "UTF-8" in str(error.value)


def test_other_cyrillic_code_page_is_named_and_read():
    text, encoding = decode_csv("Фамилия;Имя;Отчество\nАсанов;Бакыт;Нурланович\nИванова;Мария;Петровна\n"
                                .encode("koi8_r"))
    assert encoding == "koi8_r" and "Иванова" in text


# --- through the upload pages ----------------------------------------------------------------------

def upload(client, name, data):
    return client.post(reverse("journal:import_students"), {"file": SimpleUploadedFile(name, data)})


@pytest.mark.parametrize("encoding,bom", [("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe")])
def test_upload_view_previews_kyrgyz_names(client, small_school, encoding, bom):
    client.force_login(small_school.deputy)
    response = upload(client, "excel.csv", bom + csv_text(rows_with([KYRGYZ])).encode(encoding))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.context["preview"].is_valid
    assert "Өмүрбекова Үмүт Эсеңгуловна" in page.content.decode()
    response = client.post(response["Location"], {"confirm": "1"})
    assert response.status_code == 302
    assert Student.objects.filter(last_name="Өмүрбекова").count() == 1


def test_upload_view_refuses_a_file_that_lost_letters(client, small_school):
    client.force_login(small_school.deputy)
    students, guardians = Student.objects.count(), Guardian.objects.count()
    data = csv_text(rows_with([KYRGYZ]), lang="ru").encode("cp1251", errors="replace")
    response = upload(client, "excel.csv", data)
    preview_url = response["Location"]
    page = client.get(preview_url)
    assert not page.context["preview"].is_valid
    assert "Windows-1251" in page.content.decode()
    page = client.post(preview_url, {"confirm": "1"})
    assert page.status_code == 200
    assert Student.objects.count() == students and Guardian.objects.count() == guardians
