"""The outbox: one row per delivery (recipient × channel), processed by a task, retried with
exponential backoff, idempotent through a unique key: a delivery marked sent is never sent again."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    TELEGRAM = "telegram", _("Telegram")
    PUSH = "push", _("Browser notifications")


class DeliveryKind(models.TextChoices):
    INSTANT = "instant", _("Instant")
    DIGEST = "digest", _("Digest")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed: shown in the portal only")


class Delivery(models.Model):
    key = models.CharField(max_length=120, unique=True)  # idempotency: one row per thing to send
    recipient = models.ForeignKey("portal.User", on_delete=models.CASCADE, related_name="+")
    notification = models.ForeignKey(
        "notifications.Notification", null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    kind = models.CharField(max_length=10, choices=DeliveryKind.choices, default=DeliveryKind.INSTANT)
    subject = models.CharField(max_length=255)
    text = models.TextField()
    url = models.CharField(max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    # a worker that claimed the row owns it until then (a killed worker's rows come back after it)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]

    def __str__(self):
        return self.key
