"""Template tags of the public website: locale-aware furniture (menu, school profile, footer,
announcements), breadcrumbs and the school's contact facts.

Everything is read for the active language and the site of the request, once per request.
"""

from django import template
from django.utils.translation import get_language
from wagtail.models import Page, Site

register = template.Library()


def _request(context):
    return context.get("request")


def _site(request):
    if request is None:
        return None
    if not hasattr(request, "_cms_site"):
        request._cms_site = Site.find_for_request(request)
    return request._cms_site


def _cached(request, key, factory):
    """Memoise a value on the request for the active language."""
    if request is None:
        return factory()
    store = request.__dict__.setdefault("_cms_cache", {})
    full_key = (key, get_language())
    if full_key not in store:
        store[full_key] = factory()
    return store[full_key]


def _localized_home(request):
    """The site's home page in the active language (memoised on the request)."""

    def build():
        site = _site(request)
        if site is None:
            return None
        root = site.root_page
        if root.locale.language_code == get_language():
            return root
        home = (
            Page.objects.live()
            .filter(translation_key=root.translation_key, locale__language_code=get_language())
            .first()
        )
        return home or root

    return _cached(request, "home", build)


@register.simple_tag(takes_context=True)
def home_page(context):
    """The home page of the site in the active language (or the original)."""
    return _localized_home(_request(context))


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Items of the main menu: [{title, url, active}]. From the MainMenu snippet of the active
    language; without one, the home page's children that are shown in menus."""
    request = _request(context)
    current = context.get("page")

    def build():
        from site_settings.models import MainMenu

        site = _site(request)
        items = []
        menu = MainMenu.objects.for_site(site).active_locale().order_by("site").first() if site else None
        if menu is not None:
            chosen = [(block.value["page"], block.value["title"]) for block in menu.items if block.value["page"]]
            # the menu's pages in the active language, in one query
            localized = {
                p.translation_key: p
                for p in Page.objects.live().filter(
                    translation_key__in=[page.translation_key for page, _title in chosen],
                    locale__language_code=get_language(),
                )
            }
            for page, title in chosen:
                page = localized.get(page.translation_key, page)
                if page.live:
                    items.append({"title": title or page.title, "url": page.get_url(request), "page": page})
        else:
            home = _localized_home(request)
            if home is not None:
                for page in home.get_children().live().public().in_menu():
                    items.append({"title": page.title, "url": page.get_url(request), "page": page})
        return items

    items = _cached(request, "menu", build)
    current_path = getattr(current, "path", None) or ""
    # the deepest item on the way to the current page is the active one
    matches = [item["page"].path for item in items if current_path.startswith(item["page"].path)]
    active = max(matches, key=len) if matches else None
    return [{**item, "active": item["page"].path == active} for item in items]


@register.simple_tag(takes_context=True)
def school_profile(context):
    """The SchoolProfile of the site in the active language (falls back to any language)."""
    request = _request(context)

    def build():
        from site_settings.models import SchoolProfile

        site = _site(request)
        qs = SchoolProfile.objects.for_site(site) if site else SchoolProfile.objects.all()
        return qs.active_locale().order_by("site").first() or qs.order_by("site", "pk").first()

    return _cached(request, "profile", build)


@register.simple_tag(takes_context=True)
def basic_facts(context):
    """The live “Basic facts” page (R-S1) of the active language: addresses, phones, email."""
    request = _request(context)

    def build():
        from cms.models import BasicFactsPage

        home = _localized_home(request)
        if home is None:
            return None
        return BasicFactsPage.objects.live().descendant_of(home).first()

    return _cached(request, "facts", build)


@register.simple_tag(takes_context=True)
def current_announcements(context, limit=3):
    request = _request(context)

    def build():
        from site_settings.models import Announcement

        site = _site(request)
        qs = Announcement.objects.current().active_locale()
        if site:
            qs = qs.for_site(site)
        return list(qs.select_related("link_page")[:limit])

    return _cached(request, f"announcements{limit}", build)


