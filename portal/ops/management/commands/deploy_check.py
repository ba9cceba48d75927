from django.core.management.base import BaseCommand, CommandError

from portal.ops.deploy_checks import run_checks


class Command(BaseCommand):
    help = ("Check a deployment: check --deploy, unapplied migrations, compiled catalogs, collected static "
            "files, the task worker running, a fresh backup and a recent good restore check.")

    def handle(self, *args, **options):
        results = run_checks()
        for name, ok, detail in results:
            mark = self.style.SUCCESS("ok  ") if ok else self.style.ERROR("FAIL")
            self.stdout.write(f"{mark} {name}: {detail}")
        failed = [name for name, ok, _detail in results if not ok]
        if failed:
            raise CommandError(f"{len(failed)} of {len(results)} checks failed: {', '.join(failed)}")
        self.stdout.write(self.style.SUCCESS(f"all {len(results)} checks passed"))
