"""portal:ping, the smallest private answer (the benchmark's baseline): logged in only."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_ping_answers_a_signed_in_user_and_sends_anonymous_visitors_to_the_login(client, small_school):
    url = reverse("portal:ping")
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    client.force_login(small_school.parent_user)
    response = client.get(url)
    assert response.status_code == 200 and response.json() == {"ok": True}
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
