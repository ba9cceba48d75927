"""factory_boy factories of the website's pages, for tests (the full demo is cms.demo).

Pages are created under a parent with `add_child`, so pass `parent=`:

    home = HomePageFactory()                       # under the tree root, site root of the default site
    about = AboutSchoolPageFactory(parent=home)
    facts = BasicFactsPageFactory(parent=about, founding_date=None)
"""

import datetime

import factory
from django.conf import settings
from factory.django import DjangoModelFactory
from wagtail.models import Locale, Page, Site

from . import models


def ensure_tree_root():
    """The page tree's root, the root collection and the default locale, as the migrations make
    them (a database emptied by a transactional test has none of them)."""
    from wagtail.models import Collection

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        locale = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)[0]
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    return root


class PageFactory(DjangoModelFactory):
    """Creates a live page under `parent` (default: the tree root)."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Барак {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    live = True
    show_in_menus = True

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        parent = parent or ensure_tree_root()
        kwargs.setdefault("locale", parent.locale if parent.depth > 1 else Locale.get_default())
        page = model_class(*args, **kwargs)
        parent.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        return page


class HomePageFactory(PageFactory):
    class Meta:
        model = models.HomePage
        skip_postgeneration_save = True

    title = "Башкы бет"
    slug = factory.Sequence(lambda n: f"home-{n}")
    intro = "Кош келиңиздер!"

    @factory.post_generation
    def site(obj, create, extracted, **kwargs):
        """Make the page the root of the default site (or of the given site)."""
        if not create or extracted is False:
            return
        site = extracted or Site.objects.filter(is_default_site=True).first()
        if site is None:
            site = Site.objects.create(hostname="localhost", port=80, root_page=obj, is_default_site=True)
        else:
            site.root_page = obj
            site.save()


class AboutSchoolPageFactory(PageFactory):
    class Meta:
        model = models.AboutSchoolPage

    title = "Мектеп жөнүндө маалымат"
    slug = "about"


class BasicFactsPageFactory(PageFactory):
    class Meta:
        model = models.BasicFactsPage

    title = "Негизги маалыматтар"
    slug = "basic-facts"
    full_name = "№1 орто мектеби"
    founding_date = datetime.date(1961, 9, 1)
    no_branches = True
    addresses = factory.LazyFunction(
        lambda: [("address", {"kind": "main", "name": "Башкы имарат", "address": "Ош шаары, Курманжан датка көчөсү, 1",
                              "latitude": None, "longitude": None})]
    )
    working_hours = factory.LazyFunction(lambda: [("hours", {"days": "Дүйшөмбү – жума", "hours": "08:00 – 17:00"})])
    schedule_note = "Эки смена, сабак 45 мүнөт."
    phones = factory.LazyFunction(lambda: [("phone", {"label": "Кабыл алуу бөлмөсү", "number": "+996 (3222) 5-00-00"})])
    emails = factory.LazyFunction(lambda: [("email", {"label": "Мектеп", "email": "school@example.org"})])


class StructurePageFactory(PageFactory):
    class Meta:
        model = models.StructurePage

    title = "Түзүлүшү"
    slug = "structure"


class EducationPageFactory(PageFactory):
    class Meta:
        model = models.EducationPage

    title = "Билим берүү"
    slug = "education"


class AccreditationPageFactory(PageFactory):
    class Meta:
        model = models.AccreditationPage

    title = "Аккредитация"
    slug = "accreditation"


class LeadershipPageFactory(PageFactory):
    class Meta:
        model = models.LeadershipPage

    title = "Жетекчилик"
    slug = "leadership"
    leaders = factory.LazyFunction(
        lambda: [("leader", {"last_name": "Касенова", "first_name": "Бактыгүл", "patronymic": "Асанбековна",
                             "position": "Мектептин директору", "is_head": True, "phone": "+996 555 000 000",
                             "email": "director@example.org", "reception_hours": "", "photo": None})]
    )


class TeachingStaffIndexPageFactory(PageFactory):
    class Meta:
        model = models.TeachingStaffIndexPage

    title = "Педагогикалык курам"
    slug = "teachers"


class FacilitiesPageFactory(PageFactory):
    class Meta:
        model = models.FacilitiesPage

    title = "Материалдык-техникалык база"
    slug = "facilities"


class AdmissionsPageFactory(PageFactory):
    class Meta:
        model = models.AdmissionsPage

    title = "Кабыл алуу"
    slug = "admissions"


class FinancePageFactory(PageFactory):
    class Meta:
        model = models.FinancePage

    title = "Каржы"
    slug = "finance"


class DocumentsPageFactory(PageFactory):
    class Meta:
        model = models.DocumentsPage

    title = "Документтер"
    slug = "documents"


class NewsIndexPageFactory(PageFactory):
    class Meta:
        model = models.NewsIndexPage

    title = "Жаңылыктар"
    slug = "news"


class NewsPageFactory(PageFactory):
    class Meta:
        model = models.NewsPage

    title = factory.Sequence(lambda n: f"Жаңылык {n}")
    slug = factory.Sequence(lambda n: f"news-{n}")
    date = factory.LazyFunction(datetime.date.today)
    intro = "Кыскача."


class EventPageFactory(PageFactory):
    class Meta:
        model = models.EventPage

    title = factory.Sequence(lambda n: f"Иш-чара {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    start = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=7))


class GalleryIndexPageFactory(PageFactory):
    class Meta:
        model = models.GalleryIndexPage

    title = "Галерея"
    slug = "gallery"


class ContactPageFactory(PageFactory):
    class Meta:
        model = models.ContactPage

    title = "Байланыш"
    slug = "contacts"


class SiteMapPageFactory(PageFactory):
    class Meta:
        model = models.SiteMapPage

    title = "Сайттын картасы"
    slug = "sitemap"
    show_in_menus = False


class StandardPageFactory(PageFactory):
    class Meta:
        model = models.StandardPage

    title = factory.Sequence(lambda n: f"Барак {n}")
    slug = factory.Sequence(lambda n: f"standard-{n}")


def translate_page(page, locale_code="ru", translations=None, publish=True):
    """Translate a page with wagtail-localize (sync from the original) and publish it.

    `translations` maps source strings to their translations; strings not in it keep the
    original text. Parents are translated first where needed."""
    from wagtail.models import Revision
    from wagtail_localize.models import Translation, TranslationSource
    from wagtail_localize.strings import StringValue

    translations = translations or {}
    locale, _created = Locale.objects.get_or_create(language_code=locale_code)
    source, created = TranslationSource.get_or_create_from_instance(page)
    if not created:
        source.update_from_db()
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    po = translation.export_po()
    for entry in po:
        text = StringValue(entry.msgid).render_text()
        if text in translations:
            entry.msgstr = StringValue.from_plaintext(translations[text]).data
        elif not entry.msgstr:  # keep earlier translations; untranslated strings keep the original
            entry.msgstr = entry.msgid
    translation.import_po(po)
    translation.save_target(publish=False)
    target = translation.get_target_instance()
    if publish:
        Revision.objects.get(pk=target.latest_revision_id).publish()
    target.refresh_from_db()
    return target
