"""Bell times, the weekly timetable and the school events calendar."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")


class BellTime(models.Model):
    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="bell_times")
    shift = models.PositiveSmallIntegerField(_("shift"), default=1)
    number = models.PositiveSmallIntegerField(_("lesson number"))
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"))

    class Meta:
        verbose_name = _("bell time")
        verbose_name_plural = _("bell times")
        ordering = ["shift", "number"]
        constraints = [models.UniqueConstraint(fields=["school", "shift", "number"], name="bell_unique")]

    def __str__(self):
        return f"{self.number}. {self.start:%H:%M}–{self.end:%H:%M}"


class TimetableEntry(models.Model):
    """One slot of a class's weekly timetable: day × lesson number → assignment (subject,
    teacher, subgroup) and room. Valid for a date range, so the timetable can change mid-year."""

    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="+")
    year = models.ForeignKey("journal.AcademicYear", on_delete=models.CASCADE, related_name="timetable")
    class_group = models.ForeignKey(
        "journal.ClassGroup", verbose_name=_("class"), on_delete=models.CASCADE, related_name="timetable"
    )
    weekday = models.PositiveSmallIntegerField(_("day of the week"), choices=Weekday.choices)
    lesson_number = models.PositiveSmallIntegerField(_("lesson number"))
    assignment = models.ForeignKey(
        "journal.TeachingAssignment", verbose_name=_("subject and teacher"), on_delete=models.CASCADE,
        related_name="timetable_entries",
    )
    room = models.CharField(_("room"), max_length=20, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        verbose_name = _("timetable entry")
        verbose_name_plural = _("timetable")
        ordering = ["class_group", "weekday", "lesson_number"]
        indexes = [models.Index(fields=["class_group", "weekday", "lesson_number"])]

    def __str__(self):
        return f"{self.class_group} {self.get_weekday_display()} {self.lesson_number}: {self.assignment.subject}"


class SchoolEvent(models.Model):
    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="events")
    title_ky = models.CharField(_("title (Kyrgyz)"), max_length=200)
    title_ru = models.CharField(_("title (Russian)"), max_length=200)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    time = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    classes = models.ManyToManyField("journal.ClassGroup", verbose_name=_("classes"), blank=True)

    class Meta:
        verbose_name = _("school event")
        verbose_name_plural = _("school events")
        ordering = ["start", "time"]

    def __str__(self):
        return self.title

    @property
    def title(self):
        return self.title_ru if (get_language() or "ky").startswith("ru") else self.title_ky