@register.simple_tag(takes_context=True)
def useful_links(context):
    request = _request(context)

    def build():
        from cms.models import UsefulLink

        site = _site(request)
        qs = UsefulLink.objects.filter(locale__language_code=get_language())
        if site:
            from django.db.models import Q

            qs = qs.filter(Q(site=site) | Q(site__isnull=True))
        return list(qs)

    return _cached(request, "links", build)


@register.simple_tag(takes_context=True)
def site_map_url(context):
    """URL of the site-map page (R-S14) in the active language, or ''."""
    request = _request(context)

    def build():
        from cms.models import SiteMapPage

        home = _localized_home(request)
        page = SiteMapPage.objects.live().child_of(home).first() if home else None
        return page.url if page else ""

    return _cached(request, "sitemap_url", build)


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page=None):
    """Ancestors of the page below the tree root (the home page first)."""
    page = page or context.get("page")
    if page is None or not getattr(page, "pk", None):
        return []
    return list(page.get_ancestors().filter(depth__gt=1).specific(defer=True))


@register.filter
def osm_url(address):
    """An OpenStreetMap link for an address block with coordinates."""
    lat, lon = address.get("latitude"), address.get("longitude")
    if lat is None or lon is None:
        return ""
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"


@register.filter
def tel_href(number):
    """tel: link for a phone number as written (+996 (3722) 5-12-34 → tel:+996372251234)."""
    digits = "".join(c for c in str(number) if c.isdigit() or c == "+")
    return f"tel:{digits}"


@register.filter
def choice_labels(values, choices):
    """Labels of the given codes of a choices list (for MultipleChoiceBlock values)."""
    labels = dict(choices)
    return [labels.get(v, v) for v in values or []]


@register.simple_tag
def choices(name):
    """A choices list of cms.choices by name, for choice_labels."""
    from cms import choices as module

    return getattr(module, name)


@register.filter
def split_commas(value):
    return [part.strip() for part in str(value or "").split(",") if part.strip()]


@register.filter
def choice_label(value, choices):
    """Label of one code of a choices list."""
    return dict(choices).get(value, value)


@register.filter
def school_date(value):
    """A date as people write it: «19-ноябрь 2026-ж.» in Kyrgyz, «19 ноября 2026 г.» in Russian
    (the DATE_FORMAT of portal/formats)."""
    if not value:
        return ""
    from django.utils.formats import date_format

    return date_format(value, "DATE_FORMAT")


MONTHS_SHORT = ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]


@register.filter
def month_short(value):
    """Short month name for date badges (the same abbreviations serve Kyrgyz and Russian)."""
    return MONTHS_SHORT[value.month - 1] if value else ""


@register.simple_tag(takes_context=True)
def page_seo(context):
    """Canonical URL, description and Open Graph data of the page being shown (None off a page).
    Sub-routes (a teacher's page) get their own canonical address."""
    from cms.seo import OG_LOCALES, page_description, page_image, root_url

    page = context.get("page")
    request = _request(context)
    if page is None or not getattr(page, "pk", None):
        return None
    url = page.get_full_url(request) or ""
    teacher = context.get("teacher")
    title = page.seo_title or page.title
    description = page_description(page)
    if teacher is not None and hasattr(page, "reverse_subpage"):
        url += page.reverse_subpage("teacher", kwargs={"pk": teacher.pk})
        title = teacher.full_name
        description = f"{teacher.full_name} — {teacher.get_position_display()}"
    code = page.locale.language_code if hasattr(page, "locale") else get_language()
    image = page_image(page)
    image_url = ""
    if image is not None:
        from wagtail.images.models import SourceImageIOError

        try:  # a missing original file must not break the page: no og:image then
            rendition = image.get_rendition("fill-1200x630")
        except SourceImageIOError:
            rendition = None
        if rendition is not None:
            image_url = rendition.url if rendition.url.startswith("http") else root_url(request) + rendition.url
    site = _site(request)
    return {
        "url": url,
        "title": title,
        "description": description or title,
        "type": "article" if page.specific_class.__name__ in ("NewsPage", "EventPage") else "website",
        "locale": OG_LOCALES.get(code, code),
        "alternate_locales": [v for k, v in OG_LOCALES.items() if k != code],
        "image": image_url,
        "site_name": site.site_name if site else "",
    }
