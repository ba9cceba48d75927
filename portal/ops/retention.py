"""Retention of backups (per destination): the newest backup of each of the last 7 days that
have one, of each of the last 4 ISO weeks and of each of the last 12 months (local time of the
school), like restic's --keep-daily/--keep-weekly/--keep-monthly. The newest backup is always kept."""

import datetime

from django.conf import settings
from django.utils import timezone


def backup_time(name):
    """The UTC time in a backup's name (mektep-20261207T143000Z.tar.enc)."""
    stamp = name.split("-", 1)[1][:16]
    return datetime.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC)


def backups_to_keep(names, *, daily=None, weekly=None, monthly=None):
    policy = getattr(settings, "BACKUP_RETENTION", {})
    limits = {
        "daily": policy.get("daily", 7) if daily is None else daily,
        "weekly": policy.get("weekly", 4) if weekly is None else weekly,
        "monthly": policy.get("monthly", 12) if monthly is None else monthly,
    }
    buckets = {
        "daily": lambda t: t.date(),
        "weekly": lambda t: t.isocalendar()[:2],
        "monthly": lambda t: (t.year, t.month),
    }
    newest_first = sorted(names, key=backup_time, reverse=True)
    keep = set(newest_first[:1])
    for rule, bucket_of in buckets.items():
        seen = []
        for name in newest_first:
            bucket = bucket_of(timezone.localtime(backup_time(name)))
            if bucket in seen:
                continue
            if len(seen) >= limits[rule]:
                break
            seen.append(bucket)
            keep.add(name)
    return keep


def apply_retention(destination):
    """Delete the backups of a destination that the policy does not keep; returns their names."""
    names = [b.name for b in destination.list()]
    keep = backups_to_keep(names)
    removed = sorted(set(names) - keep)
    for name in removed:
        destination.delete(name)
    return removed
