import pytest
from django.conf import settings
from django.core.management import call_command


def test_default_language_is_kyrgyz():
    assert settings.LANGUAGE_CODE == "ky"
    assert [code for code, _ in settings.LANGUAGES] == ["ky", "ru"]


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db  # the first request of a day applies the due movements (DueMovementsMiddleware)
def test_root_redirects_by_browser_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9").url == "/ru/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-US").url == "/ky/"
