"""Choices of the school website (language-neutral codes, labels translated by gettext)."""

from django.utils.translation import gettext_lazy as _

ADDRESS_KINDS = [
    ("main", _("Main building")),
    ("branch", _("Branch")),
    ("building", _("Other building")),
]

GOVERNANCE_KINDS = [
    ("governance", _("Governance body")),
    ("unit", _("Structural unit")),
]

EDUCATION_LEVELS = [
    ("preschool", _("Pre-school education")),
    ("primary", _("Primary general education (grades 1–4)")),
    ("basic", _("Basic general education (grades 5–9)")),
    ("secondary", _("Secondary general education (grades 10–11)")),
    ("additional", _("Additional education")),
]

STUDY_FORMS = [
    ("full_time", _("Full-time")),
    ("evening", _("Evening")),
    ("extramural", _("Extramural")),
    ("family", _("Family education")),
    ("home", _("Home-based schooling")),
    ("distance", _("Distance learning")),
]

INSTRUCTION_LANGUAGES = [
    ("ky", _("Kyrgyz")),
    ("ru", _("Russian")),
    ("uz", _("Uzbek")),
    ("tg", _("Tajik")),
    ("en", _("English")),
]

DOCUMENT_CATEGORIES = [
    ("charter", _("Charter")),
    ("licence", _("Licences")),
    ("accreditation", _("State accreditation")),
    ("local_act", _("Local acts and regulations")),
    ("order", _("Orders")),
    ("report", _("Reports")),
    ("self_assessment", _("Self-assessment report")),
    ("finance", _("Financial documents")),
    ("inspection", _("Inspection results")),
    ("other", _("Other documents")),
]

GALLERY_KINDS = [
    ("students", _("Work of students")),
    ("teachers", _("Work of teachers")),
    ("school_life", _("School life")),
]
