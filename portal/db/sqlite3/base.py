"""Django's SQLite backend, told the real limit of query parameters of the SQLite it runs on.

Django 5.2 assumes SQLite's old compile-time default of 999 variables per query, so a bulk
insert of 500 students with their history rows is split into dozens of statements on the
embedded database (142 queries for a 1,500-row import against about 30 on PostgreSQL). SQLite
3.32+ allows 32,766 by default (Debian's build: 250,000); Python 3.11 can ask the connection.
"""

import sqlite3

from django.db.backends.sqlite3 import base

# Keep batches moderate even where SQLite would take more: one statement stays well under
# SQLite's default statement size limit and memory per query stays small.
MAX_QUERY_PARAMS = 32766


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        conn = super().get_new_connection(conn_params)
        try:
            limit = conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        except (AttributeError, sqlite3.Error):  # Python < 3.11
            limit = 999
        self.features.max_query_params = min(limit, MAX_QUERY_PARAMS)
        return conn
