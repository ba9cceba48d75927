"""manage.py import_register: dry run, import with progress, errors write nothing."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.translation import gettext

from journal.register.models import Guardian, StaffMember, Student

from .import_helpers import student_row, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("import_register", *args, stdout=out)
    return out.getvalue()


def test_dry_run_writes_nothing(small_school, tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", [student_row(n) for n in range(1, 4)])
    count = Student.objects.count()
    out = run("--kind", "students", "--school", "school-a", "--dry-run", str(path))
    assert "3 rows, 3 correct" in out and "Nothing was written" in out
    assert Student.objects.count() == count


def test_import_prints_progress(small_school, tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", [student_row(n, guardians=2) for n in range(1, 6)])
    out = run("--kind", "students", "--school", "school-a", "--user", "deputy", str(path))
    assert "students: 5/5" in out and "Imported 5 students" in out and "10 new parents" in out
    student = Student.objects.get(last_name="Асанов3")
    assert student.history.first().history_user.username == "deputy"
    assert Guardian.objects.filter(child_links__student=student).count() == 2


def test_errors_fail_and_write_nothing(small_school, tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", [student_row(1), student_row(2, cls="12 А")])
    count = Student.objects.count()
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_register", "--kind", "students", "--school", "school-a", str(path), stdout=out)
    assert Student.objects.count() == count
    with translation.override("ky"):
        assert gettext("“%(value)s”: the grade must be from 1 to 11.") % {"value": "12 А"} in out.getvalue()
    assert "row 3" in out.getvalue()


def test_dry_run_with_errors_fails_in_russian(small_school, tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", [student_row(1, pin="2")])
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("import_register", "--kind", "students", "--school", "school-a", "--dry-run", "--lang", "ru",
                     str(path), stdout=out)
    with translation.override("ru"):
        assert gettext("The personal number (PIN) is 14 digits and starts with 1 or 2.") in out.getvalue()


def test_staff_csv(small_school, tmp_path):
    rows = [{"last_name": "Калыкова", "first_name": "Чолпон", "position": "Мугалим", "email": "ch@mektep.kg"}]
    path = write_csv(tmp_path / "staff.csv", rows, kind="staff")
    out = run("--kind", "staff", "--school", "school-a", str(path))
    assert "Imported 1 staff" in out
    assert StaffMember.objects.get(last_name="Калыкова").position == "teacher"


def test_unknown_school_and_file(small_school, tmp_path):
    with pytest.raises(CommandError):
        run("--kind", "students", "--school", "nope", str(tmp_path / "none.xlsx"))
    path = write_xlsx(tmp_path / "s.xlsx", [student_row(1)])
    with pytest.raises(CommandError):
        run("--kind", "students", "--school", "nope", str(path))
    # another school's import does not see this school's classes (school B has no 5 «Б»)
    path = write_xlsx(tmp_path / "b.xlsx", [student_row(1, cls="5 Б")])
    run("--kind", "students", "--school", "school-a", "--dry-run", str(path))
    with pytest.raises(CommandError):
        run("--kind", "students", "--school", "school-b", "--dry-run", str(path))
