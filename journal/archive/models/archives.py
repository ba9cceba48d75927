"""One generated archive of a school year (a new row, a new version, for every generation)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.private_files import RandomPath, get_private_storage


class ArchiveState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class YearArchive(models.Model):
    """The ZIP of a year's printed journal: built in the background (state, progress), kept in
    private storage, served only by the access-checked download view."""

    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="+")
    year = models.ForeignKey("journal.AcademicYear", on_delete=models.CASCADE, related_name="archives")
    version = models.PositiveIntegerField(_("version"))
    state = models.CharField(_("state"), max_length=10, choices=ArchiveState.choices, default=ArchiveState.QUEUED)
    done = models.PositiveIntegerField(_("documents done"), default=0)
    total = models.PositiveIntegerField(_("documents in all"), default=0)
    file = models.FileField(_("file"), storage=get_private_storage, upload_to=RandomPath("archives"),
                            max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size, bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey("portal.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("year archive")
        verbose_name_plural = _("year archives")
        ordering = ["-year__start", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="year_archive_unique_version"),
        ]

    def __str__(self):
        return f"{self.year} v{self.version}"

    @property
    def percent(self):
        if self.state == ArchiveState.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def in_progress(self):
        return self.state in (ArchiveState.QUEUED, ArchiveState.RUNNING)
