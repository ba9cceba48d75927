"""The student movement book (R-I11, R-J11): arrivals, departures, transfers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MovementKind(models.TextChoices):
    ARRIVAL = "arrival", _("Arrival")
    DEPARTURE = "departure", _("Departure")
    TRANSFER = "transfer", _("Transfer between classes")
    PROMOTION = "promotion", _("Promotion to the next grade")
    REPEAT = "repeat", _("Kept in the same grade")
    GRADUATION = "graduation", _("Graduation")


class MovementReason(models.TextChoices):
    NEW_PUPIL = "new_pupil", _("Admission to grade 1")
    FROM_SCHOOL = "from_school", _("From another school")
    RELOCATION = "relocation", _("Change of residence")
    OTHER_SCHOOL = "other_school", _("Transfer to another school")
    ABROAD = "abroad", _("Departure abroad")
    VOCATIONAL = "vocational", _("Admission to a vocational school or college")
    HEALTH = "health", _("Health reasons")
    EXPELLED = "expelled", _("Expelled")
    DEATH = "death", _("Death")
    GRADUATED = "graduated", _("Completed school")
    OTHER = "other", _("Other reason")


class MovementRecord(models.Model):
    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="movements")
    student = models.ForeignKey("journal.Student", on_delete=models.CASCADE, related_name="movements")
    kind = models.CharField(_("kind"), max_length=12, choices=MovementKind.choices)
    date = models.DateField(_("date"))
    order_number = models.CharField(_("order number"), max_length=50, blank=True)
    class_from = models.ForeignKey(
        "journal.ClassGroup", verbose_name=_("from class"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    class_to = models.ForeignKey(
        "journal.ClassGroup", verbose_name=_("to class"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    other_school = models.CharField(_("other school"), max_length=255, blank=True)
    region = models.CharField(_("region or country"), max_length=255, blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=MovementReason.choices, default=MovementReason.OTHER)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey("portal.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    applied = models.BooleanField(
        _("in effect"), default=True,
        help_text=_("A record dated in the future takes effect on its date; until then the student stays where they are."),
    )

    class Meta:
        verbose_name = _("movement record")
        verbose_name_plural = _("movement book")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["school", "date"])]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}: {self.student}"
