"""Announcements: written by the director, the deputy or a teacher to an audience."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.private_files import RandomPath, download_name, get_private_storage
from portal.roles import Role


class Audience(models.TextChoices):
    SCHOOL = "school", _("The whole school")
    GRADE = "grade", _("A parallel (all classes of one grade)")
    CLASS = "class", _("A class (students, parents and teachers)")
    CLASS_PARENTS = "class_parents", _("The parents of a class")
    STAFF = "staff", _("Staff")
    ROLE = "role", _("Everyone with a role")


class Announcement(models.Model):
    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="announcements")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, on_delete=models.SET_NULL,
                               related_name="announcements")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices, default=Audience.SCHOOL)
    grade = models.PositiveSmallIntegerField(_("grade (parallel)"), null=True, blank=True)
    class_group = models.ForeignKey("journal.ClassGroup", verbose_name=_("class"), null=True, blank=True,
                                    on_delete=models.CASCADE, related_name="announcements")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    attachment = models.FileField(_("attachment"), upload_to=RandomPath("announcements"),
                                  storage=get_private_storage, blank=True, max_length=255)
    publish_at = models.DateTimeField(_("publish at"), default=timezone.now)
    expires_at = models.DateTimeField(_("show until"), null=True, blank=True)
    pinned = models.BooleanField(_("pinned"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-pinned", "-publish_at", "-pk"]
        indexes = [models.Index(fields=["school", "publish_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=models.F("publish_at")),
                name="announcement_expires_after_publish",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def attachment_name(self):
        return download_name(self.attachment) if self.attachment else ""

    @property
    def is_published(self):
        now = timezone.now()
        return self.publish_at <= now and (self.expires_at is None or self.expires_at > now)

    def audience_label(self):
        if self.audience in (Audience.CLASS, Audience.CLASS_PARENTS) and self.class_group_id:
            if self.audience == Audience.CLASS_PARENTS:
                return _("Parents of %(cls)s") % {"cls": self.class_group}
            return _("Class %(cls)s") % {"cls": self.class_group}
        if self.audience == Audience.GRADE and self.grade:
            return _("Grade %(n)s") % {"n": self.grade}
        if self.audience == Audience.ROLE and self.role:
            return Role(self.role).label
        return self.get_audience_display()

    def clean(self):
        errors = {}
        if self.audience in (Audience.CLASS, Audience.CLASS_PARENTS) and not self.class_group_id:
            errors["class_group"] = _("Choose the class.")
        if self.audience == Audience.GRADE and not self.grade:
            errors["grade"] = _("Choose the grade.")
        if self.audience == Audience.ROLE and not self.role:
            errors["role"] = _("Choose the role.")
        if self.class_group_id and self.school_id and self.class_group.school_id != self.school_id:
            errors["class_group"] = _("The class belongs to another school.")
        if self.expires_at and self.publish_at and self.expires_at <= self.publish_at:
            errors["expires_at"] = _("The end of display must be after the publication time.")
        if errors:
            raise ValidationError(errors)


class AnnouncementRead(models.Model):
    """A recipient opened the announcement (the author's read receipts)."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["announcement", "user"], name="announcement_read_once")]
