"""Issue 12 §1: a backup taken while a teacher is saving grades is one consistent state: every
grade's lesson is there (and marked held), every grade has its history row with the same value
and version, and every grade acknowledged before the backup started is in it."""

import datetime
import sqlite3
import threading
import time

import pytest
from django.db import OperationalError, close_old_connections, connection

from journal.gradebook import factories as gf
from journal.gradebook.models import Grade
from journal.gradebook.services.grade_types import grade_types_ensure_defaults
from journal.gradebook.services.grades import grade_set
from portal.ops import database
from portal.ops.models import BackupStatus
from portal.ops.services import backup_create, backup_fetch

pytestmark = pytest.mark.django_db(transaction=True)

DATES = [datetime.date(2026, 11, d) for d in (10, 11, 12, 13, 16, 17)]


def _query(db, sql):
    if database.vendor_of(db) == "sqlite":
        with sqlite3.connect(db["NAME"]) as c:
            return c.execute(sql).fetchone()[0]
    c = database._pg_connect(db)
    try:
        with c.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0]
    finally:
        c.close()


def test_backup_while_teacher_saves_grades_is_consistent(small_school, backup_settings, tmp_path):
    s = small_school
    grade_types_ensure_defaults(s.school)
    lessons = [gf.LessonFactory(assignment=s.assignment_a, date=d, lesson_number=2) for d in DATES]
    cells = [(lesson, student, position) for position in range(3) for lesson in lessons for student in s.students_a]
    acknowledged, stop = [], threading.Event()

    def teacher():
        try:
            for lesson, student, position in cells:
                while not stop.is_set():
                    try:
                        grade_set(lesson=lesson, student=student, value=3 + position, position=position,
                                  by=s.teacher_user)
                        acknowledged.append(time.monotonic())
                        break
                    except OperationalError:  # SQLite: the table is locked during the copy; retry
                        time.sleep(0.01)
                if stop.is_set():
                    return
        finally:
            close_old_connections()
            connection.close()

    thread = threading.Thread(target=teacher)
    thread.start()
    while len(acknowledged) < 10 and thread.is_alive():
        time.sleep(0.01)
    started = time.monotonic()
    saved_before = len(acknowledged)
    run = backup_create()
    stop.set()
    thread.join()
    assert run.status == BackupStatus.OK, run.error
    assert len(acknowledged) > saved_before  # the teacher kept saving during the backup
    assert all(t < started for t in acknowledged[:saved_before])

    work = tmp_path / "check"
    work.mkdir()
    manifest, _source = backup_fetch(work)
    db = dict(connection.settings_dict)
    if database.vendor_of(db) == "sqlite":
        db["NAME"] = str(work / "restored.sqlite3")
    else:
        db["NAME"] = f"{db['NAME']}_consistency"
        database.pg_recreate(db)
    try:
        database.load(db, work / "unpacked" / manifest["database"]["file"])
        grades = _query(db, "SELECT count(*) FROM gradebook_grade")
        assert saved_before <= grades <= Grade.objects.count()
        assert grades == manifest["database"]["tables"]["gradebook_grade"]["rows"]
        assert _query(db, "SELECT count(*) FROM gradebook_grade g LEFT JOIN gradebook_lesson l "
                          "ON l.id = g.lesson_id WHERE l.id IS NULL") == 0
        assert _query(db, "SELECT count(*) FROM gradebook_grade g JOIN gradebook_lesson l ON l.id = g.lesson_id "
                          "WHERE l.status <> 'held'") == 0
        assert _query(db, "SELECT count(*) FROM gradebook_grade g WHERE NOT EXISTS (SELECT 1 FROM "
                          "gradebook_historicalgrade h WHERE h.id = g.id AND h.value = g.value "
                          "AND h.version = g.version)") == 0
        assert _query(db, "SELECT count(DISTINCT id) FROM gradebook_historicalgrade") == grades
        assert database.fingerprints(db) == manifest["database"]["tables"]
    finally:
        if database.vendor_of(db) == "postgresql":
            database.pg_drop(db)
