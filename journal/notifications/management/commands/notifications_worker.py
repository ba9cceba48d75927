"""The background worker: the task queue's own worker plus a small scheduler loop.

    manage.py notifications_worker            # database backend: db_worker; TASKS_BACKEND=rq: rqworker
    manage.py notifications_worker --no-scheduler   # a second worker (one scheduler is enough)

The scheduler (a thread) enqueues every --tick seconds: the outbox (retries and anything a killed
worker left), the Telegram bot's updates when a bot is configured; every hour the digests; every
day the clean-up. Without this command, run `manage.py notifications_tick` from cron instead."""

import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from ...scheduler import Scheduler


class Command(BaseCommand):
    help = "Run the background worker (tasks of notifications, digests) with its scheduler."

    def add_arguments(self, parser):
        parser.add_argument("--tick", type=float, default=15.0, help="seconds between outbox runs")
        parser.add_argument("--no-scheduler", action="store_true")
        parser.add_argument("--interval", type=float, default=1.0, help="db_worker: seconds between polls")

    def handle(self, *args, tick, no_scheduler, interval, **options):
        if not no_scheduler:
            scheduler = Scheduler()
            thread = threading.Thread(target=self._loop, args=(scheduler, tick), daemon=True, name="scheduler")
            thread.start()
        if settings.TASKS_BACKEND == "rq":
            call_command("rqworker", "default", job_class="django_tasks_rq.backend.Job", with_scheduler=True,
                         verbosity=options["verbosity"])
        elif settings.TASKS_BACKEND == "immediate":
            while True:  # tasks run where they are enqueued: only the scheduler has work
                time.sleep(3600)
        else:
            # no autoreload (DEBUG turns it on): a reloader would run a second scheduler in its child
            call_command("db_worker", interval=interval, reload=False, verbosity=options["verbosity"])

    def _loop(self, scheduler, tick):
        from django.db import close_old_connections

        while True:
            try:
                scheduler.run_due()
            except Exception as exc:  # noqa: BLE001 - keep the loop alive; the next tick retries
                self.stderr.write(f"scheduler: {exc}")
            finally:
                close_old_connections()
            time.sleep(tick)
