"""Issue 12 §1: the system administrator sees the backups, their sizes, destinations and the
last restore check; a failed or missing backup shows on the school overview for the
administrator and the director. Nobody else sees the page."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from journal.register import factories as f
from portal.ops.models import BackupRun, BackupStatus, RestoreCheck
from portal.roles import Role

pytestmark = pytest.mark.django_db

URL = "/ky/app/system/backups/"


def _client(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _run(name, hours_ago, status=BackupStatus.OK, **extra):
    started = timezone.now() - datetime.timedelta(hours=hours_ago)
    return BackupRun.objects.create(
        name=name, started_at=started, finished_at=started, status=status, size=123_456_789,
        destinations=[
            {"name": "local", "kind": "local", "location": "/mnt/usb", "ok": True, "error": "", "removed": []},
            {"name": "s3", "kind": "s3", "location": "http://s3/b/", "ok": status == BackupStatus.OK,
             "error": "" if status == BackupStatus.OK else "EndpointConnectionError", "removed": []},
        ], **extra,
    )


def test_url_name():
    assert reverse("portal:backups") == URL


def test_sysadmin_sees_runs_sizes_destinations_and_last_check(small_school, settings):
    settings.BACKUP_DESTINATIONS = [{"kind": "local", "name": "local", "path": "/mnt/usb/mektep"}]
    _run("mektep-20261206T190000Z.tar.enc", 20)
    RestoreCheck.objects.create(backup_name="mektep-20261206T190000Z.tar.enc", destination="s3", ok=True,
                                tables=231, rows=456_789, started_at=timezone.now(), finished_at=timezone.now())
    response = _client(small_school.sysadmin).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "mektep-20261206T190000Z.tar.enc" in html and "117,7" in html  # 123456789 bytes → 117,7 MB
    assert "/mnt/usb/mektep" in html and "local, s3" in html
    assert "231" in html and "456789" in html
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("who", ["teacher_user", "parent_user", "student_user", "deputy", "director",
                                 "other_school_sysadmin"])
def test_others_are_refused(small_school, who):
    if who == "other_school_sysadmin":
        user = f.user_with_role(small_school.other_school, Role.SYSADMIN, "sysadmin_b")
    else:
        user = getattr(small_school, who)
    assert _client(user).get(URL).status_code in (403, 404)


def test_operating_school_is_a_setting(small_school, settings):
    settings.OPS_SCHOOL_CODE = small_school.other_school.code
    other_sysadmin = f.user_with_role(small_school.other_school, Role.SYSADMIN, "sysadmin_b")
    assert _client(other_sysadmin).get(URL).status_code == 200
    assert _client(small_school.sysadmin).get(URL).status_code == 403
    assert "backup-alerts" not in _dashboard(small_school.sysadmin)


def test_anonymous_is_sent_to_login(small_school):
    response = _client(None).get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_page_query_count_does_not_grow_with_runs(small_school, django_assert_max_num_queries):
    for i in range(3):
        _run(f"mektep-2026120{i + 1}T190000Z.tar.enc", 24 * (6 - i))
    client = _client(small_school.sysadmin)
    client.get(URL)
    with django_assert_max_num_queries(20) as few:
        client.get(URL)
    for i in range(30):
        _run(f"mektep-202611{i + 1:02d}T190000Z.tar.enc", 24 * (40 - i))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL)


def _dashboard(user):
    return _client(user).get(reverse("journal:dashboard")).content.decode()


def test_dashboard_shows_a_missing_backup_to_sysadmin_and_director(small_school):
    for user in (small_school.sysadmin, small_school.director):
        assert 'class="figures backup-alerts"' in _dashboard(user)
    assert "backup-alerts" not in _dashboard(small_school.deputy)


def test_dashboard_shows_a_stale_or_failed_backup(small_school):
    _run("mektep-20261205T190000Z.tar.enc", 30)
    html = _dashboard(small_school.sysadmin)
    assert "backup-alerts" in html and "26" in html
    _run("mektep-20261207T010000Z.tar.enc", 2, status=BackupStatus.FAILED, error="Not copied to: s3")
    html = _dashboard(small_school.director)
    assert "Not copied to: s3" in html


def test_dashboard_quiet_with_a_fresh_backup_and_good_check(small_school):
    _run("mektep-20261207T010000Z.tar.enc", 2)
    RestoreCheck.objects.create(backup_name="x", ok=True, started_at=timezone.now())
    assert "backup-alerts" not in _dashboard(small_school.sysadmin)
    RestoreCheck.objects.create(backup_name="y", ok=False, error="differs", started_at=timezone.now())
    assert "backup-alerts" in _dashboard(small_school.sysadmin)
