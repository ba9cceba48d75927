"""StreamField blocks of the school website.

Mandated disclosures (R-S1…R-S10) are typed blocks, not free text, so that the disclosure
completeness report can tell what is missing. Text sub-blocks (CharBlock, TextBlock,
RichTextBlock) are translated by wagtail-localize; dates, numbers, choices, documents and
images are synchronised from the Kyrgyz original.
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from .choices import (
    ADDRESS_KINDS,
    DOCUMENT_CATEGORIES,
    EDUCATION_LEVELS,
    GOVERNANCE_KINDS,
    INSTRUCTION_LANGUAGES,
    STUDY_FORMS,
)

RICH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


# --- generic ----------------------------------------------------------------------------------

class DocumentLinkBlock(blocks.StructBlock):
    """A titled document: an uploaded file, or a link to an official source (e.g. a state
    standard on the ministry's site)."""

    title = blocks.CharBlock(label=_("Title"))
    document = DocumentChooserBlock(label=_("Document"), required=False)
    url = blocks.URLBlock(label=_("or a link"), required=False)
    date = blocks.DateBlock(label=_("Date"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "cms/blocks/document_link.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("document") and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={"document": ErrorList([ValidationError(_("Choose a document or give a link."))])}
            )
        return value


class FactBlock(blocks.StructBlock):
    """A quick fact on the home page: «1961 — founded»."""

    value = blocks.CharBlock(label=_("Figure"), max_length=40)
    label = blocks.CharBlock(label=_("Meaning"), max_length=80)

    class Meta:
        icon = "pick"
        label = _("Quick fact")


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False)
    author = blocks.CharBlock(label=_("Author"), required=False, help_text=_("E.g. the student and class."))

    class Meta:
        icon = "image"
        label = _("Image")
        template = "cms/blocks/captioned_image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    author = blocks.CharBlock(label=_("Author"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "cms/blocks/quote.html"


class BodyBlock(blocks.StreamBlock):
    """Free content of news, events and ordinary pages."""

    paragraph = blocks.RichTextBlock(label=_("Text"), features=RICH_FEATURES)
    image = CaptionedImageBlock()
    document = DocumentLinkBlock()
    quote = QuoteBlock()

    class Meta:
        label = _("Content")


# --- R-S1 basic facts ---------------------------------------------------------------------------

class AddressBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(label=_("Kind"), choices=ADDRESS_KINDS, default="main")
    name = blocks.CharBlock(label=_("Name"), required=False, help_text=_("E.g. “Main building”, “Branch in the village of …”"))
    address = blocks.CharBlock(label=_("Address"))
    latitude = blocks.DecimalBlock(label=_("Latitude"), required=False, max_digits=9, decimal_places=6)
    longitude = blocks.DecimalBlock(label=_("Longitude"), required=False, max_digits=9, decimal_places=6)

    class Meta:
        icon = "site"
        label = _("Address")


class PhoneBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Whose phone"), help_text=_("E.g. “Reception”, “Accountant”."))
    number = blocks.CharBlock(label=_("Number"), max_length=40)

    class Meta:
        icon = "mobile-alt"
        label = _("Phone")


class EmailAddressBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Whose email"))
    email = blocks.EmailBlock(label=_("Email"))

    class Meta:
        icon = "mail"
        label = _("Email")


class WorkingHoursBlock(blocks.StructBlock):
    days = blocks.CharBlock(label=_("Days"), help_text=_("E.g. “Monday – Friday”."))
    hours = blocks.CharBlock(label=_("Hours"), help_text=_("E.g. “08:00 – 17:00” or “day off”."))

    class Meta:
        icon = "time"
        label = _("Working hours")


class LessonTimeBlock(blocks.StructBlock):
    shift = blocks.IntegerBlock(label=_("Shift"), min_value=1, max_value=3, default=1)
    number = blocks.IntegerBlock(label=_("Lesson"), min_value=0, max_value=12)
    start = blocks.TimeBlock(label=_("Start"))
    end = blocks.TimeBlock(label=_("End"))

    class Meta:
        icon = "time"
        label = _("Lesson time")


# --- R-S2 structure and governance ----------------------------------------------------------------

class GovernanceBodyBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(label=_("Kind"), choices=GOVERNANCE_KINDS, default="governance")
    name = blocks.CharBlock(label=_("Name"))
    head = blocks.CharBlock(label=_("Head"), required=False)
    description = blocks.TextBlock(label=_("Competence"), required=False)
    regulation = DocumentChooserBlock(
        label=_("Regulation (copy)"), required=False, help_text=_("A copy of the regulation of this body (R-S2).")
    )

    class Meta:
        icon = "group"
        label = _("Governance body or unit")


# --- R-S3, R-S5, R-S6 education ----------------------------------------------------------------

class EducationLevelBlock(blocks.StructBlock):
    level = blocks.ChoiceBlock(label=_("Level of education"), choices=EDUCATION_LEVELS)
    forms = blocks.MultipleChoiceBlock(label=_("Forms of study"), choices=STUDY_FORMS)
    term_years = blocks.IntegerBlock(label=_("Normative term of study, years"), min_value=1, max_value=12)

    class Meta:
        icon = "list-ol"
        label = _("Level of education")


class ProgrammeBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Name of the programme"))
    level = blocks.ChoiceBlock(label=_("Level of education"), choices=EDUCATION_LEVELS)
    description = blocks.TextBlock(label=_("Description"))
    subjects = blocks.TextBlock(
        label=_("Subjects and courses"), help_text=_("Separate the subjects with commas.")
    )
    languages = blocks.MultipleChoiceBlock(label=_("Languages of instruction"), choices=INSTRUCTION_LANGUAGES)
    students = blocks.IntegerBlock(label=_("Number of students"), min_value=0)
    document = DocumentChooserBlock(label=_("Copy of the programme"), required=False)

    class Meta:
        icon = "form"
        label = _("Education programme")


# --- R-S4, R-S10 accreditation and licences -----------------------------------------------------------

class PermitBlock(blocks.StructBlock):
    """A state accreditation certificate or a licence, with its validity and annexes."""

    title = blocks.CharBlock(label=_("What it covers"))
    number = blocks.CharBlock(label=_("Number"), max_length=60)
    issued_by = blocks.CharBlock(label=_("Issued by"))
    issued_on = blocks.DateBlock(label=_("Issued on"))
    valid_until = blocks.DateBlock(
        label=_("Valid until"), required=False, help_text=_("Leave empty if it has no end date.")
    )
    document = DocumentChooserBlock(label=_("Copy of the certificate"), required=False)
    annexes = blocks.ListBlock(DocumentLinkBlock(), label=_("Annexes"), default=[])

    class Meta:
        icon = "tick-inverse"


# --- R-S7 leadership -------------------------------------------------------------------------------

class LeaderBlock(blocks.StructBlock):
    last_name = blocks.CharBlock(label=_("Surname"))
    first_name = blocks.CharBlock(label=pgettext_lazy("person", "Name"))
    patronymic = blocks.CharBlock(label=_("Patronymic"), required=False)
    position = blocks.CharBlock(label=pgettext_lazy("job", "Position"))
    is_head = blocks.BooleanBlock(label=_("Head of the school"), required=False)
    phone = blocks.CharBlock(label=_("Phones"), required=False)
    email = blocks.EmailBlock(label=_("Email"), required=False)
    reception_hours = blocks.CharBlock(label=_("Reception hours"), required=False)
    photo = ImageChooserBlock(label=_("Photo"), required=False)

    class Meta:
        icon = "user"
        label = _("Leader")
        template = "cms/blocks/leader.html"


# --- R-S10 admissions, finance -------------------------------------------------------------------------

class PlacesBlock(blocks.StructBlock):
    grade = blocks.CharBlock(label=pgettext_lazy("grade level", "Grade"), max_length=20)
    places = blocks.IntegerBlock(label=_("Vacant places"), min_value=0)

    class Meta:
        icon = "table"
        label = _("Vacant places")


class FinancialReportBlock(blocks.StructBlock):
    year = blocks.IntegerBlock(label=_("Year"), min_value=1990, max_value=2100)
    title = blocks.CharBlock(label=_("Title"))
    document = DocumentChooserBlock(label=_("Document"))

    class Meta:
        icon = "doc-full"
        label = _("Report")


# --- documents, gallery, menu ----------------------------------------------------------------------------

class DocumentEntryBlock(blocks.StructBlock):
    category = blocks.ChoiceBlock(label=_("Category"), choices=DOCUMENT_CATEGORIES)
    title = blocks.CharBlock(label=_("Title"))
    number = blocks.CharBlock(label=_("Number"), required=False, max_length=40)
    date = blocks.DateBlock(label=_("Date"))
    document = DocumentChooserBlock(label=_("Document"))

    class Meta:
        icon = "doc-full-inverse"
        label = _("Document")


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    url = blocks.URLBlock(label=_("Address"))

    class Meta:
        icon = "link-external"
        label = _("Link")
