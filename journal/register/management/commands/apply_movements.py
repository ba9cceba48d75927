"""Let movement-book records whose date has come take effect (run daily, e.g. at 00:05)."""

from django.core.management.base import BaseCommand

from journal.register.services.movement import movements_apply_due


class Command(BaseCommand):
    help = "Applies the movement-book records (arrivals, departures, transfers) whose date has come."

    def handle(self, *args, **options):
        done = movements_apply_due()
        self.stdout.write(f"movement records applied: {done}")
