"""Per-school settings of the class journal (one row per school; no row: the defaults)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JournalSettings(models.Model):
    """How a school keeps its class journal. A school without a row has the defaults."""

    school = models.OneToOneField("portal.School", on_delete=models.CASCADE, related_name="journal_settings")
    grade_with_absence = models.BooleanField(
        _("grade and absence in the same cell"), default=False,
        help_text=_("Allow a grade for a student marked absent at the same lesson (for example «н 2»: "
                    "work handed in although absent). Off: such a cell is refused."),
    )

    class Meta:
        verbose_name = _("journal settings")
        verbose_name_plural = _("journal settings")

    def __str__(self):
        return str(self.school)
