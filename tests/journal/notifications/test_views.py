"""The bell, the list page, opening a notification, settings, unsubscribe — and their forbidden
side: another user's notification, another school, anonymous, a forged unsubscribe token."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from journal.notifications.factories import NotificationFactory
from journal.notifications.models import Delivery, DeliveryStatus, Mode, Notification, Preference
from journal.notifications.services import notify
from journal.notifications.services.digests import digests_send
from journal.notifications.services.preferences import unsubscribe_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(small_school):
    s = small_school
    own = NotificationFactory(school=s.school, recipient=s.parent_user, student=s.students_a[1], title="Баа 5",
                              url=reverse("journal:notifications") + "?x=1")
    other = NotificationFactory(school=s.school, recipient=s.student_user, title="Башка")
    return own, other


def test_bell_and_list_show_only_own(client, small_school, mine, django_assert_max_num_queries):
    client.force_login(small_school.parent_user)
    for _i in range(10):
        NotificationFactory(school=small_school.school, recipient=small_school.parent_user, student=small_school.students_a[1])
    with django_assert_max_num_queries(30) as few:
        response = client.get(reverse("journal:notifications"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Баа 5" in html and "Башка" not in html
    assert 'data-unread="11"' in html
    for _i in range(20):
        NotificationFactory(school=small_school.school, recipient=small_school.parent_user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("journal:notifications"))


def test_open_marks_read_and_redirects(client, small_school, mine):
    own, other = mine
    client.force_login(small_school.parent_user)
    response = client.get(reverse("journal:notification_open", args=[own.pk]))
    assert response.status_code == 302 and response["Location"].endswith("?x=1")
    own.refresh_from_db()
    assert own.read_at is not None


def test_another_users_notification_is_404(client, small_school, mine):
    own, other = mine
    client.force_login(small_school.parent_user)
    assert client.get(reverse("journal:notification_open", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.read_at is None
    client.post(reverse("journal:notifications_read"))
    other.refresh_from_db()
    assert other.read_at is None


def test_director_does_not_see_a_parents_notifications(client, small_school, mine):
    client.force_login(small_school.director)
    assert "Баа 5" not in client.get(reverse("journal:notifications")).content.decode()
    assert client.get(reverse("journal:notification_open", args=[mine[0].pk])).status_code == 404


def test_another_school_is_not_shown(client, small_school):
    stray = NotificationFactory(school=small_school.other_school, recipient=small_school.parent_user, title="Башка мектеп")
    client.force_login(small_school.parent_user)
    assert "Башка мектеп" not in client.get(reverse("journal:notifications")).content.decode()
    assert client.get(reverse("journal:notification_open", args=[stray.pk])).status_code == 404


@pytest.mark.parametrize("name,args", [("notifications", []), ("notification_open", [1]),
                                       ("notification_settings", [])])
def test_anonymous_goes_to_login(client, small_school, name, args):
    response = client.get(reverse(f"journal:{name}", args=args))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_offsite_url_is_not_followed(client, small_school):
    row = NotificationFactory(school=small_school.school, recipient=small_school.parent_user, url="https://evil.example/")
    client.force_login(small_school.parent_user)
    response = client.get(reverse("journal:notification_open", args=[row.pk]))
    assert response["Location"] == reverse("journal:notifications")


def test_settings_save_and_refuse_half_quiet_hours(client, small_school):
    user = small_school.parent_user
    client.force_login(user)
    data = {f"mode_{e}": "instant" for e in ["grade", "absence", "lateness", "homework", "period_grade",
                                             "announcement", "message", "comment"]}
    data.update({"mode_grade": "daily", "digest_hour": "18", "digest_weekday": "5", "language": "ru",
                 "email_enabled": "on", "quiet_from": "22:00"})
    response = client.post(reverse("journal:notification_settings"), data)
    assert response.status_code == 200 and not Preference.objects.filter(user=user).exists()
    data["quiet_to"] = "07:00"
    response = client.post(reverse("journal:notification_settings"), data)
    assert response.status_code == 302
    assert Preference.objects.get(user=user, event="grade").mode == Mode.DAILY
    user.refresh_from_db()
    assert user.language == "ru" and user.notification_settings.digest_hour == 18


def test_unsubscribe_works_without_login_and_refuses_forged_tokens(client, small_school):
    user = small_school.parent_user
    token = unsubscribe_token(user, "grade")
    url = reverse("journal:notifications_unsubscribe", args=[token])
    assert client.get(url).status_code == 200
    assert not Preference.objects.filter(user=user).exists()  # a GET (a mail scanner) changes nothing
    assert client.post(url).status_code == 200
    assert Preference.objects.get(user=user, event="grade").mode == Mode.OFF
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    other = unsubscribe_token(small_school.student_user, "grade").split(":")
    tampered = ":".join([token.split(":")[0], *other[1:]])
    for bad in (forged, tampered, "nonsense"):
        response = client.post(reverse("journal:notifications_unsubscribe", args=[bad]))
        assert response.status_code == 404
    assert not Preference.objects.filter(user=small_school.student_user).exists()


def test_off_keeps_in_app_only_and_quiet_hours_delay(small_school, django_capture_on_commit_callbacks):
    parent, student = small_school.parent_user, small_school.student_user
    parent.email, student.email = "p@example.kg", "s@example.kg"
    parent.save(), student.save()
    Preference.objects.create(user=parent, event="message", mode=Mode.OFF)
    from journal.notifications.services.preferences import settings_of

    quiet = settings_of(student)
    now = timezone.localtime()
    quiet.quiet_from = (now - datetime.timedelta(hours=1)).time().replace(second=0, microsecond=0)
    quiet.quiet_to = (now + datetime.timedelta(hours=1)).time().replace(second=0, microsecond=0)
    quiet.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(school=small_school.school, event="message", recipients=[parent, student], title="Кат", body="…")
    assert Notification.objects.filter(recipient=parent).count() == 1
    assert not Delivery.objects.filter(recipient=parent).exists()
    waiting = Delivery.objects.get(recipient=student)
    assert waiting.status == DeliveryStatus.PENDING and waiting.next_attempt_at > timezone.now()
    assert mail.outbox == []


def test_daily_digest_groups_by_child_in_the_parents_language(small_school, django_capture_on_commit_callbacks):
    s = small_school
    parent = s.parent_user
    parent.email, parent.language = "p@example.kg", "ru"
    parent.save()
    Preference.objects.create(user=parent, event="grade", mode=Mode.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        for child, value in [(s.students_a[1], 5), (s.students_b[1], 3), (s.students_a[1], 4)]:
            notify(school=s.school, event="grade", recipients=[parent], student=child, title=f"Оценка {value}",
                   body="")
    assert mail.outbox == []  # nothing at once
    evening = timezone.localtime().replace(hour=20, minute=0)
    morning = evening.replace(hour=6)
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send(morning) == 0  # before the digest hour (19:00)
        assert digests_send(evening) == 1
        assert digests_send(evening) == 0  # idempotent
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject.startswith("Сводка за")
    body = message.body
    a, b = s.students_a[1].full_name, s.students_b[1].full_name
    assert body.index(a) < body.index("Оценка 4") or body.index(b) < body.index("Оценка 3")
    assert body.count(a) == 1 and body.count(b) == 1  # one heading per child
    assert "Оценка 5" in body and "Оценка 4" in body and "Оценка 3" in body
