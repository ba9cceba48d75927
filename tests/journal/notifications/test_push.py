"""Browser notifications (web push with VAPID) against a local push endpoint: the subscription is
saved through the settings page's endpoint, the notification arrives encrypted for that browser
and signed with the school's VAPID key; an expired subscription (410) is dropped, the
notification stays in-app and the user is told."""

import base64
import json
import os

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.urls import reverse

from journal.notifications.models import Delivery, DeliveryStatus, PushSubscription
from journal.notifications.services import notify
from journal.notifications.services.push import b64url, vapid_keys_generate

from .fake_services import FakePushService

pytestmark = pytest.mark.django_db


class Browser:
    """What a browser keeps for a push subscription: its key pair and auth secret."""

    def __init__(self, endpoint):
        self.private = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.endpoint = endpoint

    def subscription(self):
        public = self.private.public_key().public_bytes(serialization.Encoding.X962,
                                                        serialization.PublicFormat.UncompressedPoint)
        return {"endpoint": self.endpoint, "keys": {"p256dh": b64url(public), "auth": b64url(self.auth)}}

    def read(self, body):
        return json.loads(http_ece.decrypt(body, private_key=self.private, auth_secret=self.auth,
                                           version="aes128gcm"))


@pytest.fixture
def push(settings):
    public, private = vapid_keys_generate()
    settings.WEBPUSH_VAPID_PUBLIC_KEY, settings.WEBPUSH_VAPID_PRIVATE_KEY = public, private
    settings.WEBPUSH_ALLOW_HTTP = True
    with FakePushService() as fake:
        yield fake


def _subscribe(client, browser):
    return client.post(reverse("journal:notification_push"), data=json.dumps(browser.subscription()),
                       content_type="application/json")


def test_subscribe_send_and_expire(client, small_school, push, django_capture_on_commit_callbacks, settings):
    parent = small_school.parent_user
    client.force_login(parent)
    page = client.get(reverse("journal:notification_settings")).content.decode()
    assert f'data-key="{settings.WEBPUSH_VAPID_PUBLIC_KEY}"' in page and "notifications-push.js" in page
    browser = Browser(f"{push.url}/sub-1")
    assert _subscribe(client, browser).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        notify(school=small_school.school, event="announcement", recipients=[parent], title="Чогулуш",
               body="Жума күнү", url="/ky/app/notifications/")
    [received] = push.received
    assert received["headers"]["content-encoding"] == "aes128gcm"
    assert received["headers"]["authorization"].startswith("vapid t=")
    assert settings.WEBPUSH_VAPID_PUBLIC_KEY in received["headers"]["authorization"]
    assert browser.read(received["body"]) == {"title": "Чогулуш", "body": "Жума күнү",
                                              "url": "http://testserver/ky/app/notifications/"}
    push.gone.add("sub-1")
    with django_capture_on_commit_callbacks(execute=True):
        notify(school=small_school.school, event="announcement", recipients=[parent], title="Экинчи", body="")
    assert not PushSubscription.objects.exists()
    assert Delivery.objects.get(subject="Экинчи").status == DeliveryStatus.FAILED
    page = client.get(reverse("journal:notifications")).content.decode()
    assert "Экинчи" in page and "браузериңизде көрсөтүлгөн жок" in page


def test_subscription_endpoint_refuses_bad_input_and_anonymous(client, small_school, push, settings):
    browser = Browser(f"{push.url}/sub-2")
    response = _subscribe(client, browser)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(small_school.parent_user)
    url = reverse("journal:notification_push")
    assert client.post(url, data="{not json", content_type="application/json").status_code == 400
    assert client.post(url, data=json.dumps({"endpoint": f"{push.url}/x"}),
                       content_type="application/json").status_code == 400
    settings.WEBPUSH_ALLOW_HTTP = False
    assert _subscribe(client, browser).status_code == 400  # push services are https
    assert not PushSubscription.objects.exists()


def test_vapid_keys_are_usable():
    public, private = vapid_keys_generate()
    assert len(base64.urlsafe_b64decode(public + "==")) == 65 and len(base64.urlsafe_b64decode(private + "=")) == 32
