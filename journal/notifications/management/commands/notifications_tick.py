"""One scheduler round for cron or a systemd timer (when the worker runs without its scheduler):

    */5 * * * *  manage.py notifications_tick            # outbox retries, Telegram updates
    0 * * * *    manage.py notifications_tick --digests  # the digests of the hour
    5 0 * * *    manage.py notifications_tick --cleanup
"""

from django.core.management.base import BaseCommand

from ... import tasks


class Command(BaseCommand):
    help = "Enqueue the periodic notification jobs once (for cron)."

    def add_arguments(self, parser):
        parser.add_argument("--digests", action="store_true")
        parser.add_argument("--cleanup", action="store_true")

    def handle(self, *args, digests, cleanup, **options):
        jobs = [tasks.outbox_task]
        if digests:
            jobs.append(tasks.digests_task)
        if cleanup:
            jobs.append(tasks.cleanup_task)
        from django.conf import settings

        if settings.TELEGRAM_BOT_TOKEN:
            jobs.append(tasks.telegram_poll_task)
        for job in jobs:
            job.enqueue()
        self.stdout.write(", ".join(job.name for job in jobs))
