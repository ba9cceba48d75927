"""Print a new VAPID key pair for browser notifications (put them in the environment)."""

from django.core.management.base import BaseCommand

from ...services.push import vapid_keys_generate


class Command(BaseCommand):
    help = "Generate the VAPID key pair of browser (web push) notifications."

    def handle(self, *args, **options):
        public, private = vapid_keys_generate()
        self.stdout.write(f"WEBPUSH_VAPID_PUBLIC_KEY={public}\nWEBPUSH_VAPID_PRIVATE_KEY={private}")
