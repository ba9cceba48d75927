"""The disclosure completeness report: every mandated item R-S1…R-S10, in Kyrgyz and in
Russian, filled or missing, with a link to the place in the admin where to fill it.

Each item names the page type that holds it and a check on that page. A check returns a
`Check`: whether the item is filled, the text that was found (used to spot a Russian page
that still carries the Kyrgyz original) and an optional note. The teaching staff (R-S8) is
checked on the register's data, teacher by teacher, in each language.
"""

import re
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from wagtail.models import Locale, Page

from .choices import INSTRUCTION_LANGUAGES
from .models import (
    AboutSchoolPage,
    AccreditationPage,
    AdmissionsPage,
    BasicFactsPage,
    DocumentsPage,
    EducationPage,
    FacilitiesPage,
    FinancePage,
    LeadershipPage,
    StructurePage,
    TeachingStaffIndexPage,
)
from .models.mixins import has_text

CONFLICT = "conflict"
OK, MISSING, EXPIRED, UNTRANSLATED, NOT_APPLICABLE, UNPUBLISHED = (
    "ok",
    "missing",
    "expired",
    "untranslated",
    "not_applicable",
    "unpublished",
)
STATUS_LABELS = {
    OK: _("filled"),
    MISSING: _("missing"),
    EXPIRED: _("expired"),
    UNTRANSLATED: _("not translated"),
    NOT_APPLICABLE: _("not applicable"),
    UNPUBLISHED: _("not published"),
    CONFLICT: _("contradicts the register"),
}
GOOD_STATES = {OK, NOT_APPLICABLE}
KYRGYZ_LETTERS = re.compile("[ңөүҢӨҮ]")


@dataclass
class Check:
    filled: bool
    text: str = ""
    note: str = ""
    status: str = ""  # overrides filled (e.g. EXPIRED, NOT_APPLICABLE)

    def __post_init__(self):
        if not self.status:
            self.status = OK if self.filled else MISSING


@dataclass(frozen=True)
class Item:
    code: str
    key: str
    label: Promise
    model: type
    check: object  # callable(page) -> Check


@dataclass
class Cell:
    status: str
    note: str = ""
    url: str = ""
    page: Page | None = None

    @property
    def ok(self):
        return self.status in GOOD_STATES

    @property
    def label(self):
        return STATUS_LABELS[self.status]


@dataclass
class Row:
    item: Item
    cells: dict = field(default_factory=dict)  # language code → Cell

    @property
    def ok(self):
        return all(cell.ok for cell in self.cells.values())


# --- checks --------------------------------------------------------------------------------------

def _text(*values):
    return " | ".join(str(v) for v in values if v not in (None, ""))


def _stream_text(stream, *names):
    parts = []
    for block in stream:
        for name in names:
            value = block.value.get(name)
            if value:
                parts.append(str(value))
    return " | ".join(parts)


def _rich(value):
    return Check(has_text(value), text=str(value or ""))


def _facts_main_address(page):
    address = page.main_address
    return Check(address is not None and bool(address["address"]), text=_stream_text(page.addresses, "name", "address"))


def _facts_branches(page):
    if page.branches:
        return Check(True, text=_stream_text(page.addresses, "address"))
    if page.no_branches:
        return Check(True, status=NOT_APPLICABLE, note=str(_("The school has no branches.")))
    return Check(False, note=str(_("Add the branches or tick “the school has no branches”.")))


_FIVE_DAYS = re.compile(r"беш\s*күндүк|пятиднев|5-?\s*(күндүк|днев)", re.IGNORECASE)
_SIX_DAYS = re.compile(r"алты\s*күндүк|шестиднев|6-?\s*(күндүк|днев)", re.IGNORECASE)


