"""Import of students (with their parents) and staff from XLSX/CSV: dry run, then all or nothing.

The flow: the uploaded file is kept under the private media root (imports/) with a random name (the token kept
in the user's session), `import_preview` validates it without writing, `import_apply` validates it
again and writes everything in one transaction with bulk inserts (a fixed number of queries per
batch, never per row), history included."""

import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from journal.register.imports.columns import KINDS, STAFF, STUDENTS
from journal.register.imports.reader import file_format
from journal.register.imports.validate import ImportPreview, validate_file
from journal.register.models import ClassGroup, Guardian, StaffMember, Student, StudentGuardian, StudentStatus
from journal.register.services.public_profile import staff_public_record_many
from portal.public_cache import purge_school

BATCH_SIZE = 500
UPLOAD_MAX_AGE_S = 24 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


class ImportRejected(Exception):
    """The file has errors: nothing was written. `preview` holds every error."""

    def __init__(self, preview):
        super().__init__("import rejected")
        self.preview = preview


@dataclass
class ImportResult:
    kind: str
    created: int
    guardians_created: int = 0
    guardians_linked: int = 0
    seconds: float = 0.0


def _noop(stage, done, total):
    pass


# --- the uploaded file between the preview and the confirmation --------------------------------

def upload_dir():
    """Uploaded files wait outside the public MEDIA_ROOT (served at /media/): in
    PRIVATE_MEDIA_ROOT/imports (default MEDIA_ROOT/../private-media/imports), as the consent scans."""
    private = getattr(settings, "PRIVATE_MEDIA_ROOT", None) or Path(settings.MEDIA_ROOT).parent / "private-media"
    return Path(private) / "imports"


def import_upload_store(*, uploaded_file):
    """Keep an uploaded file for the preview → confirm round trip. Returns (token, filename).

    The name is random (not guessable) and keeps only the extension of the user's file."""
    ext = file_format(uploaded_file.name) or ".bin"
    directory = upload_dir()
    directory.mkdir(parents=True, exist_ok=True)
    _cleanup(directory)
    token = secrets.token_urlsafe(24)
    with open(directory / f"{token}{ext}", "wb") as out:
        for chunk in uploaded_file.chunks():
            out.write(chunk)
    return token, Path(uploaded_file.name).name[:200]


def import_upload_path(token):
    if not token or not _TOKEN.match(token):
        return None
    for ext in (".xlsx", ".csv", ".bin"):
        path = upload_dir() / f"{token}{ext}"
        if path.exists():
            return path
    return None


def import_upload_discard(token):
    path = import_upload_path(token)
    if path is not None:
        path.unlink(missing_ok=True)


def _cleanup(directory):
    limit = time.time() - UPLOAD_MAX_AGE_S
    for path in directory.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            continue


# --- dry run and import --------------------------------------------------------------------------

def import_preview(*, school, kind, path, filename=None) -> ImportPreview:
    """Validate a file without writing anything."""
    if kind not in KINDS:
        raise ValueError(kind)
    return validate_file(school=school, kind=kind, path=path, filename=filename or Path(path).name)


def import_apply(*, school, kind, path, filename=None, user=None, progress=None) -> ImportResult:
    """Validate the file again and write all rows in one transaction, or raise ImportRejected.

    `progress(stage, done, total)` is called while writing (the command prints it)."""
    progress = progress or _noop
    started = time.monotonic()
    progress("validate", 0, 1)
    preview = import_preview(school=school, kind=kind, path=path, filename=filename)
    if not preview.is_valid:
        raise ImportRejected(preview)
    with transaction.atomic():
        if kind == STUDENTS:
            result = _write_students(school=school, preview=preview, user=user, progress=progress)
        else:
            result = _write_staff(school=school, preview=preview, user=user, progress=progress)
        purge_school(school)  # bulk inserts send no signals: the public figures change after the commit
    result.seconds = time.monotonic() - started
    return result


def _batches(items):
    for start in range(0, len(items), BATCH_SIZE):
        yield items[start:start + BATCH_SIZE]


def _clean_all(objs, exclude=()):
    """Field validation of every object (uniqueness was checked for the whole file at once)."""
    for obj in objs:
        obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)


def _write_students(*, school, preview, user, progress):
    rows = preview.rows
    total = len(rows)
    # related objects are set as instances: the history rows read them, and must not query per row
    classes = {c.pk: c for c in ClassGroup.objects.filter(pk__in={r.values["class_group_id"] for r in rows})}
    students = []
    for row in rows:
        data = row.values
        students.append(Student(
            school=school,
            last_name=data["last_name"], first_name=data["first_name"], patronymic=data["patronymic"],
            birth_date=data["birth_date"], sex=data["sex"], pin=data["pin"], address=data["address"],
            class_group=classes[data["class_group_id"]], status=StudentStatus.STUDYING, enrolled_on=data["enrolled_on"],
        ))
    _clean_all(students, exclude=("school", "class_group", "user"))
    done = 0
    for batch in _batches(students):
        bulk_create_with_history(batch, Student, batch_size=BATCH_SIZE, default_user=user,
                                 default_change_reason="import")
        done += len(batch)
        progress("students", done, total)

    guardians_by_key, new_guardians = {}, []
    for row in rows:
        for g in row.guardians:
            if g.existing_id or g.key in guardians_by_key:
                continue
            data = g.values
            guardian = Guardian(
                school=school, last_name=data["last_name"], first_name=data["first_name"],
                patronymic=data["patronymic"], phone=data["phone"], email=data["email"], workplace=data["workplace"],
            )
            guardians_by_key[g.key] = guardian
            new_guardians.append(guardian)
    _clean_all(new_guardians, exclude=("school", "user"))
    done = 0
    for batch in _batches(new_guardians):
        bulk_create_with_history(batch, Guardian, batch_size=BATCH_SIZE, default_user=user,
                                 default_change_reason="import")
        done += len(batch)
        progress("guardians", done, len(new_guardians))

    existing = Guardian.objects.in_bulk({g.existing_id for r in rows for g in r.guardians if g.existing_id})
    links = []
    for student, row in zip(students, rows, strict=True):
        for g in row.guardians:
            guardian = existing[g.existing_id] if g.existing_id else guardians_by_key[g.key]
            links.append(StudentGuardian(student=student, guardian=guardian, relation=g.values["relation"]))
    for batch in _batches(links):
        bulk_create_with_history(batch, StudentGuardian, batch_size=BATCH_SIZE, default_user=user,
                                 default_change_reason="import")
    progress("links", len(links), len(links))
    return ImportResult(kind=STUDENTS, created=len(students), guardians_created=len(new_guardians),
                        guardians_linked=len(existing))


def _write_staff(*, school, preview, user, progress):
    rows = preview.rows
    members = []
    for row in rows:
        data = dict(row.values)
        subject_ids = data.pop("subject_ids")
        member = StaffMember(school=school, **data)
        member._subject_ids = subject_ids
        members.append(member)
    _clean_all(members, exclude=("school", "user", "photo"))
    done = 0
    for batch in _batches(members):
        bulk_create_with_history(batch, StaffMember, batch_size=BATCH_SIZE, default_user=user,
                                 default_change_reason="import")
        done += len(batch)
        progress("staff", done, len(members))
    Through = StaffMember.subjects.through
    links = [Through(staffmember_id=m.pk, subject_id=sid) for m in members for sid in m._subject_ids]
    Through.objects.bulk_create(links, batch_size=BATCH_SIZE)
    staff_public_record_many(members=members, user=user)  # shown on the public site once approved (R-S15)
    return ImportResult(kind=STAFF, created=len(members))
