from django.core.management.base import BaseCommand, CommandError

from portal.ops.services import restore_check


class Command(BaseCommand):
    help = ("Restore the latest backup into a scratch database, compare row counts and checksums of every "
            "table (and the media) with its manifest, run manage.py check against it; store the result.")

    def add_arguments(self, parser):
        parser.add_argument("--name", default=None)
        parser.add_argument("--from", dest="source", default=None)

    def handle(self, *args, **options):
        check = restore_check(name=options["name"], source=options["source"])
        if not check.ok:
            for difference in check.differences:
                self.stderr.write(str(difference))
            raise CommandError(f"restore check of {check.backup_name or '-'} FAILED: {check.error}\n{check.check_output}")
        self.stdout.write(self.style.SUCCESS(
            f"restore check of {check.backup_name} from {check.destination}: {check.tables} tables, "
            f"{check.rows} rows identical; manage.py check passed"))