def _facts_schedule(page):
    """Filled by the register's bell times or the typed schedule; typed bell times or a typed
    five-/six-day week that contradict the register's timetable are flagged with both values."""
    from journal.register.selectors.public import public_bell_schedule, public_school_week

    school = page.get_school()
    register_bells = public_bell_schedule(school)
    conflicts = []
    if register_bells and page.bell_schedule:
        known = {(shift, b["number"]): b for shift, bells in register_bells for b in bells}
        for block in page.bell_schedule:
            v = block.value
            bell = known.get((v["shift"], v["number"]))
            typed = f"{v['start']:%H:%M}–{v['end']:%H:%M}" if v.get("start") and v.get("end") else "?"
            have = f"{bell['start']:%H:%M}–{bell['end']:%H:%M}" if bell else "—"
            if typed != have:
                conflicts.append(str(_("Shift %(shift)s, lesson %(number)s: typed %(typed)s, the register has %(register)s"))
                                 % {"shift": v["shift"], "number": v["number"], "typed": typed, "register": have})
    week = {days for _first, _last, days in public_school_week(school)}
    note = page.schedule_note or ""
    if week and ((_FIVE_DAYS.search(note) and 5 not in week) or (_SIX_DAYS.search(note) and 6 not in week)):
        conflicts.append(str(_("The typed schedule names a school week the timetable does not have (the timetable: %(days)s days a week)"))
                         % {"days": ", ".join(str(d) for d in sorted(week))})
    if conflicts:
        return Check(False, status=CONFLICT, note="; ".join(conflicts))
    return Check(bool(register_bells) or bool(page.bell_schedule) or has_text(page.schedule_note), text=page.schedule_note)


def _structure_bodies(page):
    bodies = page.governance_bodies()
    return Check(bool(bodies), text=_stream_text(page.bodies, "name", "description"))


def _structure_regulations(page):
    if not page.bodies:
        return Check(False)
    without = [b.value["name"] for b in page.bodies if not b.value["regulation"]]
    if without:
        return Check(False, note=str(_("No regulation: %s")) % ", ".join(without))
    return Check(True)


def _levels(page):
    return Check(bool(page.levels))


def _forms(page):
    return Check(bool(page.levels) and all(b.value["forms"] for b in page.levels))


def _terms(page):
    return Check(bool(page.levels) and all(b.value["term_years"] for b in page.levels))


def _permits(stream, need_annexes=False):
    if not stream:
        return Check(False)
    today = timezone.localdate()
    expired = [b.value["number"] for b in stream if b.value["valid_until"] and b.value["valid_until"] < today]
    if expired:
        return Check(False, status=EXPIRED, note=str(_("Expired: № %s")) % ", ".join(expired))
    return Check(True, text=_stream_text(stream, "title", "issued_by"))


def _permit_copies(stream):
    if not stream:
        return Check(False)
    without = [b.value["number"] for b in stream if not b.value["document"]]
    if without:
        return Check(False, note=str(_("No copy: № %s")) % ", ".join(without))
    return Check(True)


def _permit_annexes(stream):
    if not stream:
        return Check(False)
    without = [b.value["number"] for b in stream if not any(a["document"] or a["url"] for a in b.value["annexes"])]
    if without:
        return Check(False, note=str(_("No annexes: № %s")) % ", ".join(without))
    return Check(True)


def _programmes(page):
    if not page.programmes:
        return Check(False)
    without = [b.value["title"] for b in page.programmes if not b.value["document"]]
    if without:
        return Check(False, note=str(_("No copy: %s")) % ", ".join(without))
    return Check(True, text=_stream_text(page.programmes, "title", "description"))


def _programme_subjects(page):
    return Check(bool(page.programmes) and all(has_text(b.value["subjects"]) for b in page.programmes),
                 text=_stream_text(page.programmes, "subjects"))


def _preschool(page):
    if not page.has_preschool:
        return Check(True, status=NOT_APPLICABLE)
    return Check(any(b.value["level"] == "preschool" for b in page.programmes))


