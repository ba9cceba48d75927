"""Import of students with parents and of staff: dry run, every row's errors, all or nothing."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import Workbook, load_workbook

from journal.register import factories as f
from journal.register.imports.columns import STAFF, STUDENTS
from journal.register.imports.values import parse_class_name, parse_date
from journal.register.models import Guardian, StaffMember, Student, StudentGuardian
from journal.register.services.imports import ImportRejected, import_apply, import_preview

from .import_helpers import student_row, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def preview_of(school, path, kind=STUDENTS, lang="ky"):
    with translation.override(lang):
        return import_preview(school=school, kind=kind, path=path)


def messages(preview):
    return [e.message for r in preview.rows for e in r.errors] + list(preview.file_errors)


# --- cell parsers -------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["5 А", "5А", "5 «А»", "5-А", '5 "А"', "5а", " 5  А ", "5 А класс"])
def test_class_names_schools_write(raw):
    assert parse_class_name(raw) == (5, "А")


@pytest.mark.parametrize("raw", ["А5", "12 А", "пятый", ""])
def test_bad_class_names(raw):
    with pytest.raises(ValueError):
        parse_class_name(raw)


@pytest.mark.parametrize("raw", ["14.03.2014", "14/03/2014", "2014-03-14", datetime.date(2014, 3, 14),
                                 datetime.datetime(2014, 3, 14, 0, 0), 41712])
def test_dates_in_every_accepted_form(raw):
    assert parse_date(raw) == datetime.date(2014, 3, 14)


@pytest.mark.parametrize("raw", ["31.02.2014", "14.03.14", "March 14", "2014/3"])
def test_bad_dates(raw):
    with pytest.raises(ValueError):
        parse_date(raw)


# --- students -------------------------------------------------------------------------------------

def test_valid_file_previews_without_writing_then_imports(small_school, tmp_path):
    s = small_school
    path = write_xlsx(tmp_path / "ok.xlsx", [student_row(1), student_row(2, cls="5Б", sex="f", guardians=2),
                                             student_row(3, cls="5 «А»", guardians=0)])
    before = Student.objects.count(), Guardian.objects.count()
    preview = preview_of(s.school, path)
    assert preview.is_valid, messages(preview)
    assert preview.ok_count == 3 and preview.new_guardians == 3
    assert (Student.objects.count(), Guardian.objects.count()) == before

    result = import_apply(school=s.school, kind=STUDENTS, path=path, user=s.deputy)
    assert result.created == 3 and result.guardians_created == 3
    second = Student.objects.get(last_name="Асанова2")
    assert second.class_group == s.class_b and second.sex == "f" and second.birth_date == datetime.date(2014, 3, 14)
    assert second.guardian_links.count() == 2
    relations = set(second.guardian_links.values_list("relation", flat=True))
    assert relations == {"mother", "father"}  # «эне» given, father guessed from the patronymic
    assert second.history.first().history_user == s.deputy


def test_each_kind_of_error_is_reported_in_the_users_language_and_nothing_is_written(small_school, tmp_path):
    s = small_school
    existing = s.students_a[0]
    existing.pin = "21403201400099"
    existing.birth_date = datetime.date(2014, 3, 14)
    existing.save()
    rows = [
        student_row(1),
        student_row(2, pin="12345"),  # bad PIN
        student_row(3, cls="5 Г"),  # unknown class
        student_row(4, birth_date="2014.31.12"),  # wrong date format
        student_row(5, first_name=""),  # missing required field
        student_row(6, pin="21403201400099"),  # PIN already in the register
        student_row(1, pin=False),  # same person as row 2 (name + birth date)
        student_row(8, last_name=existing.last_name, first_name=existing.first_name,
                    patronymic=existing.patronymic, pin=False),  # already in the register by name + birth date
    ]
    path = write_xlsx(tmp_path / "bad.xlsx", rows)
    count = Student.objects.count()
    preview = preview_of(s.school, path, lang="ky")
    assert not preview.is_valid
    by_row = {r.number: [e.message for e in r.errors] for r in preview.rows}
    with translation.override("ky"):
        assert by_row[2] == []
        assert gettext("The personal number (PIN) is 14 digits and starts with 1 or 2.") in by_row[3]
        assert by_row[4] == [gettext("There is no class %(name)s in the academic year %(year)s.")
                             % {"name": "5 «Г»", "year": s.year.name}]
        assert by_row[5] == [gettext("“%(value)s” is not a date: write it as dd.mm.yyyy, for example 01.09.2015.")
                             % {"value": "2014.31.12"}]
        assert by_row[6] == [gettext("This field is required.")]
        assert any(gettext("A student with this PIN is already in the register: %(name)s.")
                   % {"name": existing.full_name} == m for m in by_row[7])
        assert gettext("The same person as in row %(row)s.") % {"row": 2} in by_row[8]
        assert gettext("%(name)s, born %(date)s, is already in the register.") % {
            "name": existing.full_name, "date": "14.03.2014"} in by_row[9]

    with pytest.raises(ImportRejected) as rejected:
        import_apply(school=s.school, kind=STUDENTS, path=path, user=s.deputy)
    assert rejected.value.preview.error_count >= 7
    assert Student.objects.count() == count
    assert not Guardian.objects.filter(first_name="Жылдыз").exists()


def test_errors_in_russian_when_the_user_reads_russian(small_school, tmp_path):
    path = write_xlsx(tmp_path / "bad.xlsx", [student_row(1, cls="7 В")], lang="ru")
    preview = preview_of(small_school.school, path, lang="ru")
    with translation.override("ru"):
        expected = gettext("There is no class %(name)s in the academic year %(year)s.") % {
            "name": "7 «В»", "year": small_school.year.name}
    assert messages(preview) == [expected]


def test_headers_in_either_language_are_accepted(small_school, tmp_path):
    for lang in ("ky", "ru"):
        path = write_xlsx(tmp_path / f"{lang}.xlsx", [student_row(1)], lang=lang)
        assert preview_of(small_school.school, path, lang="ky" if lang == "ru" else "ru").is_valid


def test_header_row_below_a_title_and_unknown_columns(small_school, tmp_path):
    path = tmp_path / "titled.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Список учащихся 2026"])
    sheet.append(["Фамилия", "Имя", "Отчество", "Дата рождения", "Пол", "Класс", "Хобби"])
    sheet.append(["Токтогулов", "Эмир", "", "01.02.2015", "м", "5 А", "шахмат"])
    workbook.save(path)
    preview = preview_of(small_school.school, path)
    assert preview.is_valid, messages(preview)
    assert preview.rows[0].number == 3
    assert any("Хобби" in w for w in preview.warnings)


def test_missing_required_column_is_a_file_error(small_school, tmp_path):
    path = tmp_path / "nocls.xlsx"
    workbook = Workbook()
    workbook.active.append(["Фамилия", "Имя", "Дата рождения", "Пол"])
    workbook.active.append(["Токтогулов", "Эмир", "01.02.2015", "м"])
    workbook.save(path)
    preview = preview_of(small_school.school, path)
    assert not preview.is_valid and preview.file_errors


def test_not_a_spreadsheet(small_school, tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"not a zip")
    preview = preview_of(small_school.school, path)
    assert preview.file_errors and not preview.rows


def test_csv_semicolon_and_cp1251(small_school, tmp_path):
    # Windows-1251 has no Ң Ө Ү: the rows use Russian letters only
    rows = [student_row(1, address="Бишкек"), student_row(2, sex="f", address="Ош")]
    path = write_csv(tmp_path / "s.csv", rows, encoding="cp1251")
    preview = preview_of(small_school.school, path)
    assert preview.is_valid, messages(preview)
    result = import_apply(school=small_school.school, kind=STUDENTS, path=path)
    assert result.created == 2


def test_pin_gives_sex_and_birth_date_when_missing(small_school, tmp_path):
    row = student_row(1, sex="f")
    row["birth_date"] = None
    row["sex"] = None
    path = write_xlsx(tmp_path / "p.xlsx", [row])
    preview = preview_of(small_school.school, path)
    assert preview.is_valid, messages(preview)
    assert preview.rows[0].values["sex"] == "f"
    assert preview.rows[0].values["birth_date"] == datetime.date(2014, 3, 14)


def test_pin_mismatch_with_birth_date_and_sex_is_a_warning(small_school, tmp_path):
    path = write_xlsx(tmp_path / "p.xlsx", [student_row(1, sex="m", pin="11503201400001")])
    preview = preview_of(small_school.school, path)
    assert preview.is_valid  # the deputy overrides by confirming
    text = " ".join(w.message for w in preview.rows[0].warnings)
    with translation.override("ky"):
        assert gettext("The first digit of the personal number (PIN) does not match the sex (1 female, 2 male).") in text
        assert (gettext("The personal number (PIN) does not match the birth date %(date)s.")
                % {"date": "14.03.2014"}) in text


def test_siblings_share_one_parent_and_existing_parent_is_linked(small_school, tmp_path):
    s = small_school
    shared = {"g1_last_name": "Осмонова", "g1_first_name": "Гүлзат", "g1_patronymic": "Асановна",
              "g1_phone": "0555 11 22 33"}
    existing = {"g1_last_name": s.guardian.last_name, "g1_first_name": s.guardian.first_name,
                "g1_patronymic": s.guardian.patronymic, "g1_phone": s.guardian.phone}
    rows = [student_row(1, guardians=0, **shared), student_row(2, guardians=0, **shared),
            student_row(3, guardians=0, **existing)]
    path = write_xlsx(tmp_path / "sib.xlsx", rows)
    preview = preview_of(s.school, path)
    assert preview.is_valid, messages(preview)
    assert preview.new_guardians == 1 and preview.existing_guardians == 1
    result = import_apply(school=s.school, kind=STUDENTS, path=path)
    assert result.guardians_created == 1 and result.guardians_linked == 1
    mother = Guardian.objects.get(last_name="Осмонова")
    assert mother.child_links.count() == 2
    assert s.guardian.child_links.count() == 3


def test_guardian_without_name_is_an_error(small_school, tmp_path):
    path = write_xlsx(tmp_path / "g.xlsx", [student_row(1, guardians=0, g1_phone="+996 555 000 111")])
    preview = preview_of(small_school.school, path)
    assert not preview.is_valid and len(preview.rows[0].errors) == 2


def test_another_schools_people_are_not_duplicates(small_school, tmp_path):
    s = small_school
    other = s.other_student
    other.pin = "21403201400001"
    other.save()
    path = write_xlsx(tmp_path / "x.xlsx", [student_row(1)])
    assert preview_of(s.school, path).is_valid


def test_1500_rows_validate_and_import_with_few_queries(small_school, tmp_path, django_assert_max_num_queries):
    rows = [student_row(n, cls=("5 А" if n % 2 else "5 Б"), sex=("m" if n % 3 else "f"), guardians=1 + n % 2)
            for n in range(1, 1501)]
    path = write_xlsx(tmp_path / "big.xlsx", rows)
    with django_assert_max_num_queries(10):
        preview = preview_of(small_school.school, path)
    assert preview.is_valid and preview.ok_count == 1500
    # validation (≈5) + batches of 500: students, guardians and links with their history rows
    with django_assert_max_num_queries(40):
        result = import_apply(school=small_school.school, kind=STUDENTS, path=path)
    assert result.created == 1500 and result.guardians_created == 2250
    assert StudentGuardian.objects.filter(student__school=small_school.school).count() >= 2250


def test_template_headers_in_the_users_language(small_school, tmp_path):
    from journal.register.imports.template_files import template_csv, template_xlsx

    for lang in ("ky", "ru"):
        with translation.override(lang):
            data = template_xlsx(STUDENTS)
            expected = gettext("Surname") + " *"
        path = tmp_path / f"t-{lang}.xlsx"
        path.write_bytes(data)
        assert load_workbook(path).worksheets[0]["A1"].value == expected
        assert len(load_workbook(path).worksheets) == 2
        # an empty template is read back as "no rows", not as a broken file
        preview = preview_of(small_school.school, path)
        assert preview.file_errors == [gettext("The file has no rows below the header.")] or preview.file_errors
    with translation.override("ru"):
        assert template_csv(STAFF).decode("utf-8-sig").startswith(gettext("Surname") + " *;")


# --- staff ------------------------------------------------------------------------------------------

def staff_row(n, **extra):
    row = {"last_name": f"Садыкова{n}", "first_name": "Мээрим", "patronymic": "Бакытовна",
           "position": "Мугалим", "qualification": "биринчи", "total_experience": 12, "specialty_experience": 10,
           "phone": "+996 555 123 456", "email": f"t{n}@mektep.kg", "hired_on": "01.09.2015",
           "subjects": "Математика"}
    row.update(extra)
    return row


def test_staff_import(small_school, tmp_path):
    s = small_school
    path = write_xlsx(tmp_path / "staff.xlsx", [staff_row(1), staff_row(2, position="Librarian", subjects="")],
                      kind=STAFF)
    preview = preview_of(s.school, path, kind=STAFF)
    assert preview.is_valid, messages(preview)
    result = import_apply(school=s.school, kind=STAFF, path=path, user=s.sysadmin)
    assert result.created == 2
    teacher = StaffMember.objects.get(last_name="Садыкова1")
    assert teacher.position == "teacher" and teacher.qualification == "first"
    assert list(teacher.subjects.all()) == [s.math]
    assert teacher.hired_on == datetime.date(2015, 9, 1)
    librarian = StaffMember.objects.get(last_name="Садыкова2")
    assert librarian.position == "librarian" and not librarian.is_teaching


def test_staff_errors(small_school, tmp_path):
    s = small_school
    existing = s.teacher
    rows = [staff_row(1, position="космонавт"), staff_row(2, subjects="Астрология"),
            staff_row(3, total_experience="много"), staff_row(4, email="not-an-email"),
            staff_row(5, last_name=existing.last_name, first_name=existing.first_name, patronymic=existing.patronymic),
            staff_row(6, specialty_experience=20)]
    path = write_xlsx(tmp_path / "staff.xlsx", rows, kind=STAFF)
    count = StaffMember.objects.count()
    preview = preview_of(s.school, path, kind=STAFF)
    assert all(not r.ok for r in preview.rows)
    with pytest.raises(ImportRejected):
        import_apply(school=s.school, kind=STAFF, path=path)
    assert StaffMember.objects.count() == count


def test_an_error_at_write_time_rolls_everything_back(small_school, tmp_path, monkeypatch):
    """All or nothing even when the database refuses a row after others were written."""
    from journal.register.services import imports as service

    path = write_xlsx(tmp_path / "ok.xlsx", [student_row(n) for n in range(1, 6)])
    count = Student.objects.count()
    monkeypatch.setattr(service, "BATCH_SIZE", 2)
    original = service.bulk_create_with_history

    def failing(objs, model, **kwargs):
        if model is Guardian:
            raise RuntimeError("disk full")
        return original(objs, model, **kwargs)

    monkeypatch.setattr(service, "bulk_create_with_history", failing)
    with pytest.raises(RuntimeError):
        import_apply(school=small_school.school, kind=STUDENTS, path=path)
    assert Student.objects.count() == count


def test_no_current_year(school, tmp_path):
    f.AcademicYearFactory(school=school, is_current=False)
    path = write_xlsx(tmp_path / "a.xlsx", [student_row(1)])
    preview = preview_of(school, path)
    assert preview.file_errors


# --- pages and access ------------------------------------------------------------------------------



def upload(client, path, kind=STUDENTS):
    url = reverse("journal:import_students" if kind == STUDENTS else "journal:import_staff")
    with open(path, "rb") as fh:
        return client.post(url, {"file": SimpleUploadedFile(path.name, fh.read())})


@pytest.mark.parametrize("url_name", ["journal:import_students", "journal:import_staff"])
@pytest.mark.parametrize("role,status", [
    ("director", 403), ("deputy", 200), ("sysadmin", 200), ("classteacher", 403), ("teacher", 403),
    ("student", 403), ("parent", 403), ("teacher_other_school", 403),
])
def test_import_pages_access(client, small_school, url_name, role, status):
    from portal.models import User

    client.force_login(User.objects.get(username=role))
    assert client.get(reverse(url_name)).status_code == status
    assert client.get(reverse("journal:import_template", args=["students", "xlsx"])).status_code == status


def test_anonymous_import(client, small_school):
    response = client.get(reverse("journal:import_students"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_upload_preview_confirm(client, small_school, tmp_path):
    s = small_school
    client.force_login(s.deputy)
    bad = write_xlsx(tmp_path / "bad.xlsx", [student_row(1), student_row(2, cls="9 Я")])
    response = upload(client, bad)
    assert response.status_code == 302
    preview_url = response["Location"]
    page = client.get(preview_url)
    assert page.status_code == 200 and not page.context["preview"].is_valid
    with translation.override("ky"):
        expected = gettext("There is no class %(name)s in the academic year %(year)s.") % {
            "name": "9 «Я»", "year": s.year.name}
    assert expected in page.content.decode()
    # confirming a file with errors writes nothing
    count = Student.objects.count()
    page = client.post(preview_url, {"confirm": "1"})
    assert page.status_code == 200 and Student.objects.count() == count

    good = write_xlsx(tmp_path / "good.xlsx", [student_row(1), student_row(2)])
    response = upload(client, good)
    preview_url = response["Location"]
    assert client.get(preview_url).context["preview"].is_valid
    response = client.post(preview_url, {"confirm": "1"})
    assert response.status_code == 302 and response["Location"].endswith("/import/students/done/")
    assert Student.objects.count() == count + 2
    done = client.get(response["Location"])
    assert done.context["done"]["created"] == 2
    # the kept file is gone; the token cannot be used again
    assert client.post(preview_url, {"confirm": "1"}).status_code == 404
    assert Student.objects.count() == count + 2


def test_token_of_another_user_is_useless(client, small_school, tmp_path):
    s = small_school
    client.force_login(s.deputy)
    response = upload(client, write_xlsx(tmp_path / "good.xlsx", [student_row(1)]))
    preview_url = response["Location"]
    client.logout()
    client.force_login(s.sysadmin)
    assert client.get(preview_url).status_code == 404
    assert client.post(preview_url, {"confirm": "1"}).status_code == 404
    client.force_login(s.director)
    assert client.get(preview_url).status_code == 403


def test_cancel_discards_the_file(client, small_school, tmp_path, settings):
    from journal.register.services.imports import upload_dir

    s = small_school
    client.force_login(s.deputy)
    response = upload(client, write_xlsx(tmp_path / "good.xlsx", [student_row(1)]))
    preview_url = response["Location"]
    stored = list(upload_dir().iterdir())
    assert len(stored) == 1 and "good" not in stored[0].name
    # kept out of the public media folder (served at /media/)
    assert not str(upload_dir()).startswith(str(settings.MEDIA_ROOT))
    client.post(preview_url, {"cancel": "1"})
    assert not list(upload_dir().iterdir())


def test_wrong_file_type_is_refused_at_upload(client, small_school, tmp_path):
    client.force_login(small_school.deputy)
    path = tmp_path / "list.docx"
    path.write_bytes(b"x")
    response = upload(client, path)
    assert response.status_code == 200 and response.context["form"].errors


def test_staff_upload_in_russian(client, small_school, tmp_path):
    client.force_login(small_school.deputy)
    path = write_xlsx(tmp_path / "staff.xlsx", [staff_row(1)], kind=STAFF, lang="ru")
    response = client.post(reverse("journal:import_staff"), {
        "file": SimpleUploadedFile("staff.xlsx", path.read_bytes())}, HTTP_ACCEPT_LANGUAGE="ru")
    preview_url = response["Location"]
    assert client.get(preview_url).context["preview"].is_valid
    assert client.post(preview_url, {"confirm": "1"}).status_code == 302
    assert StaffMember.objects.filter(last_name="Садыкова1").exists()
