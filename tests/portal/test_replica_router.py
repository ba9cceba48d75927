"""The read replica for the reports (issue 12 §6): a second local database alias as the replica
(the test database itself, as Django's TEST MIRROR makes it in the test run)."""

import pytest
from django.db import connections, router
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journal.gradebook.models import Grade
from journal.reports.models import ForecastBacktest
from portal.db.routers import REPLICA, replica_reads
from portal.models import User
from tests.journal.gradebook.conftest import gb  # noqa: F401  (the fixture)


@pytest.fixture
def replica(transactional_db):
    """A "replica" alias on the test database (committed rows: a transactional test)."""
    connections.settings[REPLICA] = {**connections["default"].settings_dict, "TEST": {"MIRROR": "default"}}
    connections[REPLICA].connect()  # opened here: the test case allows only the aliases known at its start
    yield connections[REPLICA]
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


def test_without_a_replica_everything_is_default(db):
    with replica_reads():
        assert router.db_for_read(Grade) == "default"
        assert router.db_for_read(ForecastBacktest) == "default"


def test_routing(replica):
    assert router.db_for_read(ForecastBacktest) == REPLICA  # report models: always
    assert router.db_for_read(Grade) == "default"  # the grid reads what it has just saved
    with replica_reads():
        assert router.db_for_read(Grade) == REPLICA
        assert router.db_for_read(User) == "default"  # logins and sessions never from a lagging copy
        assert router.db_for_write(Grade) == "default"
        assert router.db_for_write(ForecastBacktest) == "default"
    assert not router.allow_migrate(REPLICA, "gradebook")
    assert router.allow_migrate("default", "gradebook")


def test_the_achievement_report_reads_from_the_replica_and_the_grid_does_not(client, replica, gb):  # noqa: F811
    client.force_login(gb.director)
    with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(replica) as copy:
        assert client.get(reverse("journal:reports_achievement")).status_code == 200
    report_reads = [q["sql"] for q in copy.captured_queries if '"gradebook_' in q["sql"] or '"journal_' in q["sql"]]
    assert len(report_reads) >= 3
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in copy.captured_queries)
    assert not [q for q in primary.captured_queries if '"gradebook_grade"' in q["sql"]]

    client.force_login(gb.teacher_user)
    with CaptureQueriesContext(connections["default"]) as primary, CaptureQueriesContext(replica) as copy:
        assert client.get(reverse("journal:grid", args=[gb.assignment_a.pk])).status_code == 200
    assert not copy.captured_queries
    assert [q for q in primary.captured_queries if '"gradebook_grade"' in q["sql"]]
