"""sitemap.xml of a school's site in every language.

Wagtail's own sitemap lists the descendants of the site's root page only — that is the Kyrgyz
tree; the Russian tree hangs under the root page's translation. This one lists both, and each
URL carries its hreflang alternates.
"""

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class LocalizedSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        roots = [root, *root.get_translations().live()]
        condition = Q()
        for page in roots:
            condition |= Q(path__startswith=page.path)
        return (
            Page.objects.filter(condition)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