def _students(page):
    """Filled when every programme has a figure (the register's for its level, else typed); a
    typed number that differs from the register's is flagged with both values."""
    if not page.programmes:
        return Check(False)
    counts = page.register_students()
    conflicts = []
    for block in page.programmes:
        typed, level = block.value["students"], block.value["level"]
        if typed is not None and level in counts and typed != counts[level]:
            conflicts.append(str(_("“%(programme)s”: typed %(typed)s, the register has %(register)s"))
                             % {"programme": block.value["title"], "typed": typed, "register": counts[level]})
    if conflicts:
        return Check(False, status=CONFLICT, note="; ".join(conflicts))
    return Check(all(block.value["level"] in counts or block.value["students"] is not None for block in page.programmes))


def _languages(page):
    """Filled by the register's classes or the typed languages; a typed language no class is
    taught in, or a class language not typed, contradicts the register."""
    from journal.register.selectors.public import public_students_by_language

    register = {code for code, n in public_students_by_language(page.get_school()).items() if n}
    typed = {code for block in page.programmes for code in block.value["languages"]}
    if register and typed and typed != register:
        labels = dict(INSTRUCTION_LANGUAGES)
        return Check(False, status=CONFLICT, note=str(_("Languages typed: %(typed)s; the register's classes: %(register)s"))
                     % {"typed": ", ".join(str(labels.get(c, c)) for c in sorted(typed)),
                        "register": ", ".join(str(labels.get(c, c)) for c in sorted(register))})
    return Check(bool(register) or bool(page.languages_of_instruction()))


def _documents(stream_name):
    def check(page):
        stream = getattr(page, stream_name)
        return Check(bool(stream), text=_stream_text(stream, "title"))

    return check


def _leaders(page):
    """(register leaders, head) — the register's director and deputies when it has them."""
    leaders = page.register_leaders()
    if leaders:
        return leaders, next((x for x in leaders if x["is_head"]), None)
    return [], page.head


def _typed_leaders_conflicts(page, register):
    """Typed leaders that contradict the register: a person it does not list as director or
    deputy, or a different head."""
    known = {(x["last_name"], x["first_name"]): x for x in register}
    conflicts = []
    for block in page.leaders:
        v = block.value
        key = (v["last_name"].strip(), v["first_name"].strip())
        name = _text(v["last_name"], v["first_name"])
        if key not in known:
            conflicts.append(str(_("%(name)s is typed as a leader, but the register has no such director or deputy"))
                             % {"name": name})
        elif bool(v["is_head"]) != known[key]["is_head"]:
            conflicts.append(str(_("%(name)s: typed as head of the school differently from the register")) % {"name": name})
    return conflicts


def _head(page):
    register, head = _leaders(page)
    if register:
        conflicts = _typed_leaders_conflicts(page, register)
        if conflicts:
            return Check(False, status=CONFLICT, note="; ".join(conflicts))
    if head is None:
        return Check(False, note=str(_("Tick “head of the school” for one of the leaders.")))
    # the register's name and position (a translated label) need no translation check: only typed text
    text = "" if register else _text(head["last_name"], head["first_name"], head["patronymic"], head["position"])
    return Check(bool(head["last_name"] and head["first_name"] and head["position"]), text=str(text))


def _head_field(name):
    def check(page):
        head = _leaders(page)[1]
        return Check(bool(head and head[name]))

    return check


def _facilities(field_name, count_name=None):
    def check(page):
        value = getattr(page, field_name)
        counted = bool(count_name and getattr(page, count_name))
        return Check(has_text(value) or counted, text=str(value or ""))

    return check


def _admission_rules(page):
    return Check(has_text(page.rules) or bool(page.rules_documents), text=str(page.rules or ""))


def _finance_reports(page):
    if not page.reports:
        return Check(False)
    latest = max(b.value["year"] for b in page.reports)
    if latest < timezone.localdate().year - 1:
        return Check(False, status=EXPIRED, note=str(_("The latest report is for %s.")) % latest)
    return Check(True, text=_stream_text(page.reports, "title"))


def _charter(page):
    return Check(page.has_category("charter"))


def _staff_page(page):
    return Check(True)


