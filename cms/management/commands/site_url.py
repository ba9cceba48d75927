"""Point the default Wagtail Site at the deployment's real address (SITE_URL)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.seo import configure_default_site


class Command(BaseCommand):
    help = "Set the default site's hostname and port from SITE_URL (or the address given)."

    def add_arguments(self, parser):
        parser.add_argument("url", nargs="?", help="e.g. https://school.example.kg (default: SITE_URL)")

    def handle(self, *args, url=None, **options):
        url = url or settings.SITE_URL
        if not url:
            self.stdout.write("SITE_URL is not set; the site keeps its address.")
            return
        try:
            site = configure_default_site(url)
        except ValueError:
            raise CommandError(f"Not an http(s) address: {url}") from None
        if site is None:
            raise CommandError("There is no default site yet: run migrate first.")
        self.stdout.write(f"The default site is now {site.root_url}")
