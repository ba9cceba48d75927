"""Lessons and the calendar-thematic plan."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.private_files import RandomPath, get_private_storage


class PlanTopic(models.Model):
    """One topic of the calendar-thematic plan (КТП) of a teaching assignment."""

    assignment = models.ForeignKey(
        "journal.TeachingAssignment", on_delete=models.CASCADE, related_name="plan_topics"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    section = models.CharField(_("section"), max_length=255, blank=True)
    title = models.CharField(_("topic"), max_length=500)
    hours = models.PositiveSmallIntegerField(_("hours"), default=1)
    is_control = models.BooleanField(_("control or written work"), default=False)
    planned_date = models.DateField(_("planned date"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan topic")
        verbose_name_plural = _("calendar-thematic plan")
        ordering = ["assignment", "order"]
        constraints = [models.UniqueConstraint(fields=["assignment", "order"], name="plan_topic_order_unique")]

    def __str__(self):
        return f"{self.order}. {self.title}"


class LessonStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Lesson(models.Model):
    """A lesson of a teaching assignment on a date (generated from the timetable or added)."""

    # school and assignment: no index of their own, the (school, date) and (assignment, date)
    # indexes below serve every lookup by them (a redundant index is one more write per lesson)
    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="+", db_index=False)
    assignment = models.ForeignKey(
        "journal.TeachingAssignment", verbose_name=_("subject and class"), on_delete=models.CASCADE,
        related_name="lessons", db_index=False,
    )
    date = models.DateField(_("date"))
    lesson_number = models.PositiveSmallIntegerField(_("lesson number"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=LessonStatus.choices, default=LessonStatus.PLANNED)
    plan_topic = models.ForeignKey(
        PlanTopic, verbose_name=_("plan topic"), null=True, blank=True, on_delete=models.SET_NULL, related_name="lessons"
    )
    topic = models.CharField(_("topic"), max_length=500, blank=True)
    homework = models.TextField(_("homework"), blank=True)
    homework_file = models.FileField(
        _("homework attachment"), upload_to=RandomPath("homework"), storage=get_private_storage, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    substitute_teacher = models.ForeignKey(
        "journal.StaffMember", verbose_name=_("substitute teacher"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="substitutions",
    )
    attendance_taken = models.BooleanField(_("attendance taken"), default=False)
    grade_type = models.ForeignKey(
        "gradebook.GradeType", verbose_name=_("grade type of the column"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("The type new grades of this lesson get; empty: oral answer (control work for a control lesson)."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey("portal.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["date", "lesson_number"]
        indexes = [
            models.Index(fields=["assignment", "date"]),
            models.Index(fields=["school", "date"]),
        ]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} {self.assignment}"

    @property
    def homework_file_name(self):
        """The attachment's file name as the teacher uploaded it (without the private path)."""
        return self.homework_file.name.rsplit("/", 1)[-1] if self.homework_file else ""
