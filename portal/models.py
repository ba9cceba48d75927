"""Identity: the user, the school (one per Wagtail Site) and a user's roles in a school."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .roles import Role


class User(AbstractUser):
    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    must_change_password = models.BooleanField(
        _("must change password at next login"), default=False
    )
    language = models.CharField(
        _("language"), max_length=8, choices=[("ky", "Кыргызча"), ("ru", "Русский")], default="ky"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def full_name(self):
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    def __str__(self):
        return self.full_name or self.username


class School(models.Model):
    """A school. One deployment may host several; every per-school row carries its school."""

    name_ky = models.CharField(_("name (Kyrgyz)"), max_length=255)
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    code = models.SlugField(_("code"), max_length=50, unique=True)
    site = models.OneToOneField(
        "wagtailcore.Site",
        verbose_name=_("site"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="school",
    )
    address_ky = models.CharField(_("address (Kyrgyz)"), max_length=255, blank=True)
    address_ru = models.CharField(_("address (Russian)"), max_length=255, blank=True)
    director_name = models.CharField(_("director (full name)"), max_length=255, blank=True)
    deputy_name = models.CharField(_("deputy director (full name)"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name_ky"]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.name_ru if (get_language() or "ky").startswith("ru") else self.name_ky

    @property
    def address(self):
        return self.address_ru if (get_language() or "ky").startswith("ru") else self.address_ky


class Membership(models.Model):
    """A user's role in a school. Class teacher is derived from ClassGroup.class_teacher."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # who granted or revoked the role, and when (R-I4, R-I14)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role in school")
        verbose_name_plural = _("roles in school")
        constraints = [
            models.UniqueConstraint(fields=["user", "school", "role"], name="membership_unique_role")
        ]
        indexes = [models.Index(fields=["school", "role"])]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}"


class Visit(models.Model):
    """Visits per user per day (R-I6, R-J12): counted by middleware, one row a user a day."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="visits")
    school = models.ForeignKey(School, null=True, blank=True, on_delete=models.CASCADE)
    date = models.DateField(_("date"))
    page_views = models.PositiveIntegerField(_("page views"), default=0)
    logins = models.PositiveIntegerField(_("logins"), default=0)
    # pages of the parents' and students' diary opened that day (R-J12)
    diary_views = models.PositiveIntegerField(_("diary pages viewed"), default=0)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        constraints = [models.UniqueConstraint(fields=["user", "date"], name="visit_user_day")]
        indexes = [models.Index(fields=["school", "date"])]
