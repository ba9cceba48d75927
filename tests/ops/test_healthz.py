"""Issue 12 §2: /healthz answers JSON 200 when the database and the cache are reachable, 503
otherwise; no session cookie, no login, no language prefix."""

import pytest
from django.test import Client


@pytest.mark.django_db
def test_healthz_ok():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert response["Content-Type"] == "application/json"
    assert not response.cookies  # no session


@pytest.mark.django_db
def test_healthz_answers_any_host_over_plain_http(settings):
    settings.ALLOWED_HOSTS = ["school.example.kg"]
    settings.SECURE_SSL_REDIRECT = True
    response = Client().get("/healthz", HTTP_HOST="10.0.0.5:8000")
    assert response.status_code == 200 and response.json()["status"] == "ok"


@pytest.mark.django_db
def test_healthz_503_when_the_cache_is_unreachable(monkeypatch):
    from django.core.cache.backends.redis import RedisCache

    unreachable = RedisCache("redis://127.0.0.1:1/0", {})  # nothing listens on port 1
    monkeypatch.setattr("portal.ops.views.cache", unreachable)
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "error: ConnectionError" and response.json()["database"] == "ok"


@pytest.mark.django_db
def test_healthz_503_when_the_database_is_unreachable(monkeypatch):
    from django.db.backends.base.base import BaseDatabaseWrapper

    def broken(self):
        raise RuntimeError("database down")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", broken)
    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", broken)
    response = Client().get("/healthz")
    assert response.status_code == 503 and response.json()["database"].startswith("error")
