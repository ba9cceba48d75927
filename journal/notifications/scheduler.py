"""Periodic jobs: what is due at each tick (the worker's loop) or each cron run (notifications_tick)."""

from django.conf import settings
from django.utils import timezone

from . import tasks


class Scheduler:
    def __init__(self):
        self.last_hour = None
        self.last_day = None

    def run_due(self, now=None):
        """Enqueue what is due; returns the names of the jobs enqueued."""
        now = timezone.localtime(now or timezone.now())
        jobs = [tasks.outbox_task]
        if settings.TELEGRAM_BOT_TOKEN:
            jobs.append(tasks.telegram_poll_task)
        hour = now.replace(minute=0, second=0, microsecond=0)
        if hour != self.last_hour:
            self.last_hour = hour
            jobs.append(tasks.digests_task)
        if now.date() != self.last_day:
            self.last_day = now.date()
            jobs.append(tasks.cleanup_task)
        for job in jobs:
            job.enqueue()
        return [job.name for job in jobs]
