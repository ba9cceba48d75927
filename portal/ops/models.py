"""Backup runs and restore checks: what was copied where, and the proof that it restores."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BackupStatus(models.TextChoices):
    RUNNING = "running", _("running")
    OK = "ok", _("done")
    FAILED = "failed", _("failed")


class BackupRun(models.Model):
    """One run of `manage.py backup`: one encrypted archive copied to every destination.

    `destinations`: [{"name", "kind", "location", "ok", "error", "removed": [names]}].
    `manifest`: the row counts and checksums of every table and the media fingerprints at backup
    time (also stored inside the archive)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=BackupStatus.choices, default=BackupStatus.RUNNING)
    size = models.BigIntegerField(_("size in bytes"), default=0)
    destinations = models.JSONField(_("destinations"), default=list, blank=True)
    manifest = models.JSONField(_("manifest"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("backup")
        verbose_name_plural = _("backups")

    def __str__(self):
        return self.name


class RestoreCheck(models.Model):
    """One restore of a backup into a scratch database, compared with its manifest."""

    backup_name = models.CharField(_("backup"), max_length=100)
    destination = models.CharField(_("restored from"), max_length=100, blank=True)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    ok = models.BooleanField(_("identical"), default=False)
    tables = models.PositiveIntegerField(_("tables compared"), default=0)
    rows = models.BigIntegerField(_("rows compared"), default=0)
    differences = models.JSONField(_("differences"), default=list, blank=True)
    check_output = models.TextField(_("manage.py check"), blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("restore check")
        verbose_name_plural = _("restore checks")

    def __str__(self):
        return f"{self.backup_name} ({'ok' if self.ok else 'failed'})"