ITEMS = [
    # R-S1
    Item("R-S1", "full_name", _("Full name of the school"), BasicFactsPage, lambda p: Check(has_text(p.full_name), text=p.full_name)),
    Item("R-S1", "founding_date", _("Founding date"), BasicFactsPage, lambda p: Check(p.founding_date is not None)),
    Item("R-S1", "address", _("Address"), BasicFactsPage, _facts_main_address),
    Item("R-S1", "branches", _("Addresses of branches"), BasicFactsPage, _facts_branches),
    Item("R-S1", "working_hours", _("Working hours"), BasicFactsPage,
         lambda p: Check(bool(p.working_hours), text=_stream_text(p.working_hours, "days", "hours"))),
    Item("R-S1", "schedule", _("Schedule of studies"), BasicFactsPage, _facts_schedule),
    Item("R-S1", "phones", _("Phones"), BasicFactsPage, lambda p: Check(bool(p.phones), text=_stream_text(p.phones, "label"))),
    Item("R-S1", "email", _("Email"), BasicFactsPage, lambda p: Check(bool(p.emails))),
    # R-S2
    Item("R-S2", "bodies", _("Structure and governance bodies"), StructurePage, _structure_bodies),
    Item("R-S2", "regulations", _("Regulations of the governance bodies (copies)"), StructurePage, _structure_regulations),
    # R-S3
    Item("R-S3", "levels", _("Levels of education"), EducationPage, _levels),
    Item("R-S3", "forms", _("Forms of study"), EducationPage, _forms),
    Item("R-S3", "terms", _("Normative terms of study"), EducationPage, _terms),
    # R-S4
    Item("R-S4", "accreditation", _("State accreditation and its validity"), AccreditationPage, lambda p: _permits(p.accreditations)),
    Item("R-S4", "accreditation_copy", _("Accreditation certificate (copy)"), AccreditationPage, lambda p: _permit_copies(p.accreditations)),
    Item("R-S4", "accreditation_annexes", _("Annexes to the certificate"), AccreditationPage, lambda p: _permit_annexes(p.accreditations)),
    # R-S5
    Item("R-S5", "programmes", _("Education programmes with copies"), EducationPage, _programmes),
    Item("R-S5", "subjects", _("Subjects and courses of the programmes"), EducationPage, _programme_subjects),
    Item("R-S5", "preschool", _("Pre-school programme"), EducationPage, _preschool),
    Item("R-S5", "students", _("Number of students per programme"), EducationPage, _students),
    Item("R-S5", "languages", _("Languages of instruction"), EducationPage, _languages),
    Item("R-S5", "standards", _("State educational standards"), EducationPage, _documents("standards")),
    # R-S6
    Item("R-S6", "curriculum", _("Curriculum (copy)"), EducationPage, _documents("curriculum")),
    Item("R-S6", "calendar", _("Academic calendar (copy)"), EducationPage, _documents("calendar")),
    Item("R-S6", "methodology", _("Methodological documents"), EducationPage, _documents("methodology")),
    # R-S7
    Item("R-S7", "head", _("Head of the school: full name and position"), LeadershipPage, _head),
    Item("R-S7", "head_phone", _("Head of the school: phones"), LeadershipPage, _head_field("phone")),
    Item("R-S7", "head_email", _("Head of the school: email"), LeadershipPage, _head_field("email")),
    # R-S8 (the page; the data of each teacher is checked separately)
    Item("R-S8", "staff_page", _("Teaching staff page"), TeachingStaffIndexPage, _staff_page),
    # R-S9
    Item("R-S9", "classrooms", _("Classrooms"), FacilitiesPage, _facilities("classrooms", "classrooms_count")),
    Item("R-S9", "practical", _("Facilities for practical training"), FacilitiesPage, _facilities("practical")),
    Item("R-S9", "library", _("Library"), FacilitiesPage, _facilities("library", "library_books")),
    Item("R-S9", "sports", _("Sports facilities"), FacilitiesPage, _facilities("sports")),
    Item("R-S9", "health", _("Health care"), FacilitiesPage, _facilities("health")),
    Item("R-S9", "meals", _("Meals"), FacilitiesPage, _facilities("meals")),
    Item("R-S9", "ict", _("Access to information and communication technologies"), FacilitiesPage, _facilities("ict", "computers_count")),
    Item("R-S9", "e_resources", _("Electronic educational resources"), FacilitiesPage, lambda p: Check(bool(p.e_resources))),
    # R-S10
    Item("R-S10", "admissions", _("Admission rules"), AdmissionsPage, _admission_rules),
    Item("R-S10", "places", _("Vacant places"), AdmissionsPage, lambda p: Check(bool(p.places))),
    Item("R-S10", "volume", _("Volume of educational activity"), FinancePage, lambda p: _rich(p.volume)),
    Item("R-S10", "receipts", _("Financial and material receipts and their use"), FinancePage, _finance_reports),
    Item("R-S10", "charter", _("Charter"), DocumentsPage, _charter),
    Item("R-S10", "licences", _("Licences and their validity"), AccreditationPage, lambda p: _permits(p.licences)),
    Item("R-S10", "licence_annexes", _("Licences: copies and annexes"), AccreditationPage,
         lambda p: Check(_permit_copies(p.licences).filled and _permit_annexes(p.licences).filled)),
]

