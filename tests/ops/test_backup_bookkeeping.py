"""The backup's own run row waits for SQLite's write lock instead of failing the backup (a
teacher's save may hold it at that moment); other errors and other databases are not retried."""

import pytest
from django.db import OperationalError, connection

from portal.ops.services import _waiting_for_sqlite


def _refused(times, message):
    calls = []

    def write():
        calls.append(1)
        if len(calls) <= times:
            raise OperationalError(message)
        return "written"

    return write, calls


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the lock is SQLite's")
def test_a_locked_table_is_waited_for():
    write, calls = _refused(3, "database table is locked")
    assert _waiting_for_sqlite("default", write) == "written"
    assert len(calls) == 4


def test_other_errors_are_not_retried():
    write, calls = _refused(1, "no such table: ops_backuprun")
    with pytest.raises(OperationalError):
        _waiting_for_sqlite("default", write)
    assert len(calls) == 1


def test_it_gives_up_after_its_time():
    write, calls = _refused(10**6, "database is locked")
    with pytest.raises(OperationalError):
        _waiting_for_sqlite("default", write, seconds=0.2)
    assert 1 < len(calls) < 20 or connection.vendor != "sqlite"
