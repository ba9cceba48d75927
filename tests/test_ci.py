"""CI runs the README's test command as a new user does (SQLite) and on PostgreSQL."""

from pathlib import Path

CI = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()


def test_ci_runs_the_test_command_on_sqlite_and_on_postgresql():
    sqlite = CI.index("env -u DATABASE_URL make -s test")
    postgres = CI.index('export DATABASE_URL="postgres://')
    assert CI.count("make -s test") == 2
    assert postgres < sqlite  # the SQLite run removes the variable the PostgreSQL run relies on
