"""Logins issued by the school (R-J8): a record of who issued which login when.

Passwords are never stored here (the user row keeps only the hash); this is the audit trail
that the accounts pages show ("issued on … by …")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountKind(models.TextChoices):
    STUDENT = "student", _("Student")
    PARENT = "parent", _("Parent")
    STAFF = "staff", _("Staff member")


class AccountIssue(models.Model):
    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="account_issues")
    user = models.ForeignKey("portal.User", on_delete=models.CASCADE, related_name="account_issues")
    kind = models.CharField(_("kind"), max_length=10, choices=AccountKind.choices)
    reissue = models.BooleanField(_("password reset"), default=False)
    issued_by = models.ForeignKey(
        "portal.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("issued login")
        verbose_name_plural = _("issued logins")
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["school", "issued_at"])]

    def __str__(self):
        return f"{self.user} ({self.issued_at:%d.%m.%Y})"
