"""A notification: one event for one recipient, written in the recipient's language. It is the
in-app row (the bell, the list page) and the source of every outgoing delivery."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    GRADE = "grade", _("New grade")
    ABSENCE = "absence", _("Absence")
    LATENESS = "lateness", _("Lateness")
    HOMEWORK = "homework", _("Homework")
    PERIOD_GRADE = "period_grade", _("Period grade")
    ANNOUNCEMENT = "announcement", _("Announcement")
    MESSAGE = "message", _("Message")
    COMMENT = "comment", _("Teacher's comment")


class Notification(models.Model):
    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey("portal.User", on_delete=models.CASCADE, related_name="notifications")
    student = models.ForeignKey(
        "journal.Student", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("student"),
    )
    actor = models.ForeignKey("portal.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    event = models.CharField(_("event"), max_length=20, choices=Event.choices)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # waiting for the recipient's daily or weekly digest ("daily"/"weekly"), "" when not
    digest = models.CharField(max_length=10, blank=True, default="")
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notif_inbox"),
            models.Index(fields=["recipient", "read_at"], name="notif_unread"),
            models.Index(fields=["digest", "digested_at"], name="notif_digest"),
        ]

    def __str__(self):
        return self.title
