"""Give every page with a Cyrillic (or over-long) slug a short Latin one; the old address keeps
working through a permanent redirect (wagtail.contrib.redirects). Safe to run again: run by
`make run`'s setup and in the upgrade steps."""

from django.core.management.base import BaseCommand
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from cms.slugs import available, latin_slug, needs_latin
from portal.public_cache import purge_everything, purge_site


class Command(BaseCommand):
    help = "Replaces Cyrillic page slugs with short Latin ones and redirects the old addresses."

    def handle(self, *args, **options):
        changed = 0
        for page in Page.objects.filter(depth__gt=1).order_by("depth", "path").specific():
            if not needs_latin(page.slug):
                continue
            old_urls = [(site_id, path) for site_id, _root, path in [page.get_url_parts() or (None, None, None)] if path]
            page.slug = available(latin_slug(page.slug) or latin_slug(page.title) or "page", page.get_parent(), page)
            page.save(clean=False)
            for site_id, path in old_urls:
                old_path = Redirect.normalise_path(path)
                if not Redirect.objects.filter(old_path=old_path, site_id=site_id).exists():
                    Redirect.objects.create(old_path=old_path, site_id=site_id, redirect_page=page, is_permanent=True)
            # a live page's address changed without a publish (no signal): its site's links and menus
            for site_id, _path in old_urls:
                purge_site(site_id)
            if not old_urls:
                purge_everything()
            changed += 1
        if options["verbosity"]:
            self.stdout.write(f"pages given a Latin slug: {changed}")
