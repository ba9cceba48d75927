from django.core.management.base import BaseCommand, CommandError

from portal.ops import crypto
from portal.ops.models import BackupStatus
from portal.ops.services import backup_create


class Command(BaseCommand):
    help = ("Back up the database, MEDIA_ROOT and PRIVATE_MEDIA_ROOT, encrypted, to every destination "
            "(BACKUP_LOCAL_DIRS, BACKUP_S3_BUCKET), and apply the retention policy on each.")

    def add_arguments(self, parser):
        parser.add_argument("--generate-key", action="store_true",
                            help="Print a new BACKUP_ENCRYPTION_KEY and exit (keep a copy away from the backups).")

    def handle(self, *args, **options):
        if options["generate_key"]:
            self.stdout.write(crypto.generate_key())
            return
        run = backup_create()
        for destination in run.destinations:
            state = "ok" if destination["ok"] else f"FAILED: {destination['error']}"
            self.stdout.write(f"{destination['name']} ({destination['location']}): {state}")
            for removed in destination["removed"]:
                self.stdout.write(f"  removed by retention: {removed}")
        if run.status != BackupStatus.OK:
            raise CommandError(f"backup {run.name} failed: {run.error}")
        self.stdout.write(self.style.SUCCESS(f"backup {run.name}: {run.size} bytes"))
