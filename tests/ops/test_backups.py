"""Issue 12 §1 (R-J10): backups on several media. One command copies the database, the media
and the private media, encrypted, to a folder and an S3-compatible store (moto's server); the
restore check brings the latest back into a scratch database identical to the manifest (row
counts and checksums of every table); a wrong key refuses; retention keeps the right files.
Runs on SQLite and on PostgreSQL (DATABASE_URL)."""

import datetime
import json
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from journal.gradebook import factories as gf
from portal.ops import crypto, database
from portal.ops.destinations import LocalFolder
from portal.ops.models import BackupRun, BackupStatus, RestoreCheck
from portal.ops.retention import apply_retention, backups_to_keep
from portal.ops.services import backup_create, compare
from portal.public_cache import EVERY_SITE_KEY, generations

pytestmark = pytest.mark.django_db(transaction=True)

HOMEWORK = b"%PDF-1.4 homework of 5A"


@pytest.fixture
def school_data(small_school, backup_settings):
    lesson = gf.LessonFactory(assignment=small_school.assignment_a, date=datetime.date(2026, 11, 12))
    lesson.homework_file = SimpleUploadedFile("тапшырма.pdf", HOMEWORK, content_type="application/pdf")
    lesson.save()
    default_storage.save("original_images/school.jpg", ContentFile(b"public photo"))
    return lesson


def fresh_target(tmp_path, name):
    """A fresh, empty database of the kind the tests run on."""
    db = dict(connection.settings_dict)
    if database.vendor_of(db) == "sqlite":
        db["NAME"] = str(tmp_path / f"{name}.sqlite3")
    else:
        db["NAME"] = f"{db['NAME']}_{name}"
        database.pg_recreate(db)
    return db


@pytest.fixture
def target_db(tmp_path):
    db = fresh_target(tmp_path, "restored")
    yield db
    if database.vendor_of(db) == "postgresql":
        database.pg_drop(db)


def test_backup_to_two_destinations_and_restore_check_identical(school_data, backup_settings, tmp_path):
    call_command("backup")
    run = BackupRun.objects.get()
    assert run.status == BackupStatus.OK, run.error
    assert [(d["name"], d["ok"]) for d in run.destinations] == [("local", True), ("s3", True)]
    local = tmp_path / "usb" / run.name
    assert local.stat().st_size == run.size > 0
    bucket = backup_settings.BACKUP_DESTINATIONS[1]
    s3 = boto3.client("s3", endpoint_url=bucket["endpoint_url"], aws_access_key_id="testing",
                      aws_secret_access_key="testing", region_name="us-east-1")
    stored = s3.get_object(Bucket=bucket["bucket"], Key="school-a/" + run.name)["Body"].read()
    assert stored == local.read_bytes()
    # encrypted: neither the private file nor a name from the register is readable in the archive
    assert HOMEWORK not in stored and "Математика".encode() not in stored
    tables = run.manifest["database"]["tables"]
    assert tables["gradebook_lesson"]["rows"] == 1 and tables["journal_student"]["rows"] == 11
    assert run.manifest["trees"]["private-media"]["files"] == 1
    assert run.manifest["trees"]["media"]["files"] == 1

    for source in ("s3", "local"):
        call_command("restore_check", "--from", source)
        check = RestoreCheck.objects.first()
        assert check.ok, (check.error, check.differences, check.check_output)
        assert (check.backup_name, check.destination, check.differences) == (run.name, source, [])
        assert check.tables == len(tables) and check.rows == sum(t["rows"] for t in tables.values())
        assert "System check identified no issues" in check.check_output
        assert check.check_output.endswith("exit status 0")


def test_restore_into_a_fresh_database_round_trip(school_data, backup_settings, tmp_path, target_db):
    run = backup_create()
    assert run.status == BackupStatus.OK, run.error
    media, private = tmp_path / "new-media", tmp_path / "new-private"
    before = generations([EVERY_SITE_KEY])
    call_command("restore", "--database-url", database.database_url(target_db), "--media-root", str(media),
                 "--private-media-root", str(private), "--from", "s3")
    assert generations([EVERY_SITE_KEY]) != before  # no public page cached from the old database is served
    restored = database.fingerprints(target_db)
    assert compare(run.manifest, restored, {}) == [
        {"files": tree, "expected": run.manifest["trees"][tree], "restored": None} for tree in ("media", "private-media")
    ]  # every table identical (the file trees were compared by the command itself)
    assert (private / school_data.homework_file.name).read_bytes() == HOMEWORK
    assert (media / "original_images" / "school.jpg").read_bytes() == b"public photo"
    # the comparison can fail: one changed grade-book row is a difference
    _execute(target_db, "UPDATE gradebook_lesson SET topic = 'changed'")
    differences = compare(run.manifest, database.fingerprints(target_db), {})
    assert [d["table"] for d in differences if "table" in d] == ["gradebook_lesson"]
    # a second restore into the same (now not empty) database is refused
    changed = database.fingerprints(target_db)
    with pytest.raises(CommandError):
        call_command("restore", "--database-url", database.database_url(target_db),
                     "--media-root", str(tmp_path / "m2"), "--private-media-root", str(tmp_path / "p2"))
    assert database.fingerprints(target_db) == changed and not (tmp_path / "p2").exists()


