"""Backups (writes): create an encrypted backup on every destination, restore one into a fresh
database, and check that the latest one restores identical (R-J10)."""

import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import OperationalError, connections
from django.utils import timezone
from django.utils.translation import gettext as _

from ..public_cache import purge_everything
from . import crypto, database
from .destinations import SUFFIX, configured_destinations
from .models import BackupRun, BackupStatus, RestoreCheck
from .retention import apply_retention, backup_time

MANIFEST = "manifest.json"
TREES = {"media": "MEDIA_ROOT", "private-media": "PRIVATE_MEDIA_ROOT"}


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why (translated)."""


def private_media_root():
    from portal.private_files import private_storage

    return Path(private_storage.base_location)


def tree_roots():
    return {"media": Path(settings.MEDIA_ROOT), "private-media": private_media_root()}


def tree_fingerprint(root):
    """Files, bytes and a checksum over every file's relative path and content."""
    root = Path(root)
    digest, files, size = hashlib.sha256(), 0, 0
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            content = hashlib.sha256()
            with open(path, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    content.update(block)
            digest.update(f"{path.relative_to(root).as_posix()}\0{content.hexdigest()}\n".encode())
            files += 1
            size += path.stat().st_size
    return {"files": files, "bytes": size, "checksum": digest.hexdigest()}


def _work_dir():
    directory = getattr(settings, "BACKUP_WORK_DIR", "") or None
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(prefix="mektep-backup-", dir=directory)


def _free_name(now):
    taken = set(BackupRun.objects.values_list("name", flat=True))
    moment = now.astimezone(datetime.UTC).replace(microsecond=0)
    while f"mektep-{moment:%Y%m%dT%H%M%SZ}{SUFFIX}" in taken:
        moment += datetime.timedelta(seconds=1)
    return f"mektep-{moment:%Y%m%dT%H%M%SZ}{SUFFIX}"


# --- backup -------------------------------------------------------------------------------------

def backup_create(*, using="default", destinations=None, now=None):
    """Copy the database (one consistent state), MEDIA_ROOT and PRIVATE_MEDIA_ROOT into one
    encrypted archive and put it on every destination, then apply the retention policy on each.
    Returns the BackupRun (status ok only when every destination has the archive)."""
    destinations = configured_destinations() if destinations is None else destinations
    now = now or timezone.now()
    run = _waiting_for_sqlite(using, lambda: BackupRun.objects.create(name=_free_name(now), started_at=timezone.now()))
    try:
        key = crypto.load_key()
        if not destinations:
            raise BackupError(_("No backup destination is configured (BACKUP_LOCAL_DIRS, BACKUP_S3_BUCKET)."))
        with _work_dir() as work:
            work = Path(work)
            dump_name, tables = database.dump(connections[using], work)
            manifest = {
                "format": 1,
                "name": run.name,
                "created_at": backup_time(run.name).isoformat(),
                "database": {"vendor": connections[using].vendor, "file": dump_name, "tables": tables},
                "trees": {arcname: tree_fingerprint(root) for arcname, root in tree_roots().items()},
            }
            (work / MANIFEST).write_text(json.dumps(manifest, indent=1))
            archive = work / "archive.tar"
            with tarfile.open(archive, "w") as tar:
                tar.add(work / MANIFEST, arcname=MANIFEST)
                tar.add(work / dump_name, arcname=dump_name)
                for arcname, root in tree_roots().items():
                    if root.is_dir():
                        tar.add(root, arcname=arcname)
            (work / dump_name).unlink()
            sealed = work / run.name
            crypto.encrypt_file(archive, sealed, key)
            archive.unlink()
            run.size = sealed.stat().st_size
            run.manifest = manifest
            for destination in destinations:
                run.destinations.append(_copy_to(destination, sealed, run.name))
        failed = [d["name"] for d in run.destinations if not d["ok"]]
        run.status = BackupStatus.FAILED if failed else BackupStatus.OK
        if failed:
            run.error = _("Not copied to: %(names)s") % {"names": ", ".join(failed)}
    except (BackupError, crypto.BackupKeyError, database.DatabaseCopyError, OSError) as error:
        run.status, run.error = BackupStatus.FAILED, str(error)
    except Exception as error:  # noqa: BLE001 - whatever broke, the run is recorded as failed
        run.status, run.error = BackupStatus.FAILED, f"{type(error).__name__}: {error}"[:2000]
    run.finished_at = timezone.now()
    _waiting_for_sqlite(using, run.save)
    return run


def _waiting_for_sqlite(using, write, seconds=30):
    """The backup's own bookkeeping write. SQLite lets one connection write at a time: while a
    teacher's save holds the lock, the write is refused (at once with a shared cache, after the
    busy timeout otherwise). The backup waits its turn instead of failing; other databases and
    other errors are not retried."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return write()
        except OperationalError as error:
            locked = "locked" in str(error)
            if connections[using].vendor != "sqlite" or not locked or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _copy_to(destination, sealed, name):
    result = {"name": destination.name, "kind": destination.kind, "location": destination.location,
              "ok": False, "error": "", "removed": []}
    try:
        destination.put(sealed, name)
        stored = {b.name: b.size for b in destination.list()}
        if stored.get(name) != sealed.stat().st_size:
            raise BackupError(_("The copy on %(name)s is incomplete.") % {"name": destination.name})
        result["ok"] = True
        result["removed"] = apply_retention(destination)
    except Exception as error:  # noqa: BLE001 - one destination failing must not stop the others
        result["error"] = f"{type(error).__name__}: {error}"[:1000]
    return result


# --- fetch and restore ------------------------------------------------------------------------

def backups_available(destinations=None):
    """{name: [destination, …]} of every backup found on the destinations."""
    destinations = configured_destinations() if destinations is None else destinations
    found = {}
    for destination in destinations:
        try:
            listed = destination.list()
        except Exception:  # noqa: BLE001 - an unreachable destination: use the others
            continue
        for stored in listed:
            found.setdefault(stored.name, []).append(destination)
    return found


def backup_fetch(work, *, name=None, source=None, destinations=None, key=None):
    """Download (the latest, or `name`) from the first destination that has it (or `source`),
    decrypt and unpack it into `work`. Returns (manifest, destination name)."""
    key = crypto.load_key(key)
    found = backups_available(destinations)
    if source:
        found = {n: [d for d in ds if d.name == source] for n, ds in found.items()}
        found = {n: ds for n, ds in found.items() if ds}
    if not found:
        raise BackupError(_("No backup was found on the destinations."))
    name = name or max(found, key=backup_time)
    if name not in found:
        raise BackupError(_("The backup %(name)s was not found.") % {"name": name})
    destination = found[name][0]
    work = Path(work)
    sealed, archive = work / name, work / "archive.tar"
    destination.get(name, sealed)
    crypto.decrypt_file(sealed, archive, key)
    sealed.unlink()
    with tarfile.open(archive) as tar:
        tar.extractall(work / "unpacked", filter="data")
    archive.unlink()
    manifest = json.loads((work / "unpacked" / MANIFEST).read_text())
    return manifest, destination.name


def compare(manifest, tables, trees):
    """The differences between a manifest and the fingerprints of a restored copy."""
    differences = []
    expected = manifest["database"]["tables"]
    for table in sorted(set(expected) | set(tables)):
        if expected.get(table) != tables.get(table):
            differences.append({"table": table, "expected": expected.get(table), "restored": tables.get(table)})
    for tree, fingerprint in manifest["trees"].items():
        if trees.get(tree) != fingerprint:
            differences.append({"files": tree, "expected": fingerprint, "restored": trees.get(tree)})
    return differences


def _copy_tree(source, target):
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(_("%(path)s is not empty: restore files into an empty folder.") % {"path": target})
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)
    else:
        target.mkdir(parents=True, exist_ok=True)


def backup_restore(*, target_db, media_root, private_media_root, name=None, source=None, key=None):
    """Restore a backup into the fresh (empty) database `target_db` (a settings dict) and the
    empty folders given; returns (manifest, differences between the restored copy and the
    manifest). Nothing is written when the key is wrong or the targets are not empty."""
    if not database.is_empty(target_db):
        raise BackupError(_("The target database is not empty: restore into a fresh database."))
    for folder in (media_root, private_media_root):
        if Path(folder).exists() and any(Path(folder).iterdir()):
            raise BackupError(_("%(path)s is not empty: restore files into an empty folder.") % {"path": folder})
    with _work_dir() as work:
        manifest, _source = backup_fetch(work, name=name, source=source, key=key)
        unpacked = Path(work) / "unpacked"
        if manifest["database"]["vendor"] != database.vendor_of(target_db):
            raise BackupError(_("This backup is of a %(vendor)s database; restore it into the same kind.")
                              % {"vendor": manifest["database"]["vendor"]})
        database.load(target_db, unpacked / manifest["database"]["file"])
        _copy_tree(unpacked / "media", media_root)
        _copy_tree(unpacked / "private-media", private_media_root)
        trees = {"media": tree_fingerprint(media_root), "private-media": tree_fingerprint(private_media_root)}
        # the restored database may be served with the cache the old one filled
        purge_everything()
        return manifest, compare(manifest, database.fingerprints(target_db), trees)


# --- restore check --------------------------------------------------------------------------

def _scratch_database(work, using):
    db = dict(connections[using].settings_dict)
    if database.vendor_of(db) == "sqlite":
        db["NAME"] = str(Path(work) / "restore-check.sqlite3")
    else:
        db["NAME"] = getattr(settings, "BACKUP_SCRATCH_DATABASE", "") or f"{db['NAME']}_restore_check"
        database.pg_recreate(db)
    return db


_CHECK_SCRIPT = """
import sys, django
from django.core.management import call_command
django.setup()
print("$ manage.py check"); call_command("check")
print("$ manage.py migrate --check --noinput"); call_command("migrate", check_unapplied=True, interactive=False)
"""


def manage_py_check(db):
    """Run `manage.py check` and `manage.py migrate --check` (no unapplied migration) against the
    database `db`, in a fresh process whose DATABASE_URL points at it."""
    env = dict(os.environ, DATABASE_URL=database.database_url(db))
    env.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
    done = subprocess.run([sys.executable, "-c", _CHECK_SCRIPT], env=env, capture_output=True, text=True,
                          cwd=settings.BASE_DIR)
    output = f"{done.stdout}{done.stderr}".strip()[-5000:]
    return done.returncode == 0, f"{output}\nexit status {done.returncode}"


def restore_check(*, using="default", name=None, source=None, key=None):
    """Restore the latest backup (or `name`) into a scratch database and scratch folders,
    compare every table's row count and checksum and every file tree with the manifest, run
    manage.py check against the scratch database; store and return the RestoreCheck."""
    check = RestoreCheck(backup_name=name or "", started_at=timezone.now())
    scratch = None
    try:
        with _work_dir() as work:
            manifest, check.destination = backup_fetch(work, name=name, source=source, key=key)
            check.backup_name = manifest["name"]
            unpacked = Path(work) / "unpacked"
            scratch = _scratch_database(work, using)
            database.load(scratch, unpacked / manifest["database"]["file"])
            tables = database.fingerprints(scratch)
            trees = {tree: tree_fingerprint(unpacked / tree) for tree in TREES}
            check.differences = compare(manifest, tables, trees)
            check.tables = len(tables)
            check.rows = sum(t["rows"] for t in tables.values())
            checked, check.check_output = manage_py_check(scratch)
            check.ok = checked and not check.differences
            if not checked:
                check.error = _("manage.py check failed on the restored database.")
            elif check.differences:
                check.error = _("The restored copy differs from the backup's manifest.")
    except (BackupError, crypto.BackupKeyError, database.DatabaseCopyError, OSError) as error:
        check.ok, check.error = False, str(error)
    except Exception as error:  # noqa: BLE001 - an unreachable store, a damaged manifest: recorded as failed
        check.ok, check.error = False, f"{type(error).__name__}: {error}"[:2000]
    finally:
        if scratch is not None and database.vendor_of(scratch) == "postgresql":
            try:
                database.pg_drop(scratch)
            except database.DatabaseCopyError as error:
                check.error = (check.error + f" (scratch database not dropped: {error})").strip()
    check.finished_at = timezone.now()
    check.save(using=using)
    return check
