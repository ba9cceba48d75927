"""Page types of the public school website.

The tree of one language (Kyrgyz is the original, Russian a wagtail-localize translation):

    HomePage
    ├── AboutSchoolPage                 “About the school” (Мектеп жөнүндө маалымат)
    │   ├── BasicFactsPage              R-S1
    │   ├── StructurePage               R-S2
    │   ├── EducationPage               R-S3, R-S5, R-S6
    │   ├── AccreditationPage           R-S4, R-S10 (licences)
    │   ├── LeadershipPage              R-S7
    │   ├── TeachingStaffIndexPage      R-S8 (fed from the register, one sub-page per teacher)
    │   ├── FacilitiesPage              R-S9
    │   ├── AdmissionsPage              R-S10
    │   ├── FinancePage                 R-S10
    │   └── DocumentsPage               R-S10 (charter), all documents by category
    ├── NewsIndexPage → NewsPage, EventPage                 R-S16
    ├── GalleryIndexPage → GalleryPage                      R-S16
    ├── ContactPage
    ├── SiteMapPage                                         R-S14
    └── StandardPage (anything else)
"""

import datetime

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from cms import blocks
from cms.choices import DOCUMENT_CATEGORIES, GALLERY_KINDS, INSTRUCTION_LANGUAGES

from .mixins import DisclosurePage, SchoolPage, has_text, with_x_default

RICH = blocks.RICH_FEATURES


def _image_fk(verbose_name, help_text=""):
    return models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )


# --- home ---------------------------------------------------------------------------------------

