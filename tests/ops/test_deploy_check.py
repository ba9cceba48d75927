"""Issue 12 §2: `manage.py deploy_check` (make deploy-check) prints an ok/FAIL list: check
--deploy, migrations, catalogs, static files, the worker process, a fresh backup, a recent good
restore check; it fails when anything fails."""

import subprocess
import sys
import time
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from portal.ops import deploy_checks
from portal.ops.models import BackupRun, BackupStatus, RestoreCheck

pytestmark = pytest.mark.django_db


def _lines(capsys):
    return {line.split(":")[0]: line for line in capsys.readouterr().out.splitlines() if ":" in line}


def test_prints_every_check_and_fails_without_backup_or_worker(settings, capsys):
    settings.DEPLOY_WORKER_COMMAND = f"worker_{uuid.uuid4().hex}"
    with pytest.raises(CommandError, match="checks failed"):
        call_command("deploy_check")
    lines = _lines(capsys)
    assert lines["ok   migrations"].endswith("all applied")
    assert "FAIL backup fresh" in lines and "FAIL restore check" in lines and "FAIL task worker" in lines
    assert "FAIL check --deploy" in lines  # the test settings are not production settings
    assert len(lines) == len(deploy_checks.CHECKS)


def test_worker_backup_and_restore_check_ok(settings):
    command = f"worker_{uuid.uuid4().hex}"
    settings.DEPLOY_WORKER_COMMAND = command
    now = timezone.now()
    BackupRun.objects.create(name="mektep-20261207T010000Z.tar.enc", started_at=now - timezone.timedelta(hours=3),
                             status=BackupStatus.OK, destinations=[{"name": "local", "ok": True}])
    RestoreCheck.objects.create(backup_name="mektep-20261207T010000Z.tar.enc", ok=True, tables=9, rows=99,
                                started_at=now)
    worker = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)", "manage.py", command])
    try:
        for _ in range(50):  # a loaded machine may take a moment to exec the new process
            ok, detail = deploy_checks.check_worker()
            if ok:
                break
            time.sleep(0.1)
        assert ok and str(worker.pid) in detail
    finally:
        worker.kill()
        worker.wait()
    assert deploy_checks.check_worker()[0] is False
    assert deploy_checks.check_backup() == (True, "mektep-20261207T010000Z.tar.enc, on local")
    assert deploy_checks.check_restore()[0] is True
    BackupRun.objects.filter().update(started_at=now - timezone.timedelta(hours=27))
    assert deploy_checks.check_backup()[0] is False


def test_catalogs_must_be_compiled(settings, tmp_path):
    settings.LOCALE_PATHS = [tmp_path]
    po = tmp_path / "ky" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n')
    assert deploy_checks.check_catalogs()[0] is False
    po.with_suffix(".mo").write_bytes(b"compiled")
    assert deploy_checks.check_catalogs() == (True, "compiled")
