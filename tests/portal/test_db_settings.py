"""The portal's PostgreSQL connections run without JIT: our pages' queries are short index lookups,
and with many schools in one database compiling them cost more than running them."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_postgresql_connections_have_jit_off():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
