"""Read replicas for the reports (issue 12 §6, docs/scaling.md).

With DATABASE_REPLICA_URL set, settings add a "replica" database (a streaming replica of the
primary). The reports and the query constructor read the school's data from it, so that a
director's year report does not compete with the teachers' grade saves on the primary:
- reads of the reports' own models (the forecast back-tests) always go to the replica;
- inside `replica_reads()` — every GET of the reports and the query constructor
  (ReplicaReadsMiddleware) — reads of the school's data (register, class journal, reports,
  queries, archive) go to the replica too;
- writes always go to the primary ("default"), and so do reads everywhere else (the grid reads
  what it has just saved; logins and sessions never read a lagging copy).
Without a "replica" database the router says nothing and everything uses "default".
"""

import contextlib
import contextvars

from django.db import connections

REPLICA = "replica"
# the apps whose rows a report reads (app labels)
SCHOOL_DATA_APPS = {"journal", "gradebook", "reports", "queries", "archive"}
# the apps whose models are only ever read for reports
REPORT_APPS = {"reports"}
# the pages read from the replica (GET only): under these URL parts
REPLICA_PATHS = ("/app/journal/reports/", "/app/journal/queries/")

_replica_reads = contextvars.ContextVar("mektep_replica_reads", default=False)


def has_replica():
    return REPLICA in connections.settings


@contextlib.contextmanager
def replica_reads():
    """Within: the school's data is read from the replica (when there is one)."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not has_replica():
            return None
        label = model._meta.app_label
        if label in REPORT_APPS or (_replica_reads.get() and label in SCHOOL_DATA_APPS):
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # a replica gets its schema from the primary


class ReplicaReadsMiddleware:
    """GET requests of the reports and the query constructor read from the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and any(part in request.path for part in REPLICA_PATHS) and has_replica():
            with replica_reads():
                return self.get_response(request)
        return self.get_response(request)