REQUIREMENTS = {
    "R-S1": _("School facts"),
    "R-S2": _("Structure and governance"),
    "R-S3": _("Levels, forms and terms of education"),
    "R-S4": _("State accreditation"),
    "R-S5": _("Education programmes"),
    "R-S6": _("Curriculum, calendar, methodology"),
    "R-S7": _("Head of the school"),
    "R-S8": _("Teaching staff"),
    "R-S9": _("Material and technical base"),
    "R-S10": _("Admissions, finance, charter, licences"),
}


# --- the report ----------------------------------------------------------------------------------

def _edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def _add_url(model, parent):
    return reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])


def _translate_url(page):
    try:
        return reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    except NoReverseMatch:
        return _edit_url(page)


def _homes(site):
    """The site's home page in each content language (None where not translated)."""
    root = site.root_page
    homes = {}
    for locale in Locale.objects.all():
        homes[locale.language_code] = (
            root if root.locale_id == locale.pk else root.get_translation_or_none(locale)
        )
    return homes


def _pages_by_model(home):
    """{model: specific page} of the disclosure pages under a home page (live or not)."""
    models = {item.model for item in ITEMS}
    found = {}
    if home is None:
        return found
    for page in home.get_descendants().type(*models).specific():
        found.setdefault(type(page), page)
    return found


