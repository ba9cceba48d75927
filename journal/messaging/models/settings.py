"""Per-school settings of communication (one row per school; no row: the defaults).

A small model of this app rather than a field on the class journal's JournalSettings: the
journal's settings belong to the gradebook, and a sub-app does not write into a sibling's tables."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class MessagingSettings(models.Model):
    school = models.OneToOneField("portal.School", on_delete=models.CASCADE, related_name="messaging_settings")
    students_may_write = models.BooleanField(
        _("students and teachers write to each other"), default=True,
        help_text=_("Off: students have no messages, and teachers cannot write to students."),
    )
    forum_premoderation = models.BooleanField(
        _("forum posts are checked before publication"), default=True,
        help_text=_("On: a new post is visible to others only after a moderator approves it (pre-moderation). "
                    "Off: posts appear at once and moderators remove what breaks the rules (post-moderation)."),
    )
    messages_per_minute = models.PositiveSmallIntegerField(
        _("messages a person may send per minute"), default=10,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )

    class Meta:
        verbose_name = _("communication settings")
        verbose_name_plural = _("communication settings")

    def __str__(self):
        return str(self.school)

    @classmethod
    def for_school(cls, school):
        """The school's row, or an unsaved row with the defaults."""
        return cls.objects.filter(school=school).first() or cls(school=school)
