"""Backups (reads): the list for the system administrator and the alert on the dashboard."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import BackupRun, BackupStatus, RestoreCheck


def backup_runs(limit=60):
    """The latest runs, newest first (the manifest, which can be large, is not loaded)."""
    runs = list(BackupRun.objects.defer("manifest")[:limit])
    removed = {}
    for run in runs:
        for destination in run.destinations:
            for name in destination.get("removed", []):
                removed.setdefault(name, set()).add(destination["name"])
    for run in runs:
        run.kept_on = [
            d for d in run.destinations if d.get("ok") and d["name"] not in removed.get(run.name, set())
        ]
    return runs


def last_restore_check():
    return RestoreCheck.objects.defer("differences").first()


def backup_destinations():
    from .destinations import configured_destinations

    return [{"name": d.name, "kind": d.kind, "location": d.location} for d in configured_destinations()]


def last_good_backup():
    return BackupRun.objects.filter(status=BackupStatus.OK).only("name", "started_at", "size").first()


def backup_alerts(now=None):
    """What the sysadmin and the director must know: the last backup failed, none is fresh
    (older than BACKUP_MAX_AGE_HOURS, 26 h), or the last restore check failed."""
    now = now or timezone.now()
    alerts = []
    latest = BackupRun.objects.exclude(status=BackupStatus.RUNNING).only("name", "status", "error").first()
    if latest is not None and latest.status == BackupStatus.FAILED:
        alerts.append(_("The last backup failed: %(error)s") % {"error": latest.error})
    good = last_good_backup()
    max_age = datetime.timedelta(hours=settings.BACKUP_MAX_AGE_HOURS)
    if good is None:
        alerts.append(_("There is no backup of the school's data."))
    elif now - good.started_at > max_age:
        alerts.append(
            _("No backup in the last %(hours)s hours: the latest good one is of %(time)s.")
            % {"hours": settings.BACKUP_MAX_AGE_HOURS, "time": timezone.localtime(good.started_at).strftime("%d.%m.%Y %H:%M")}
        )
    check = RestoreCheck.objects.only("ok", "backup_name", "error").first()
    if check is not None and not check.ok:
        alerts.append(_("The last restore check failed: %(error)s") % {"error": check.error})
    return alerts