class HomePage(SchoolPage):
    hero_image = _image_fk(_("photo of the school"))
    hero_alt = models.CharField(_("description of the photo"), max_length=255, blank=True)
    quick_facts = StreamField([("fact", blocks.FactBlock())], verbose_name=_("quick facts"), blank=True)
    welcome = RichTextField(_("welcome text"), blank=True, features=RICH)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.AboutSchoolPage",
        "cms.NewsIndexPage",
        "cms.GalleryIndexPage",
        "cms.ContactPage",
        "cms.SiteMapPage",
        "cms.StandardPage",
    ]
    max_count_per_parent = None

    content_panels = [
        *SchoolPage.content_panels,
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("hero_alt")], heading=_("Photo")),
        FieldPanel("quick_facts"),
        FieldPanel("welcome"),
    ]
    search_fields = [*SchoolPage.search_fields, index.SearchField("welcome")]

    class Meta:
        verbose_name = _("home page")

    def latest_news(self, count=3):
        return (
            NewsPage.objects.live().public().descendant_of(self).select_related("image").order_by("-date", "-pk")[:count]
        )

    def upcoming_events(self, count=3):
        today = timezone.localdate()
        return (
            EventPage.objects.live()
            .public()
            .descendant_of(self)
            .filter(models.Q(end__gte=today) | models.Q(end__isnull=True, start__gte=today))
            .order_by("start", "pk")[:count]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from journal.register.selectors.public import public_school_figures

        context["latest_news"] = self.latest_news()
        context["upcoming_events"] = self.upcoming_events()
        context["figures"] = public_school_figures(self.get_school(request))
        context["about_page"] = AboutSchoolPage.objects.live().child_of(self).first()
        context["news_index"] = NewsIndexPage.objects.live().child_of(self).first()
        context["gallery_index"] = GalleryIndexPage.objects.live().child_of(self).first()
        return context


# --- about the school and its disclosure sub-pages ------------------------------------------------------

class AboutSchoolPage(SchoolPage):
    """“About the school / Сведения об образовательной организации”: the index of the mandated
    disclosures."""

    parent_page_types = ["cms.HomePage"]
    subpage_types = [
        "cms.BasicFactsPage",
        "cms.StructurePage",
        "cms.EducationPage",
        "cms.AccreditationPage",
        "cms.LeadershipPage",
        "cms.TeachingStaffIndexPage",
        "cms.FacilitiesPage",
        "cms.AdmissionsPage",
        "cms.FinancePage",
        "cms.DocumentsPage",
        "cms.StandardPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("about the school")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_children().live().public().specific()
        return context


class BasicFactsPage(DisclosurePage):
    """R-S1: founding date, addresses incl. branches, working hours and schedule, phones, email."""

    disclosure_codes = ("R-S1",)

    full_name = models.CharField(_("full name of the school"), max_length=255, blank=True)
    founding_date = models.DateField(_("founding date"), null=True, blank=True)
    founder = models.CharField(_("founder"), max_length=255, blank=True)
    addresses = StreamField([("address", blocks.AddressBlock())], verbose_name=_("addresses"), blank=True)
    no_branches = models.BooleanField(_("the school has no branches"), default=False)
    working_hours = StreamField(
        [("hours", blocks.WorkingHoursBlock())], verbose_name=_("working hours"), blank=True
    )
    schedule_note = models.TextField(
        _("schedule of studies"), blank=True, help_text=_("Shifts, length of lessons, five- or six-day week.")
    )
    bell_schedule = StreamField(
        [("lesson", blocks.LessonTimeBlock())], verbose_name=_("bell schedule"), blank=True
    )
    phones = StreamField([("phone", blocks.PhoneBlock())], verbose_name=_("phones"), blank=True)
    emails = StreamField([("email", blocks.EmailAddressBlock())], verbose_name=_("email addresses"), blank=True)
    map_image = _image_fk(_("map"), _("A plan of how to find the school (an image)."))

    content_panels = [
        *DisclosurePage.content_panels,
        MultiFieldPanel(
            [FieldPanel("full_name"), FieldPanel("founding_date"), FieldPanel("founder")],
            heading=_("The school"),
        ),
        MultiFieldPanel(
            [FieldPanel("addresses"), FieldPanel("no_branches"), FieldPanel("map_image")],
            heading=_("Addresses and branches"),
        ),
        MultiFieldPanel(
            [FieldPanel("working_hours"), FieldPanel("schedule_note"), FieldPanel("bell_schedule")],
            heading=_("Working hours and schedule"),
        ),
        MultiFieldPanel([FieldPanel("phones"), FieldPanel("emails")], heading=_("Phones and email")),
    ]
    search_fields = [*DisclosurePage.search_fields, index.SearchField("full_name"), index.SearchField("addresses")]

    class Meta:
        verbose_name = _("basic facts")

    @property
    def main_address(self):
        for block in self.addresses:
            if block.value["kind"] == "main":
                return block.value
        return self.addresses[0].value if self.addresses else None

    @property
    def branches(self):
        return [b.value for b in self.addresses if b.value["kind"] == "branch"]

    def typed_shifts(self):
        """The bell schedule the editor typed, grouped by shift: [(1, [lessons…]), (2, […])]."""
        grouped = {}
        for block in self.bell_schedule:
            grouped.setdefault(block.value["shift"], []).append(block.value)
        return sorted((shift, sorted(items, key=lambda v: v["number"])) for shift, items in grouped.items())

    def shifts(self, school=None):
        """The bell schedule shown: the register's bell times (the timetable's) when the school has
        entered them, else what the editor typed (seed 004: one fact, one value)."""
        from journal.register.selectors.public import public_bell_schedule

        return public_bell_schedule(school or self.get_school()) or self.typed_shifts()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from journal.register.selectors.public import public_school_week

        school = self.get_school(request)
        context["shifts"] = self.shifts(school)
        context["school_week"] = public_school_week(school)
        return context


class StructurePage(DisclosurePage):
    """R-S2: structure and governance bodies, each with a copy of its regulation."""

    disclosure_codes = ("R-S2",)

    bodies = StreamField(
        [("body", blocks.GovernanceBodyBlock())], verbose_name=_("governance bodies and units"), blank=True
    )
    org_chart = _image_fk(_("organisation chart"))

    content_panels = [*DisclosurePage.content_panels, FieldPanel("bodies"), FieldPanel("org_chart")]
    search_fields = [*DisclosurePage.search_fields, index.SearchField("bodies")]

    class Meta:
        verbose_name = _("structure and governance")

    def governance_bodies(self):
        return [b.value for b in self.bodies if b.value["kind"] == "governance"]

    def units(self):
        return [b.value for b in self.bodies if b.value["kind"] == "unit"]


class EducationPage(DisclosurePage):
    """R-S3 levels, forms, terms; R-S5 programmes; R-S6 curriculum, calendar, methodology."""

    disclosure_codes = ("R-S3", "R-S5", "R-S6")

    levels = StreamField(
        [("level", blocks.EducationLevelBlock())], verbose_name=_("levels, forms and terms of study"), blank=True
    )
    programmes = StreamField(
        [("programme", blocks.ProgrammeBlock())], verbose_name=_("education programmes"), blank=True
    )
    has_preschool = models.BooleanField(_("the school runs a pre-school programme"), default=False)
    standards = StreamField(
        [("document", blocks.DocumentLinkBlock())], verbose_name=_("state educational standards"), blank=True
    )
    curriculum = StreamField(
        [("document", blocks.DocumentLinkBlock())], verbose_name=_("curriculum (copy)"), blank=True
    )
    curriculum_note = models.TextField(_("about the curriculum"), blank=True)
    calendar = StreamField(
        [("document", blocks.DocumentLinkBlock())], verbose_name=_("academic calendar (copy)"), blank=True
    )
    methodology = StreamField(
        [("document", blocks.DocumentLinkBlock())], verbose_name=_("methodological documents"), blank=True
    )

    content_panels = [
        *DisclosurePage.content_panels,
        FieldPanel("levels"),
        MultiFieldPanel([FieldPanel("programmes"), FieldPanel("has_preschool")], heading=_("Programmes")),
        FieldPanel("standards"),
        MultiFieldPanel([FieldPanel("curriculum"), FieldPanel("curriculum_note")], heading=_("Curriculum")),
        FieldPanel("calendar"),
        FieldPanel("methodology"),
    ]
    search_fields = [*DisclosurePage.search_fields, index.SearchField("programmes"), index.SearchField("curriculum_note")]

    class Meta:
        verbose_name = _("education")

    def languages_of_instruction(self):
        """Languages of instruction of all programmes, as labels."""
        codes = []
        for block in self.programmes:
            for code in block.value["languages"]:
                if code not in codes:
                    codes.append(code)
        labels = dict(INSTRUCTION_LANGUAGES)
        return [labels[c] for c in codes if c in labels]

    def register_students(self, school=None):
        """Students per level of education from the register (the one source of the figure)."""
        from journal.register.selectors.public import public_students_by_level

        return public_students_by_level(school if school is not None else self.get_school())

    def programme_rows(self, school=None):
        """[(programme, number of students)]: the register's figure for the programme's level;
        the typed number only where the register has no classes of that level."""
        counts = self.register_students(school)
        return [(b.value, counts.get(b.value["level"], b.value["students"])) for b in self.programmes]

    def total_students(self, school=None):
        return sum(self.register_students(school).values())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from journal.register.selectors.public import public_school_calendar

        school = self.get_school(request)
        context["school_calendar"] = public_school_calendar(school)
        context["programme_rows"] = self.programme_rows(school)
        context["total_students"] = self.total_students(school)
        context["students_by_language"] = self.students_by_language(school)
        return context

    def students_by_language(self, school=None):
        """[(language label, students)] from the register's classes (current year), largest first."""
        from journal.register.selectors.public import public_students_by_language

        labels = dict(INSTRUCTION_LANGUAGES)
        counts = public_students_by_language(school or self.get_school())
        return [(labels.get(code, code), n) for code, n in sorted(counts.items(), key=lambda kv: -kv[1]) if n]


class AccreditationPage(DisclosurePage):
    """R-S4 state accreditation (validity, certificate, annexes); R-S10 licences with annexes."""

    disclosure_codes = ("R-S4", "R-S10")

    accreditations = StreamField(
        [("certificate", blocks.PermitBlock(label=_("Accreditation certificate")))],
        verbose_name=_("state accreditation"),
        blank=True,
    )
    licences = StreamField(
        [("licence", blocks.PermitBlock(label=_("Licence")))], verbose_name=_("licences"), blank=True
    )

    content_panels = [*DisclosurePage.content_panels, FieldPanel("accreditations"), FieldPanel("licences")]

    class Meta:
        verbose_name = _("accreditation and licences")


class LeadershipPage(DisclosurePage):
    """R-S7: the head of the school and deputies."""

    disclosure_codes = ("R-S7",)

    leaders = StreamField([("leader", blocks.LeaderBlock())], verbose_name=_("leadership"), blank=True)

    content_panels = [*DisclosurePage.content_panels, FieldPanel("leaders")]
    search_fields = [*DisclosurePage.search_fields, index.SearchField("leaders")]

    class Meta:
        verbose_name = _("leadership")

    @property
    def head(self):
        for block in self.leaders:
            if block.value["is_head"]:
                return block.value
        return None

    def register_leaders(self, school=None):
        """The leaders the page shows: the register's director and deputies (name, position,
        phone, e-mail), with the reception hours and photo the editor gave the same person; the
        typed list only while the register has none (seed 004: one fact, one value)."""
        from journal.register.selectors.public import public_leaders

        typed = {(b.value["last_name"].strip(), b.value["first_name"].strip()): b.value for b in self.leaders}
        rows = []
        for member in public_leaders(school or self.get_school()):
            extra = typed.get((member.last_name, member.first_name), {})
            rows.append({
                "last_name": member.last_name, "first_name": member.first_name, "patronymic": member.patronymic,
                "position": member.get_position_display(), "is_head": member.position == "director",
                "phone": member.phone, "email": member.email,
                "reception_hours": extra.get("reception_hours", ""), "photo": extra.get("photo"),
                "from_register": True,
            })
        return rows

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        leaders = self.register_leaders(self.get_school(request))
        context["leaders"] = leaders or [b.value for b in self.leaders]
        return context


class TeachingStaffIndexPage(RoutablePageMixin, DisclosurePage):
    """R-S8: the teaching staff, read from the register (journal.StaffMember) — no double
    entry. The directory filters by subject; every teacher has a page of their own."""

    disclosure_codes = ("R-S8",)

    class Meta:
        verbose_name = _("teaching staff")

    @path("")
    def directory(self, request):
        from journal.register.selectors.public import public_subjects, public_teaching_staff

        school = self.get_school(request)
        subjects = list(public_subjects(school))
        try:
            subject_id = int(request.GET.get("subject", ""))
        except ValueError:
            subject_id = None
        if subject_id is not None and subject_id not in {s.pk for s in subjects}:
            subject_id = None
        teachers = list(public_teaching_staff(school, subject_id=subject_id))
        for teacher in teachers:
            teacher.public_url = self.teacher_url(teacher)
        return self.render(
            request,
            context_overrides={"teachers": teachers, "subjects": subjects, "subject_id": subject_id},
        )

    @path("<int:pk>/")
    def teacher(self, request, pk):
        from journal.register.selectors.public import public_staff_member

        member = public_staff_member(self.get_school(request), pk)
        if member is None:
            raise Http404
        return self.render(
            request,
            context_overrides={"teacher": member},
            template="cms/teacher_page.html",
        )

    def teacher_url(self, member):
        return self.url + self.reverse_subpage("teacher", kwargs={"pk": member.pk})

    def get_sitemap_urls(self, request=None):
        from journal.register.selectors.public import public_teaching_staff

        urls = super().get_sitemap_urls(request)
        school = self.get_school()
        if school is None:
            return urls
        base = self.get_full_url(request)
        lastmod = urls[0].get("lastmod") if urls else None
        # the directory in each language: a teacher's page has the same alternates as the directory
        languages = [
            (page.locale.language_code, page.get_full_url(request))
            for page in self.get_translations(inclusive=True).live().public().select_related("locale")
        ]
        for member in public_teaching_staff(school):
            route = self.reverse_subpage("teacher", kwargs={"pk": member.pk})
            entry = {"location": base + route, "lastmod": lastmod}
            if len(languages) > 1:
                entry["alternates"] = with_x_default([{"location": url + route, "lang_code": code} for code, url in languages])
            urls.append(entry)
        return urls


class FacilitiesPage(DisclosurePage):
    """R-S9: material and technical base."""

    disclosure_codes = ("R-S9",)

    classrooms_count = models.PositiveSmallIntegerField(_("number of classrooms"), null=True, blank=True)
    classrooms = RichTextField(_("classrooms"), blank=True, features=RICH)
    practical = RichTextField(_("laboratories and workshops"), blank=True, features=RICH)
    library_books = models.PositiveIntegerField(_("books in the library"), null=True, blank=True)
    library = RichTextField(_("library"), blank=True, features=RICH)
    sports = RichTextField(_("sports facilities"), blank=True, features=RICH)
    health = RichTextField(_("health care"), blank=True, features=RICH)
    meals = RichTextField(_("meals"), blank=True, features=RICH)
    computers_count = models.PositiveSmallIntegerField(_("computers for students"), null=True, blank=True)
    ict = RichTextField(_("access to information and communication technologies"), blank=True, features=RICH)
    e_resources = StreamField(
        [("link", blocks.LinkBlock()), ("document", blocks.DocumentLinkBlock())],
        verbose_name=_("electronic educational resources"),
        blank=True,
    )
    accessibility = RichTextField(_("accessibility for people with disabilities"), blank=True, features=RICH)
    photos = StreamField([("image", blocks.CaptionedImageBlock())], verbose_name=_("photos"), blank=True)

    content_panels = [
        *DisclosurePage.content_panels,
        MultiFieldPanel([FieldPanel("classrooms_count"), FieldPanel("classrooms"), FieldPanel("practical")], heading=_("Classrooms")),
        MultiFieldPanel([FieldPanel("library_books"), FieldPanel("library")], heading=_("Library")),
        FieldPanel("sports"),
        MultiFieldPanel([FieldPanel("health"), FieldPanel("meals")], heading=_("Health and meals")),
        MultiFieldPanel(
            [FieldPanel("computers_count"), FieldPanel("ict"), FieldPanel("e_resources")],
            heading=_("Information technologies"),
        ),
        FieldPanel("accessibility"),
        FieldPanel("photos"),
    ]
    search_fields = [
        *DisclosurePage.search_fields,
        index.SearchField("classrooms"),
        index.SearchField("library"),
        index.SearchField("sports"),
    ]

    class Meta:
        verbose_name = _("material and technical base")


class AdmissionsPage(DisclosurePage):
    """R-S10: admissions (rules, dates, vacant places, documents to bring)."""

    disclosure_codes = ("R-S10",)

    rules = RichTextField(_("admission rules"), blank=True, features=RICH)
    rules_documents = StreamField(
        [("document", blocks.DocumentLinkBlock())], verbose_name=_("admission rules (copy)"), blank=True
    )
    dates = models.CharField(_("admission dates"), max_length=255, blank=True)
    places = StreamField([("places", blocks.PlacesBlock())], verbose_name=_("vacant places"), blank=True)
    required_documents = RichTextField(_("documents to bring"), blank=True, features=RICH)

    content_panels = [
        *DisclosurePage.content_panels,
        FieldPanel("rules"),
        FieldPanel("rules_documents"),
        FieldPanel("dates"),
        FieldPanel("places"),
        FieldPanel("required_documents"),
    ]
    search_fields = [*DisclosurePage.search_fields, index.SearchField("rules")]

    class Meta:
        verbose_name = _("admissions")


class FinancePage(DisclosurePage):
    """R-S10: volume of activity; financial and material receipts and their use."""

    disclosure_codes = ("R-S10",)

    volume = RichTextField(_("volume of educational activity"), blank=True, features=RICH)
    funding = RichTextField(_("sources of funding"), blank=True, features=RICH)
    reports = StreamField(
        [("report", blocks.FinancialReportBlock())],
        verbose_name=_("financial and material receipts and their use"),
        blank=True,
    )
    plans = StreamField(
        [("document", blocks.DocumentLinkBlock())], verbose_name=_("plan of financial and economic activity"), blank=True
    )
    paid_services = RichTextField(_("paid educational services"), blank=True, features=RICH)

    content_panels = [
        *DisclosurePage.content_panels,
        FieldPanel("volume"),
        FieldPanel("funding"),
        FieldPanel("reports"),
        FieldPanel("plans"),
        FieldPanel("paid_services"),
    ]

    class Meta:
        verbose_name = _("finance and economic activity")

    def reports_by_year(self):
        return sorted((b.value for b in self.reports), key=lambda v: -v["year"])


class DocumentsPage(DisclosurePage):
    """All documents of the school by category: the charter, local acts, orders, reports; the
    licences, certificates and regulations published on the other pages are listed too."""

    disclosure_codes = ("R-S10",)

    documents = StreamField([("document", blocks.DocumentEntryBlock())], verbose_name=_("documents"), blank=True)

    content_panels = [*DisclosurePage.content_panels, FieldPanel("documents")]
    search_fields = [*DisclosurePage.search_fields, index.SearchField("documents")]

    class Meta:
        verbose_name = _("documents")

    def has_category(self, category):
        return any(b.value["category"] == category and b.value["document"] for b in self.documents)

    def documents_by_category(self):
        """[(label, [entries…])] in the order of DOCUMENT_CATEGORIES, newest first."""
        groups = {code: [] for code, _label in DOCUMENT_CATEGORIES}
        for block in self.documents:
            groups.setdefault(block.value["category"], []).append(block.value)
        labels = dict(DOCUMENT_CATEGORIES)
        return [
            (code, labels.get(code, code), sorted(entries, key=lambda v: v["date"] or datetime.date.min, reverse=True))
            for code, entries in groups.items()
            if entries
        ]

    def related_documents(self):
        """Documents published on the sibling disclosure pages: [(page, [(title, document)…])]."""
        result = []
        siblings = self.get_siblings(inclusive=False).live().public().specific()
        for page in siblings:
            docs = list(_page_documents(page))
            if docs:
                result.append((page, docs))
        return result


def _page_documents(page):
    """(title, document) pairs published on a disclosure page."""
    if isinstance(page, StructurePage):
        for block in page.bodies:
            if block.value["regulation"]:
                yield block.value["name"], block.value["regulation"]
    elif isinstance(page, EducationPage):
        for block in page.programmes:
            if block.value["document"]:
                yield block.value["title"], block.value["document"]
        for field in (page.curriculum, page.calendar, page.methodology, page.standards):
            for block in field:
                if block.value["document"]:
                    yield block.value["title"], block.value["document"]
    elif isinstance(page, AccreditationPage):
        for block in [*page.accreditations, *page.licences]:
            if block.value["document"]:
                yield f'{block.value["title"]} № {block.value["number"]}', block.value["document"]
            for annex in block.value["annexes"]:
                if annex["document"]:
                    yield annex["title"], annex["document"]
    elif isinstance(page, AdmissionsPage):
        for block in page.rules_documents:
            if block.value["document"]:
                yield block.value["title"], block.value["document"]
    elif isinstance(page, FinancePage):
        for block in page.reports:
            yield block.value["title"], block.value["document"]
        for block in page.plans:
            if block.value["document"]:
                yield block.value["title"], block.value["document"]


# --- news, events, gallery --------------------------------------------------------------------------

class NewsIndexPage(SchoolPage):
    """News and events (R-S16), newest first, ten to a page."""

    per_page = 10

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage", "cms.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news and events")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        kind = request.GET.get("kind")
        if kind == "events":
            items = EventPage.objects.live().public().child_of(self).order_by("-start", "-pk")
        else:
            kind = "news" if kind == "news" else ""
            items = NewsPage.objects.live().public().child_of(self).select_related("image").order_by("-date", "-pk")
        paginator = Paginator(items, self.per_page)
        try:
            page_obj = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page_obj = paginator.page(1)
        except EmptyPage:
            raise Http404
        context.update(
            {
                "kind": kind,
                "page_obj": page_obj,
                "items": page_obj.object_list,
                "upcoming_events": EventPage.objects.live()
                .public()
                .child_of(self)
                .filter(start__gte=timezone.localdate())
                .order_by("start")[:5],
            }
        )
        return context


class NewsPage(SchoolPage):
    date = models.DateField(_("date"), default=datetime.date.today)
    image = _image_fk(_("image"))
    body = StreamField(blocks.BodyBlock(), verbose_name=_("text"), blank=True)

    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []

    content_panels = [
        *SchoolPage.content_panels,
        FieldPanel("date"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [*SchoolPage.search_fields, index.SearchField("body"), index.FilterField("date")]

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")


class EventPage(SchoolPage):
    start = models.DateField(_("start date"))
    end = models.DateField(_("end date"), null=True, blank=True)
    time = models.CharField(_("time"), max_length=50, blank=True, help_text=_("E.g. “10:00”."))
    location = models.CharField(_("place"), max_length=255, blank=True)
    image = _image_fk(_("image"))
    body = StreamField(blocks.BodyBlock(), verbose_name=_("text"), blank=True)

    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []

    content_panels = [
        *SchoolPage.content_panels,
        MultiFieldPanel(
            [FieldPanel("start"), FieldPanel("end"), FieldPanel("time"), FieldPanel("location")],
            heading=_("When and where"),
        ),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [*SchoolPage.search_fields, index.SearchField("body"), index.SearchField("location")]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    @property
    def is_past(self):
        return (self.end or self.start) < timezone.localdate()


class GalleryIndexPage(SchoolPage):
    """Creative work of students and teachers (R-S16)."""

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.GalleryPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("gallery")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        albums = GalleryPage.objects.live().public().child_of(self).order_by("-date", "-pk")
        kind = request.GET.get("kind")
        if kind in dict(GALLERY_KINDS):
            albums = albums.filter(kind=kind)
        else:
            kind = ""
        context.update({"albums": albums, "kind": kind, "kinds": GALLERY_KINDS})
        return context


class GalleryPage(SchoolPage):
    kind = models.CharField(_("kind of work"), max_length=20, choices=GALLERY_KINDS, default="students")
    date = models.DateField(_("date"), default=datetime.date.today)
    authors = models.CharField(_("authors"), max_length=255, blank=True, help_text=_("E.g. “Students of 7 «А»”."))
    images = StreamField([("image", blocks.CaptionedImageBlock())], verbose_name=_("images"), blank=True)

    parent_page_types = ["cms.GalleryIndexPage"]
    subpage_types = []

    content_panels = [
        *SchoolPage.content_panels,
        MultiFieldPanel([FieldPanel("kind"), FieldPanel("date"), FieldPanel("authors")], heading=_("About the work")),
        FieldPanel("images"),
    ]
    search_fields = [*SchoolPage.search_fields, index.SearchField("authors"), index.SearchField("images")]

    class Meta:
        verbose_name = _("album")
        verbose_name_plural = _("albums")

    @property
    def cover(self):
        return self.images[0].value["image"] if self.images else None


# --- contacts, site map, ordinary pages -------------------------------------------------------------------

class ContactPage(SchoolPage):
    """Contacts: addresses, phones and email come from the “Basic facts” page (one source)."""

    directions = RichTextField(_("how to get there"), blank=True, features=RICH)

    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    content_panels = [*SchoolPage.content_panels, FieldPanel("directions")]

    class Meta:
        verbose_name = _("contacts")

    @cached_property
    def facts(self):
        home = self.get_parent()
        return BasicFactsPage.objects.live().descendant_of(home).first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["facts"] = self.facts
        return context


class SiteMapPage(SchoolPage):
    """The structure of the site for people (R-S14)."""

    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("site map")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        home = self.get_parent()
        pages = list(
            home.get_descendants(inclusive=True)
            .live()
            .public()
            .in_menu()
            .exclude(depth__gt=home.depth + 2)
            .order_by("path")
        )
        if home not in pages:
            pages.insert(0, home)
        context["tree"] = _as_tree(pages)
        return context


def _as_tree(pages):
    """Nest a path-ordered list of pages: [(page, [(child, […]), …])]."""
    root = []
    stack = []  # (depth, children list)
    for page in pages:
        node = (page, [])
        while stack and stack[-1][0] >= page.depth:
            stack.pop()
        (stack[-1][1] if stack else root).append(node)
        stack.append((page.depth, node[1]))
    return root


class StandardPage(SchoolPage):
    body = StreamField(blocks.BodyBlock(), verbose_name=_("text"), blank=True)

    parent_page_types = ["cms.HomePage", "cms.AboutSchoolPage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    content_panels = [*SchoolPage.content_panels, FieldPanel("body")]
    search_fields = [*SchoolPage.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("ordinary page")


__all__ = [
    "AboutSchoolPage",
    "AccreditationPage",
    "AdmissionsPage",
    "BasicFactsPage",
    "ContactPage",
    "DocumentsPage",
    "EducationPage",
    "EventPage",
    "FacilitiesPage",
    "FinancePage",
    "GalleryIndexPage",
    "GalleryPage",
    "HomePage",
    "LeadershipPage",
    "NewsIndexPage",
    "NewsPage",
    "SiteMapPage",
    "StandardPage",
    "StructurePage",
    "TeachingStaffIndexPage",
    "has_text",
]
