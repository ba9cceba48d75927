"""Generate a year's archive (R-J21): the printed forms of every class in a ZIP with a manifest
(JSON: file, class, document, SHA-256) and a SHA256SUMS file, saved in private storage as a new
version (earlier versions are kept). The first finished archive marks the year archived: the
journal of the year is then read-only except the deputy's corrections with a reason
(journal.gradebook.services.common.is_date_locked / is_period_locked)."""

import datetime
import hashlib
import json
import tempfile
import time
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from journal.register.models import AcademicYear, ClassGroup, PeriodKind, StudyPeriod, TeachingAssignment
from portal import access

from .. import documents
from ..models import ArchiveState, YearArchive

MANIFEST = "manifest.json"
STALE_AFTER = datetime.timedelta(hours=2)
SUMS = "SHA256SUMS"


@dataclass
class Document:
    path: str
    class_label: str
    kind: str  # journal, period_sheet, year_statement, movement
    build: callable  # () -> PDF bytes
    title: str = ""


def _folder(class_group):
    return slugify(f"{class_group.grade}-{class_group.letter}", allow_unicode=True) or f"class-{class_group.pk}"


def year_documents(year):
    """Every document of the year's archive, in order (built lazily, one at a time). A query for
    the classes, one for the periods, one for the subjects."""
    school = year.school
    classes = list(ClassGroup.objects.filter(year=year).select_related("class_teacher", "year")
                   .order_by("grade", "letter"))
    periods = list(StudyPeriod.objects.filter(year=year).order_by("start", "kind"))
    assignments = {}
    for a in (TeachingAssignment.objects.filter(class_group__year=year)
              .select_related("subject", "teacher", "class_group", "year")
              .order_by("subject__order", "subject__name_ky", "subgroup", "pk")):
        assignments.setdefault(a.class_group_id, []).append(a)
    out = []
    for class_group in classes:
        folder = _folder(class_group)
        label = str(class_group)
        covering = [p for p in periods if p.covers_grade(class_group.grade)]
        # the journal of a subject for the whole year; a grade without a «year» period: per period
        whole_year = [p for p in covering if p.kind == PeriodKind.YEAR][:1] or covering
        for a in assignments.get(class_group.pk, []):
            name = slugify(a.subject.name_ky, allow_unicode=True) or "subject"
            group = f"-{a.subgroup}" if a.subgroup else ""
            for p in whole_year:
                part = "" if p.kind == PeriodKind.YEAR else f"-{p.kind}-{p.number}"
                out.append(Document(
                    f"{folder}/journal-{name}{group}{part}-{a.pk}.pdf", label, "journal",
                    lambda a=a, p=p: documents.journal_pdf(school, a, p), title=a.subject.name_ky))
        for p in covering:
            out.append(Document(
                f"{folder}/period-sheet-{p.kind}-{p.number}-{p.pk}.pdf", label, "period_sheet",
                lambda c=class_group, p=p: documents.period_sheet_pdf(school, c, p), title=p.label))
        out.append(Document(f"{folder}/year-statement.pdf", label, "year_statement",
                            lambda c=class_group: documents.year_statement_pdf(school, c)))
    out.append(Document("movement.pdf", "", "movement", lambda: documents.movement_pdf(school, year)))
    return out


def next_version(year):
    return (YearArchive.objects.filter(year=year).aggregate(m=Max("version"))["m"] or 0) + 1


def archive_request(*, school, year, by):
    """The deputy asks for a new archive of `year`: a new version is queued and built in the
    background (journal.archive.tasks). Returns the YearArchive."""
    if not access.can_generate_archive(by, school):
        raise PermissionDenied(_("Only the deputy director generates the year's archive."))
    if year.school_id != school.pk:
        raise PermissionDenied
    recent = timezone.now() - STALE_AFTER  # an older unfinished one was lost (a worker restarted)
    if YearArchive.objects.filter(year=year, state__in=(ArchiveState.QUEUED, ArchiveState.RUNNING),
                                  created_at__gte=recent).exists():
        raise ValidationError(_("An archive of this year is being built: wait until it is ready."), code="running")
    for _attempt in range(3):
        try:
            with transaction.atomic():
                archive = YearArchive.objects.create(school=school, year=year, version=next_version(year),
                                                     created_by=by)
            break
        except IntegrityError:  # two requests at once: take the next number
            continue
    else:
        raise ValidationError(_("An archive of this year is being built: wait until it is ready."), code="running")
    from ..tasks import build_year_archive

    language = get_language() or settings.LANGUAGE_CODE
    transaction.on_commit(lambda: build_year_archive.enqueue(archive.pk, language))
    return archive


def archive_build(*, archive, language="ky"):
    """Build the ZIP of `archive` now (the task and the archive_year command call this): progress
    is saved after every document; on success the year is marked archived. Returns the archive."""
    YearArchive.objects.filter(pk=archive.pk).update(state=ArchiveState.RUNNING, started_at=timezone.now(),
                                                     done=0, error="")
    year = AcademicYear.objects.select_related("school").get(pk=archive.year_id)
    try:
        with override(language):
            docs = year_documents(year)
            YearArchive.objects.filter(pk=archive.pk).update(total=len(docs))
            with tempfile.TemporaryFile() as handle:
                _write_zip(handle, archive, year, docs)
                handle.seek(0)
                digest = hashlib.sha256()
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
                size = handle.tell()
                handle.seek(0)
                archive.refresh_from_db()
                name = f"archive-{slugify(year.name) or year.pk}-v{archive.version}.zip"
                archive.file.save(name, File(handle), save=False)
        archive.size, archive.sha256 = size, digest.hexdigest()
        archive.state, archive.finished_at = ArchiveState.DONE, timezone.now()
        archive.save(update_fields=["file", "size", "sha256", "state", "finished_at"])
        AcademicYear.objects.filter(pk=year.pk, archived_at__isnull=True).update(archived_at=archive.finished_at)
    except Exception as error:
        YearArchive.objects.filter(pk=archive.pk).update(state=ArchiveState.FAILED, error=repr(error)[:2000],
                                                         finished_at=timezone.now())
        raise
    return archive


def _write_zip(handle, archive, year, docs):
    manifest = []
    started = time.monotonic()
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for number, doc in enumerate(docs, start=1):
            data = doc.build()
            zf.writestr(doc.path, data)
            manifest.append({"file": doc.path, "class": doc.class_label, "document": doc.kind, "title": str(doc.title),
                             "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()})
            YearArchive.objects.filter(pk=archive.pk).update(done=number)
        header = {
            "school": str(year.school.name), "year": year.name, "version": archive.version,
            "generated_at": timezone.now().isoformat(), "seconds": round(time.monotonic() - started, 1),
            "files": manifest,
        }
        zf.writestr(MANIFEST, json.dumps(header, ensure_ascii=False, indent=1))
        zf.writestr(SUMS, "".join(f"{m['sha256']}  {m['file']}\n" for m in manifest))
