import dj_database_url
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.ops import crypto, database
from portal.ops.services import BackupError, backup_restore, private_media_root


class Command(BaseCommand):
    help = ("Restore a backup (the latest, or --name) into a FRESH database given by --database-url and "
            "into empty media folders, then compare it with the backup's manifest.")

    def add_arguments(self, parser):
        parser.add_argument("--database-url", required=True,
                            help="the empty target database, e.g. postgres://postgres@127.0.0.1/mektep_new "
                                 "(it must exist) or sqlite:////srv/mektep/db.sqlite3")
        parser.add_argument("--media-root", default=None, help="empty folder for the public media (default MEDIA_ROOT)")
        parser.add_argument("--private-media-root", default=None,
                            help="empty folder for the private media (default PRIVATE_MEDIA_ROOT)")
        parser.add_argument("--name", default=None, help="the backup's file name (default: the latest)")
        parser.add_argument("--from", dest="source", default=None,
                            help="the destination to read from (e.g. local, s3; default: the first that has it)")

    def handle(self, *args, **options):
        target = dj_database_url.parse(options["database_url"])
        try:
            manifest, differences = backup_restore(
                target_db=target,
                media_root=options["media_root"] or settings.MEDIA_ROOT,
                private_media_root=options["private_media_root"] or private_media_root(),
                name=options["name"], source=options["source"],
            )
        except (BackupError, crypto.BackupKeyError, database.DatabaseCopyError) as error:
            raise CommandError(str(error)) from None
        if differences:
            for difference in differences:
                self.stderr.write(str(difference))
            raise CommandError(f"{manifest['name']} restored, but it differs from its manifest")
        tables = manifest["database"]["tables"]
        self.stdout.write(self.style.SUCCESS(
            f"{manifest['name']} restored: {len(tables)} tables, {sum(t['rows'] for t in tables.values())} rows, "
            "identical to the manifest. Next: manage.py migrate (if this release is newer), then start the services."
        ))
