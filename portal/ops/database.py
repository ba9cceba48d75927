"""Copies of the database and the fingerprints that prove a restored copy identical.

PostgreSQL: a connection opens a REPEATABLE READ transaction and exports its snapshot; the row
counts and checksums are computed in that transaction and `pg_dump --snapshot` dumps the very
same state (custom format), however many teachers are saving grades meanwhile.
SQLite: the online backup API copies a consistent state of the database into a file, and the
fingerprints are computed on that copy.

A table's fingerprint is its row count and an order-independent checksum of its rows (the sum of
a hash of each row's text), so the same rows in another physical order give the same figure."""

import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

PG_CHECKSUM = (
    "SELECT count(*), coalesce(sum(('x' || substr(md5(t::text), 1, 15))::bit(60)::bigint::numeric), 0)::text "
    'FROM "{table}" t'
)


class DatabaseCopyError(Exception):
    pass


def vendor_of(db):
    engine = db["ENGINE"]
    if "postgresql" in engine or "postgis" in engine:
        return "postgresql"
    if "sqlite" in engine:
        return "sqlite"
    raise DatabaseCopyError(f"Backups support PostgreSQL and SQLite, not {engine}.")


def database_url(db):
    """A DATABASE_URL for the settings dict `db` (to run manage.py against that database)."""
    if vendor_of(db) == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    from urllib.parse import quote

    auth = quote(db.get("USER") or "postgres", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{auth}@{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db['NAME']}"


# --- PostgreSQL --------------------------------------------------------------------------------

def _pg_connect(db, dbname=None):
    import psycopg2

    return psycopg2.connect(
        dbname=dbname or db["NAME"], user=db.get("USER") or None, password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None, port=db.get("PORT") or None,
    )


def _pg_env(db):
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db):
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return args


def _pg_fingerprints(cursor):
    cursor.execute("SET LOCAL TIME ZONE 'UTC'")
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    result = {}
    for table in tables:
        cursor.execute(PG_CHECKSUM.format(table=table.replace('"', '""')))
        rows, checksum = cursor.fetchone()
        result[table] = {"rows": rows, "checksum": checksum}
    return result


def _run(args, env=None):
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    if done.returncode:
        raise DatabaseCopyError(f"{Path(args[0]).name} failed: {done.stderr.strip()[-2000:]}")
    return done


def _pg_dump(db, target):
    connection = _pg_connect(db)
    try:
        connection.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            fingerprints = _pg_fingerprints(cursor)
            _run([shutil.which("pg_dump") or "pg_dump", *_pg_args(db), "--format=custom", "--no-owner",
                  f"--snapshot={snapshot}", f"--file={target}", db["NAME"]], env=_pg_env(db))
        connection.rollback()
    finally:
        connection.close()
    return fingerprints


def _pg_is_empty(db):
    connection = _pg_connect(db)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            return cursor.fetchone()[0] == 0
    finally:
        connection.close()


def _pg_admin(db, *statements):
    """Run DROP/CREATE DATABASE statements (formatted with the database's name) on its server."""
    import psycopg2
    from psycopg2 import sql

    connection = _pg_connect(db, dbname="postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(sql.SQL(statement).format(sql.Identifier(db["NAME"])))
    except psycopg2.Error as error:
        raise DatabaseCopyError(str(error).strip()) from None
    finally:
        connection.close()


def pg_recreate(db):
    """Drop and create the (scratch) database `db` on its server."""
    _pg_admin(db, "DROP DATABASE IF EXISTS {} WITH (FORCE)", "CREATE DATABASE {}")


def pg_drop(db):
    _pg_admin(db, "DROP DATABASE IF EXISTS {} WITH (FORCE)")


# --- SQLite ------------------------------------------------------------------------------------

def _sqlite_fingerprints(path):
    connection = sqlite3.connect(path)
    try:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        result = {}
        for table in tables:
            rows, total = 0, 0
            for row in connection.execute(f'SELECT * FROM "{table}"'):
                rows += 1
                total += int.from_bytes(hashlib.sha256(repr(row).encode()).digest()[:8], "big")
            result[table] = {"rows": rows, "checksum": str(total)}
        return result
    finally:
        connection.close()


def _sqlite_dump(django_connection, target):
    django_connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        with django_connection.wrap_database_errors:
            django_connection.connection.backup(copy)
    finally:
        copy.close()
    return _sqlite_fingerprints(target)


# --- the operations --------------------------------------------------------------------------

DUMP_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


def dump(django_connection, directory):
    """Copy the database of `django_connection` into `directory`; returns (file name,
    fingerprints of the copied state)."""
    db = django_connection.settings_dict
    vendor = vendor_of(db)
    target = Path(directory) / DUMP_FILES[vendor]
    if vendor == "postgresql":
        return target.name, _pg_dump(db, target)
    return target.name, _sqlite_dump(django_connection, target)


def is_empty(db):
    if vendor_of(db) == "postgresql":
        return _pg_is_empty(db)
    path = Path(db["NAME"])
    return not path.exists() or path.stat().st_size == 0


def load(db, dump_file):
    """Restore a dump into the empty database `db` (PostgreSQL: it must exist)."""
    if vendor_of(db) == "postgresql":
        _run([shutil.which("pg_restore") or "pg_restore", *_pg_args(db), "--no-owner", "--no-privileges",
              "--exit-on-error", "--dbname", db["NAME"], str(dump_file)], env=_pg_env(db))
    else:
        Path(db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(dump_file, db["NAME"])


def fingerprints(db):
    if vendor_of(db) == "postgresql":
        connection = _pg_connect(db)
        try:
            with connection.cursor() as cursor:
                return _pg_fingerprints(cursor)
        finally:
            connection.close()
    return _sqlite_fingerprints(db["NAME"])
