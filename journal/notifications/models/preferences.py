"""What a recipient wants: per event a mode (instant / daily digest / weekly / off), the digest
hour and weekday, quiet hours, the channels; a linked Telegram chat; browser push subscriptions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Mode(models.TextChoices):
    INSTANT = "instant", _("At once")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("Off")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class RecipientSettings(models.Model):
    user = models.OneToOneField("portal.User", on_delete=models.CASCADE, related_name="notification_settings")
    email_enabled = models.BooleanField(_("by e-mail"), default=True)
    telegram_enabled = models.BooleanField(_("in Telegram"), default=True)
    push_enabled = models.BooleanField(_("browser notifications"), default=True)
    digest_hour = models.PositiveSmallIntegerField(_("digest hour"), default=19)
    digest_weekday = models.PositiveSmallIntegerField(_("weekly digest day"), choices=Weekday.choices,
                                                      default=Weekday.SATURDAY)
    quiet_from = models.TimeField(_("quiet hours from"), null=True, blank=True)
    quiet_to = models.TimeField(_("quiet hours to"), null=True, blank=True)
    telegram_chat_id = models.BigIntegerField(null=True, blank=True, unique=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return str(self.user)


class Preference(models.Model):
    user = models.ForeignKey("portal.User", on_delete=models.CASCADE, related_name="notification_preferences")
    event = models.CharField(_("event"), max_length=20)
    mode = models.CharField(_("how"), max_length=10, choices=Mode.choices, default=Mode.INSTANT)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="notif_pref_unique")]

    def __str__(self):
        return f"{self.user}: {self.event} {self.mode}"


class TelegramLinkCode(models.Model):
    """A one-time code of a deep link t.me/<bot>?start=<code> that links a chat to the user."""

    user = models.ForeignKey("portal.User", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)


class PushSubscription(models.Model):
    user = models.ForeignKey("portal.User", on_delete=models.CASCADE, related_name="push_subscriptions")
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    def info(self):
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class TelegramBotState(models.Model):
    """The bot's position in its update stream (getUpdates offset): one row."""

    offset = models.BigIntegerField(default=0)