class Report:
    """The completeness of one site, per language. `rows` in ITEMS order; `staff` the teachers
    with incomplete R-S8 data."""

    def __init__(self, site, school=None):
        self.site = site
        self.school = school
        self.languages = [code for code, _label in _content_languages()]
        homes = _homes(site)
        self.homes = homes
        original = site.root_page.locale.language_code
        pages = {code: _pages_by_model(homes.get(code)) for code in self.languages}
        about = {code: AboutSchoolPage.objects.descendant_of(homes[code]).first() if homes.get(code) else None
                 for code in self.languages}
        self.rows = []
        for item in ITEMS:
            row = Row(item)
            checks = {}
            for code in self.languages:
                page = pages[code].get(item.model)
                if page is None:
                    source = pages[original].get(item.model)
                    if code != original and source is not None:
                        row.cells[code] = Cell(MISSING, str(_("The page is not translated.")), _translate_url(source))
                    else:
                        parent = about[code] or homes.get(code)
                        url = _add_url(item.model, parent) if parent is not None else reverse("wagtailadmin_explore_root")
                        row.cells[code] = Cell(MISSING, str(_("The page does not exist.")), url)
                    continue
                result = item.check(page)
                checks[code] = result
                status = result.status
                if status in GOOD_STATES and not page.live:
                    status = UNPUBLISHED
                row.cells[code] = Cell(status, result.note, _edit_url(page), page)
            # a Russian text identical to the Kyrgyz original, with Kyrgyz letters, is not translated
            for code, result in checks.items():
                source = checks.get(original)
                if (
                    code != original
                    and source is not None
                    and result.status in GOOD_STATES
                    and result.text
                    and result.text == source.text
                    and KYRGYZ_LETTERS.search(result.text)
                ):
                    row.cells[code].status = UNTRANSLATED
            self.rows.append(row)
        self.staff_total, self.staff = staff_completeness(school, self.languages)
        self._add_staff_rows(pages)

    def _add_staff_rows(self, pages):
        item = Item("R-S8", "staff_data", _("Data of every teacher (R-S8)"), TeachingStaffIndexPage, _staff_page)
        row = Row(item)
        for code in self.languages:
            incomplete = [entry for entry in self.staff if entry["missing"].get(code)]
            page = pages[code].get(TeachingStaffIndexPage)
            url = _edit_url(page) if page is not None else ""
            if self.school is None or self.staff_total == 0:
                row.cells[code] = Cell(MISSING, str(_("No teacher is published from the register.")), url)
            elif incomplete:
                note = ngettext("%(n)d teacher with incomplete data", "%(n)d teachers with incomplete data", len(incomplete)) % {"n": len(incomplete)}
                row.cells[code] = Cell(MISSING, note, "#staff")
            else:
                row.cells[code] = Cell(OK, "", url)
        index = next(i for i, r in enumerate(self.rows) if r.item.key == "staff_page") + 1
        self.rows.insert(index, row)

    def groups(self):
        """[(code, title, rows)] per requirement."""
        result = []
        for code, title in REQUIREMENTS.items():
            rows = [r for r in self.rows if r.item.code == code]
            result.append((code, title, rows, all(r.ok for r in rows)))
        return result

    def summary(self):
        """{language: (filled, total)} and the overall missing count."""
        totals = {}
        for code in self.languages:
            filled = sum(1 for r in self.rows if r.cells[code].ok)
            totals[code] = (filled, len(self.rows))
        return totals

    @property
    def missing_count(self):
        return sum(1 for r in self.rows for c in r.cells.values() if not c.ok)

    @property
    def complete(self):
        return self.missing_count == 0


def _content_languages():
    from django.conf import settings

    return getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", settings.LANGUAGES)


STAFF_FIELDS = [
    # (label, language-neutral test or per-language field base)
    ("position", pgettext_lazy("job", "position"), None),
    ("subjects", _("subjects taught"), None),
    ("education", _("education"), "education"),
    ("specialty", _("field, specialty"), "specialty"),
    ("training", _("professional development"), "training"),
]


def staff_completeness(school, languages):
    """(number of public teachers, the teachers whose R-S8 data is incomplete:
    [{"member": StaffMember, "missing": {"ky": [labels…], "ru": […]}}])."""
    from journal.register.selectors.public import public_teaching_staff

    report = []
    if school is None:
        return 0, report
    members = list(public_teaching_staff(school))
    for member in members:
        missing = {}
        for code in languages:
            labels = []
            for key, label, base in STAFF_FIELDS:
                if key == "subjects":
                    empty = not list(member.subjects.all())
                elif base:
                    empty = not has_text(getattr(member, f"{base}_{code}", ""))
                else:
                    empty = not getattr(member, key)
                if empty:
                    labels.append(str(label))
            if labels:
                missing[code] = labels
        if missing:
            report.append({"member": member, "missing": missing, "url": staff_edit_url(member)})
    return len(members), report


def staff_edit_url(member):
    """Where the register edits a staff member ('' until the register offers such a page)."""
    for name in ("journal:staff_edit", "journal:staff_update", "journal:staff_detail"):
        try:
            return reverse(name, args=[member.pk])
        except NoReverseMatch:
            continue
    return ""


def build_report(site, school=None):
    """The completeness report of a site (its school found through School.site)."""
    from portal.models import School

    if school is None:
        school = School.objects.filter(site=site).first()
    return Report(site, school)
