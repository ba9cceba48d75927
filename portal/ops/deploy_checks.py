"""`manage.py deploy_check` (`make deploy-check`): is this deployment in order? Each check
returns (ok, detail); the command prints an ok/FAIL list and fails when any check fails."""

import datetime
import io
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from .models import BackupRun, BackupStatus, RestoreCheck


def check_deploy():
    out = io.StringIO()
    try:
        call_command("check", deploy=True, fail_level="WARNING", stdout=out, stderr=out)
    except Exception as error:  # noqa: BLE001 - SystemCheckError carries the messages
        return False, " ".join(str(error).split())[:600]
    return True, out.getvalue().strip() or "no issues"


def check_migrations():
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _backwards in plan[:5])
        return False, f"{len(plan)} unapplied: {names} — back up, then run manage.py migrate"
    return True, "all applied"


def check_catalogs():
    missing = []
    for language, _name in settings.LANGUAGES:
        for domain in ("django", "djangojs"):
            po = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / f"{domain}.po"
            mo = po.with_suffix(".mo")
            if po.exists() and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime):
                missing.append(f"{language}/{mo.name}")
    if missing:
        return False, "not compiled or older than the .po: " + ", ".join(missing) + " — run compilemessages"
    return True, "compiled"


def check_static():
    root = Path(settings.STATIC_ROOT)
    if "Manifest" in settings.STORAGES["staticfiles"]["BACKEND"]:
        if not (root / "staticfiles.json").exists():
            return False, f"{root / 'staticfiles.json'} missing — run collectstatic"
    elif not root.is_dir() or not any(root.iterdir()):
        return False, f"{root} is empty — run collectstatic"
    return True, str(root)


def _processes():
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                yield int(proc.name), (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue


def check_worker():
    """The task worker runs: a process whose command line names the worker command."""
    command = getattr(settings, "DEPLOY_WORKER_COMMAND", "notifications_worker")
    found = [pid for pid, cmdline in _processes() if f"manage.py {command}" in cmdline or f" {command}" in cmdline]
    if not found:
        return False, f"no '{command}' process — systemctl start mektep-worker"
    return True, f"{command} running (pid {', '.join(map(str, found[:3]))})"


def check_backup():
    max_age = datetime.timedelta(hours=settings.BACKUP_MAX_AGE_HOURS)
    good = BackupRun.objects.filter(status=BackupStatus.OK).first()
    if good is None:
        return False, "no backup — run manage.py backup and enable mektep-backup.timer"
    age = timezone.now() - good.started_at
    if age > max_age:
        return False, f"the latest good backup is {age.days * 24 + age.seconds // 3600} h old ({good.name})"
    failed = BackupRun.objects.exclude(status=BackupStatus.RUNNING).first()
    if failed and failed.status == BackupStatus.FAILED:
        return False, f"the last run failed: {failed.error}"
    return True, f"{good.name}, on {', '.join(d['name'] for d in good.destinations if d['ok'])}"


def check_restore():
    check = RestoreCheck.objects.first()
    if check is None:
        return False, "never checked — run manage.py restore_check and enable mektep-restore-check.timer"
    if not check.ok:
        return False, f"the last restore check failed: {check.error}"
    if timezone.now() - check.started_at > datetime.timedelta(days=8):
        return False, f"the last restore check is older than a week ({check.backup_name})"
    return True, f"{check.backup_name}: {check.tables} tables, {check.rows} rows identical"


CHECKS = [
    ("check --deploy", check_deploy),
    ("migrations", check_migrations),
    ("translations", check_catalogs),
    ("static files", check_static),
    ("task worker", check_worker),
    ("backup fresh", check_backup),
    ("restore check", check_restore),
]


def run_checks():
    results = []
    for name, check in CHECKS:
        try:
            ok, detail = check()
        except Exception as error:  # noqa: BLE001 - one broken check must not hide the others
            ok, detail = False, f"{type(error).__name__}: {error}"
        results.append((name, ok, detail))
    return results
