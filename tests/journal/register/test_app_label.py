"""The register lives in journal/register/ but keeps the app label "journal": its tables and its
migration history are those it had before the move. These tests fail if someone renames the label."""

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from journal.register.apps import RegisterConfig


def test_register_app_label_is_journal():
    config = apps.get_app_config("journal")
    assert isinstance(config, RegisterConfig)
    assert config.name == "journal.register"
    assert config.label == "journal"


def test_register_tables_keep_the_journal_prefix():
    models = list(apps.get_app_config("journal").get_models())
    assert models
    for model in models:
        assert model._meta.db_table.startswith("journal_"), model._meta.db_table


@pytest.mark.django_db
def test_register_migration_history_is_unchanged():
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    names = sorted(name for label, name in loader.disk_migrations if label == "journal")
    # the history from before the move is kept as it was; later migrations only add to it
    assert names[:2] == ["0001_initial", "0002_account_issue_private_consent_scans"]
    assert loader.disk_migrations[("journal", "0001_initial")].app_label == "journal"
