"""Never lost, never twice: the worker (manage.py notifications_worker, a subprocess on the
database queue) is killed with SIGKILL while it sends the 5th of 12 e-mails; after a restart the
local SMTP server has received each of the 12 exactly once."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from journal.notifications.models import Delivery, DeliveryStatus, Event
from journal.notifications.services import notify
from journal.register import factories as f

from .smtp import SMTPServer

# serialized_rollback: the flush after this test leaves the database as the browser tests expect it
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ROOT = Path(__file__).resolve().parents[3]
N = 12


def _database_url(tmp_path):
    """The database the worker subprocess uses: the test database itself on PostgreSQL; on SQLite
    (in memory) a file copy of it, made with SQLite's backup API."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        path = tmp_path / "worker.sqlite3"
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}", path
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}", None


def _worker(env):
    return subprocess.Popen(
        [sys.executable, "manage.py", "notifications_worker", "--tick", "0.5", "--interval", "0.2"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _stop(worker):
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(15)
    except subprocess.TimeoutExpired:
        worker.kill()


def _wait(condition, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_worker_killed_mid_batch_delivers_each_exactly_once(small_school, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    parents = [f.UserFactory(username=f"p{i}", email=f"p{i}@example.kg", language="ru" if i % 2 else "ky")
               for i in range(N)]
    notify(school=small_school.school, event=Event.ANNOUNCEMENT, recipients=parents,
           title="Ата-энелер чогулушу", body="Жума күнү саат 18:00до.")
    keys = set(Delivery.objects.values_list("pk", flat=True))
    assert len(keys) == N
    url, sqlite_path = _database_url(tmp_path)
    with SMTPServer(hold_at=5) as smtp:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test", "DATABASE_URL": url,
               "TASKS_BACKEND": "database", "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp.port),
               "EMAIL_USE_TLS": "false", "NOTIFICATIONS_LEASE_SECONDS": "2"}
        first = _worker(env)
        try:
            assert smtp.recorder.held.wait(120), first.stderr.read1().decode() if first.poll() is not None else ""
            assert len(smtp.messages) == 4
            first.send_signal(signal.SIGKILL)  # in the middle of the batch, while the 5th is being sent
            first.wait(10)
        finally:
            if first.poll() is None:
                first.kill()
        smtp.recorder.release.set()
        second = _worker(env)
        try:
            assert _wait(lambda: len(smtp.messages) >= N, 120)
            time.sleep(3)  # more than a lease: nothing more may arrive
        finally:
            _stop(second)
        ids = [m["Message-ID"] for m in smtp.messages]
    assert len(ids) == N and len(set(ids)) == N
    assert {int(i.strip("<>").split("@")[0].removeprefix("delivery-")) for i in ids} == keys
    if sqlite_path:
        with sqlite3.connect(sqlite_path) as db:
            statuses = dict(db.execute("select status, count(*) from notifications_delivery group by status"))
    else:
        statuses = {s: Delivery.objects.filter(status=s).count() for s in DeliveryStatus.values}
        statuses = {k: v for k, v in statuses.items() if v}
    assert statuses == {"sent": N}


def test_worker_on_the_redis_queue_sends(small_school, settings, tmp_path):
    """The same worker command with TASKS_BACKEND=rq (django-tasks-rq, the local Redis, database
    15): its scheduler enqueues the outbox on Redis and its RQ worker sends."""
    import redis

    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/15").flushdb()
    except redis.ConnectionError:
        pytest.skip("no local Redis at 127.0.0.1:6379")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    parents = [f.UserFactory(username=f"r{i}", email=f"r{i}@example.kg") for i in range(3)]
    notify(school=small_school.school, event=Event.ANNOUNCEMENT, recipients=parents, title="Чогулуш", body="")
    url, sqlite_path = _database_url(tmp_path)
    with SMTPServer() as smtp:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test", "DATABASE_URL": url,
               "TASKS_BACKEND": "rq", "TASKS_REDIS_URL": "redis://127.0.0.1:6379/15", "EMAIL_HOST": "127.0.0.1",
               "EMAIL_PORT": str(smtp.port), "EMAIL_USE_TLS": "false"}
        worker = _worker(env)
        try:
            assert _wait(lambda: len(smtp.messages) >= 3, 120), worker.poll()
        finally:
            _stop(worker)
        assert sorted(m["To"] for m in smtp.messages) == ["r0@example.kg", "r1@example.kg", "r2@example.kg"]
    redis.Redis.from_url("redis://127.0.0.1:6379/15").flushdb()
