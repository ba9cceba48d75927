"""The server error page: a database that does not answer gives 503 with Retry-After (the grid's
queue sends the change again), in the user's language; any other error stays a plain 500."""

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import path
from django.utils import translation

from portal import urls as portal_urls


def _database_down(request):
    raise OperationalError("connection to server at \"127.0.0.1\", port 5432 failed: Connection refused")


def _bug(request):
    raise ZeroDivisionError("a bug")


pytestmark = pytest.mark.django_db

# the portal's own URLs too: the middleware and templates reverse them
urlpatterns = [path("down/", _database_down), path("bug/", _bug), *portal_urls.urlpatterns]
handler500 = "portal.errors.server_error"


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


@pytest.mark.urls("tests.portal.test_errors")
def test_database_down_is_503_with_retry_after_in_kyrgyz(client, settings):
    settings.LANGUAGE_CODE = "ky"
    response = client.get("/down/", HTTP_ACCEPT_LANGUAGE="ky")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"
    with translation.override("ky"):
        expected = translation.gettext("Service unavailable")
    assert expected != "Service unavailable"  # the Kyrgyz catalog has it
    assert expected in response.content.decode()


@pytest.mark.urls("tests.portal.test_errors")
def test_database_down_answers_a_json_save_with_json(client):
    response = client.post("/down/", data="{}", content_type="application/json", HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert response.json()["retry"] is True
    assert response.json()["message"]


@pytest.mark.urls("tests.portal.test_errors")
def test_any_other_error_stays_a_500(client):
    response = client.get("/bug/")
    assert response.status_code == 500
    assert "Retry-After" not in response
