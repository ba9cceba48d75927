"""The year-end archive (issue 10 §4, R-J21): the ZIP and its manifest, versions, the read-only
archived year with the deputy's logged correction, and who may see and download the archive."""

import datetime
import hashlib
import io
import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from journal.archive.models import ArchiveState, YearArchive
from journal.archive.services.archive import archive_request
from journal.gradebook import factories as gf
from journal.gradebook.models import Grade, PeriodGrade, PeriodGradeSpecial
from journal.gradebook.services.attendance import attendance_set
from journal.gradebook.services.grades import grade_set
from journal.gradebook.services.lessons import lesson_add, lesson_update
from journal.gradebook.services.period_grades import period_grade_set
from journal.register import factories as f
from journal.register.models import PeriodKind

D = datetime.date


@pytest.fixture
def archive_school(small_school, settings, tmp_path):
    """The small school with a year period, period grades in two periods, lessons with grades."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    s = small_school
    s.year_period = f.StudyPeriodFactory(year=s.year, kind=PeriodKind.YEAR, number=1, start=s.year.start,
                                         end=s.year.end)
    s.lesson = gf.LessonFactory(assignment=s.assignment_a, date=D(2026, 11, 12))
    for student, value in zip(s.students_a, (5, 4, 3, 2, 5), strict=True):
        gf.GradeFactory(lesson=s.lesson, student=student, value=value)
        gf.PeriodGradeFactory(assignment=s.assignment_a, student=student, period=s.period, value=value)
        gf.PeriodGradeFactory(assignment=s.assignment_a, student=student, period=s.year_period, value=value)
    gf.PeriodGradeFactory(assignment=s.assignment_b, student=s.students_b[0], period=s.period, value=None,
                          special=PeriodGradeSpecial.NOT_CERTIFIED)
    return s


def _generate(s, django_capture_on_commit_callbacks, by=None):
    with django_capture_on_commit_callbacks(execute=True):
        archive = archive_request(school=s.school, year=s.year, by=by or s.deputy)
    archive.refresh_from_db()
    return archive


def _zip(archive):
    with archive.file.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def test_zip_holds_every_document_with_a_true_manifest(archive_school, django_capture_on_commit_callbacks):
    s = archive_school
    archive = _generate(s, django_capture_on_commit_callbacks)
    assert archive.state == ArchiveState.DONE and archive.version == 1
    # 2 classes × (1 journal + 2 period sheets (quarter, year) + year statement) + movement
    assert (archive.done, archive.total) == (9, 9)
    zf = _zip(archive)
    names = set(zf.namelist())
    for folder, assignment in (("5-а", s.assignment_a), ("5-б", s.assignment_b)):
        assert f"{folder}/journal-математика-{assignment.pk}.pdf" in names
        assert f"{folder}/period-sheet-quarter-2-{s.period.pk}.pdf" in names
        assert f"{folder}/period-sheet-year-1-{s.year_period.pk}.pdf" in names
        assert f"{folder}/year-statement.pdf" in names
    assert {"movement.pdf", "manifest.json", "SHA256SUMS"} <= names
    manifest = json.loads(zf.read("manifest.json"))
    assert manifest["version"] == 1 and manifest["year"] == s.year.name
    assert {m["file"] for m in manifest["files"]} == names - {"manifest.json", "SHA256SUMS"}
    for entry in manifest["files"]:
        data = zf.read(entry["file"])
        assert data.startswith(b"%PDF")
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    sums = dict(reversed(line.split("  ", 1)) for line in zf.read("SHA256SUMS").decode().splitlines())
    assert sums == {m["file"]: m["sha256"] for m in manifest["files"]}
    kinds = {(m["class"], m["document"]) for m in manifest["files"]}
    assert (str(s.class_a), "year_statement") in kinds and ("", "movement") in kinds
    with archive.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == archive.sha256
    s.year.refresh_from_db()
    assert s.year.archived_at is not None


def test_year_statement_prints_period_and_year_grades_in_kyrgyz(archive_school, django_capture_on_commit_callbacks):
    import subprocess

    s = archive_school
    archive = _generate(s, django_capture_on_commit_callbacks)
    data = _zip(archive).read("5-а/year-statement.pdf")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout
    text = text.decode()
    assert "Математика" in text and s.students_a[0].short_name in text
    assert "№1 орто мектеби" in text  # PT Sans embedded: ү, ө, ң print as letters


def test_a_second_generation_keeps_the_first(archive_school, django_capture_on_commit_callbacks):
    s = archive_school
    first = _generate(s, django_capture_on_commit_callbacks)
    second = _generate(s, django_capture_on_commit_callbacks)
    assert (first.version, second.version) == (1, 2)
    assert first.file.name != second.file.name
    assert first.file.storage.exists(first.file.name) and second.file.storage.exists(second.file.name)
    assert YearArchive.objects.filter(year=s.year, state=ArchiveState.DONE).count() == 2


def test_only_the_deputy_generates(archive_school):
    s = archive_school
    for user in (s.director, s.sysadmin, s.teacher_user, s.parent_user):
        with pytest.raises(PermissionDenied):
            archive_request(school=s.school, year=s.year, by=user)
    assert not YearArchive.objects.exists()


def test_a_running_archive_refuses_another(archive_school):
    s = archive_school
    YearArchive.objects.create(school=s.school, year=s.year, version=1, state=ArchiveState.RUNNING)
    with pytest.raises(ValidationError):
        archive_request(school=s.school, year=s.year, by=s.deputy)


def test_archived_year_is_read_only_except_the_deputys_logged_correction(
        archive_school, django_capture_on_commit_callbacks):
    s = archive_school
    student = s.students_a[0]
    grade_set(lesson=s.lesson, student=student, value=4, by=s.teacher_user, position=1)  # open before
    _generate(s, django_capture_on_commit_callbacks)
    s.lesson.refresh_from_db()
    grade = Grade.objects.get(lesson=s.lesson, student=student, position=0)
    with pytest.raises(PermissionDenied, match="archived|архив"):  # in the active language
        grade_set(lesson=s.lesson, student=student, value=3, by=s.teacher_user, version=grade.version)
    with pytest.raises(PermissionDenied):
        attendance_set(lesson=s.lesson, student=s.students_a[1], status="ill", by=s.teacher_user)
    with pytest.raises(PermissionDenied):
        period_grade_set(period=s.year_period, assignment=s.assignment_a, student=student, value=4,
                         by=s.teacher_user, version=1)
    with pytest.raises(PermissionDenied):
        lesson_update(lesson=s.lesson, by=s.teacher_user, version=s.lesson.version, topic="Жаңы тема")
    with pytest.raises(PermissionDenied):
        lesson_add(assignment=s.assignment_a, date=D(2026, 11, 13), by=s.teacher_user)
    # the deputy without a reason: refused; with a reason: written and logged with it
    with pytest.raises(ValidationError):
        grade_set(lesson=s.lesson, student=student, value=3, by=s.deputy, version=grade.version)
    grade_set(lesson=s.lesson, student=student, value=3, by=s.deputy, version=grade.version,
              reason="Ката оңдолду")
    grade.refresh_from_db()
    assert grade.value == 3
    last = grade.history.order_by("-history_id").first()
    assert (last.history_change_reason, last.history_user) == ("Ката оңдолду", s.deputy)
    pg = PeriodGrade.objects.get(period=s.year_period, assignment=s.assignment_a, student=student)
    period_grade_set(period=s.year_period, assignment=s.assignment_a, student=student, value=4, by=s.deputy,
                     version=pg.version, reason="Ведомость боюнча")
    pg.refresh_from_db()
    assert pg.value == 4
    assert pg.history.order_by("-history_id").first().history_change_reason == "Ведомость боюнча"
