"""Import students (with parents) or staff from an XLSX/CSV file, for administrators.

    manage.py import_register --kind students --school CODE FILE [--dry-run] [--lang ky|ru] [--user NAME]

The same validation as the browser's preview; with --dry-run nothing is written. Without it the
file is imported all or nothing; a file with errors writes nothing and the command fails."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from journal.register.imports.columns import KINDS
from journal.register.services.imports import ImportRejected, import_apply, import_preview
from portal.models import School, User


class Command(BaseCommand):
    help = "Import students with parents, or staff, from XLSX or CSV (all or nothing; --dry-run only checks)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="an .xlsx or .csv file")
        parser.add_argument("--kind", choices=KINDS, required=True)
        parser.add_argument("--school", required=True, help="the school's code")
        parser.add_argument("--dry-run", action="store_true", help="check the file, write nothing")
        parser.add_argument("--lang", default="ky", choices=["ky", "ru"], help="language of the messages")
        parser.add_argument("--user", help="username recorded in the history as the author")

    def handle(self, *args, file, kind, school, dry_run, lang, user, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        school_obj = School.objects.filter(code=school).first()
        if school_obj is None:
            raise CommandError(f"No school with the code {school!r}")
        author = None
        if user:
            author = User.objects.filter(username=user).first()
            if author is None:
                raise CommandError(f"No user {user!r}")
        with translation.override(lang):
            if dry_run:
                preview = import_preview(school=school_obj, kind=kind, path=path)
                self._report(preview)
                if not preview.is_valid:
                    raise CommandError(f"{preview.error_count} errors: nothing would be imported.")
                self.stdout.write(self.style.SUCCESS(
                    f"Dry run: {preview.ok_count} rows are correct and would be imported. Nothing was written."))
                return
            try:
                result = import_apply(school=school_obj, kind=kind, path=path, user=author, progress=self._progress)
            except ImportRejected as rejected:
                self._report(rejected.preview)
                raise CommandError(f"{rejected.preview.error_count} errors: nothing was imported.")
        self.stdout.write("")
        message = f"Imported {result.created} {kind} in {result.seconds:.1f} s"
        if kind == "students":
            message += f"; {result.guardians_created} new parents, {result.guardians_linked} existing parents linked"
        self.stdout.write(self.style.SUCCESS(message + "."))

    def _progress(self, stage, done, total):
        if stage == "validate":
            self.stdout.write("Checking the file…")
            return
        self.stdout.write(f"  {stage}: {done}/{total}")

    def _report(self, preview):
        for warning in preview.warnings:
            self.stdout.write(self.style.WARNING(warning))
        for error in preview.file_errors:
            self.stdout.write(self.style.ERROR(error))
        for row in preview.error_rows:
            for error in row.errors:
                column = f" [{error.column}]" if error.column else ""
                self.stdout.write(self.style.ERROR(f"row {row.number}{column} {row.full_name}: {error.message}"))
        self.stdout.write(f"{len(preview.rows)} rows, {preview.ok_count} correct, {len(preview.error_rows)} with errors.")
