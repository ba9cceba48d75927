"""What the public site shows about a staff member (R-S8), as approved (R-S15).

The register keeps the working record (StaffMember). The public teaching-staff pages read the
approved copy of its public fields kept here: a change made in the register waits in `pending`
until the site administrator (or the director, who approves page edits) approves it in the
Wagtail admin; rejecting keeps the approved values. A staff member with no profile row (records
made before approvals existed, the demo) is shown as recorded."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class StaffPublicProfile(models.Model):
    staff = models.OneToOneField("journal.StaffMember", on_delete=models.CASCADE, related_name="public_profile")
    approved = models.JSONField(_("approved public data"), null=True, blank=True,
                                help_text=_("Empty until the first approval: the staff member is not shown."))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("approved by"))
    pending = models.JSONField(_("changes awaiting approval"), null=True, blank=True)
    pending_since = models.DateTimeField(_("changed at"), null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("changed by"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("public staff profile")
        verbose_name_plural = _("public staff profiles")

    def __str__(self):
        return str(self.staff)
