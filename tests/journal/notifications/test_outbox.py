"""The outbox: retries with exponential backoff, a final failure after the last attempt, a row
marked sent never sent again, two workers never take the same row, the weekly digest's day."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from journal.notifications.factories import DeliveryFactory
from journal.notifications.models import Delivery, DeliveryStatus, Mode, Preference
from journal.notifications.services import channels, notify
from journal.notifications.services.digests import digests_send
from journal.notifications.services.outbox import _claim, backoff, outbox_process
from journal.notifications.services.preferences import settings_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def parent(small_school):
    user = small_school.parent_user
    user.email = "p@example.kg"
    user.save()
    return user


def test_backoff_doubles_and_is_capped(settings):
    settings.NOTIFICATIONS_RETRY_BASE_SECONDS = 60
    assert [backoff(n) for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert backoff(30) == settings.NOTIFICATIONS_RETRY_MAX_SECONDS


def test_failures_are_retried_later_then_given_up(parent, settings, monkeypatch):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    calls = []

    def broken(delivery):
        calls.append(delivery.pk)
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setitem(channels.SENDERS, "email", broken)
    monkeypatch.setattr("journal.notifications.services.outbox.SENDERS", channels.SENDERS)
    row = DeliveryFactory(recipient=parent)
    outbox_process()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (DeliveryStatus.PENDING, 1) and "SMTP down" in row.last_error
    assert row.next_attempt_at > timezone.now() + datetime.timedelta(seconds=50)
    outbox_process()
    assert len(calls) == 1  # not due yet
    for attempt in (2, 3):
        Delivery.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
        outbox_process()
        row.refresh_from_db()
        assert row.attempts == attempt
    assert row.status == DeliveryStatus.FAILED and len(calls) == 3


def test_sent_is_never_sent_again(parent):
    row = DeliveryFactory(recipient=parent, subject="Бир жолу")
    outbox_process()
    Delivery.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now() - datetime.timedelta(days=1))
    outbox_process()
    assert [m.subject for m in mail.outbox] == ["Бир жолу"]
    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENT and row.attempts == 1


def test_a_claimed_row_is_not_taken_twice(parent):
    row = DeliveryFactory(recipient=parent)
    now = timezone.now()
    assert _claim(row, now) is True
    assert _claim(row, now) is False  # the second worker saw the same row: it is taken


def test_the_same_delivery_key_is_one_row(small_school, parent, django_capture_on_commit_callbacks):
    [row] = notify(school=small_school.school, event="message", recipients=[parent, parent], title="Кат", body="")
    assert Delivery.objects.filter(notification=row).count() == 1
    Delivery.objects.bulk_create([Delivery(key=f"n{row.pk}:email", recipient=parent, notification=row,
                                           channel="email", subject="x", text="", next_attempt_at=timezone.now())],
                                 ignore_conflicts=True)
    assert Delivery.objects.filter(notification=row).count() == 1


def test_weekly_digest_on_the_chosen_day_only(small_school, parent, django_capture_on_commit_callbacks):
    Preference.objects.create(user=parent, event="homework", mode=Mode.WEEKLY)
    prefs = settings_of(parent)
    prefs.digest_weekday, prefs.digest_hour = 5, 10  # Saturday, 10:00
    prefs.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(school=small_school.school, event="homework", recipients=[parent], student=small_school.students_a[1],
               title="Үй тапшырмасы", body="§3")
    friday = timezone.make_aware(datetime.datetime(2026, 12, 11, 12, 0))
    saturday = friday + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send(friday) == 0
        assert digests_send(saturday) == 1
    assert len(mail.outbox) == 1 and "Үй тапшырмасы" in mail.outbox[0].body