def _execute(db, sql):
    if database.vendor_of(db) == "sqlite":
        import sqlite3

        with sqlite3.connect(db["NAME"]) as c:
            c.execute(sql)
    else:
        c = database._pg_connect(db)
        with c, c.cursor() as cursor:
            cursor.execute(sql)
        c.close()


def test_wrong_key_refuses_to_restore(school_data, backup_settings, tmp_path, target_db):
    assert backup_create().status == BackupStatus.OK
    theirs = crypto.key_id(crypto.load_key()).hex()
    backup_settings.BACKUP_ENCRYPTION_KEY = crypto.generate_key()
    ours = crypto.key_id(crypto.load_key()).hex()
    # the message names both keys (in the language of the command: "Wrong key: … another key …")
    with pytest.raises(CommandError) as refused:
        call_command("restore", "--database-url", database.database_url(target_db),
                     "--media-root", str(tmp_path / "m"), "--private-media-root", str(tmp_path / "p"))
    assert theirs in str(refused.value) and ours in str(refused.value)
    assert database.is_empty(target_db) and not (tmp_path / "p").exists()
    check = call_restore_check_failing()
    assert not check.ok and theirs in check.error and ours in check.error


def call_restore_check_failing():
    with pytest.raises(CommandError):
        call_command("restore_check")
    return RestoreCheck.objects.first()


def test_missing_key_or_destination_is_a_failed_run(small_school, backup_settings):
    backup_settings.BACKUP_ENCRYPTION_KEY = ""
    with pytest.raises(CommandError, match="BACKUP_ENCRYPTION_KEY"):
        call_command("backup")
    backup_settings.BACKUP_ENCRYPTION_KEY = crypto.generate_key()
    backup_settings.BACKUP_DESTINATIONS = [
        {"kind": "local", "name": "local", "path": "/proc/not-writable"},
        backup_settings.BACKUP_DESTINATIONS[1],
    ]
    run = backup_create()
    assert run.status == BackupStatus.FAILED and "local" in run.error
    assert [d["ok"] for d in run.destinations] == [False, True]  # the other destination still has it


def _names(times):
    return [f"mektep-{t:%Y%m%dT%H%M%SZ}.tar.enc" for t in times]


def test_retention_7_daily_4_weekly_12_monthly(tmp_path, settings):
    settings.TIME_ZONE = "UTC"
    start = datetime.datetime(2025, 1, 1, 1, 0, tzinfo=datetime.UTC)
    # two backups a day for 500 days
    times = [start + datetime.timedelta(hours=12 * i) for i in range(1000)]
    keep = backups_to_keep(_names(times))
    newest = times[-1]
    kept_times = sorted(datetime.datetime.strptime(n[7:23], "%Y%m%dT%H%M%SZ") for n in keep)
    expected_daily = {(newest - datetime.timedelta(days=d)).date() for d in range(7)}
    assert {t.date() for t in kept_times if t.date() in expected_daily} == expected_daily
    # only the evening (newest) backup of each day is kept
    assert all(t.hour == 13 for t in kept_times)
    weeks = {t.isocalendar()[:2] for t in kept_times}
    months = {(t.year, t.month) for t in kept_times}
    assert len(months) == 12 and len(weeks) >= 4
    assert len(keep) == len({t.date() for t in kept_times}) <= 7 + 4 + 12
    # the oldest kept is the last backup of the month 11 months before the newest's month
    assert (kept_times[0].year, kept_times[0].month) == (2025, 6)
    # applied to a folder: the others are deleted, the kept ones stay
    folder = LocalFolder("local", tmp_path)
    for name in _names(times[-40:]):
        (tmp_path / name).write_bytes(b"x")
    removed = apply_retention(folder)
    left = {p.name for p in tmp_path.iterdir()}
    assert left == backups_to_keep(_names(times[-40:])) and not left & set(removed)
    assert len(left) + len(removed) == 40


def test_manifest_is_inside_the_archive_and_matches_the_run(school_data, backup_settings, tmp_path):
    from portal.ops.services import backup_fetch

    run = backup_create()
    work = tmp_path / "fetch"
    work.mkdir()
    manifest, source = backup_fetch(work)
    assert source == "local" and manifest == json.loads(json.dumps(run.manifest))
    assert sorted(p.name for p in (work / "unpacked").iterdir()) == sorted(
        ["manifest.json", database.DUMP_FILES[connection.vendor], "media", "private-media"])
    assert Path(work / "unpacked" / "private-media" / school_data.homework_file.name).read_bytes() == HOMEWORK
