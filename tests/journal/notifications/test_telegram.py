"""Telegram against a local fake Bot API: the parent links their chat with the one-time deep
link from their settings page; the bot answers /grades, /homework, /absences for their children
in their language; notifications arrive; a blocked bot falls back to in-app and is reported."""

import re

import pytest
from django.urls import reverse

from journal.gradebook import factories as gf
from journal.notifications.models import Delivery, DeliveryStatus, Notification, RecipientSettings
from journal.notifications.services import notify
from journal.notifications.services.telegram import telegram_poll

from .fake_services import FakeBotAPI

pytestmark = pytest.mark.django_db
TOKEN = "123456:TEST"


@pytest.fixture
def bot(settings):
    with FakeBotAPI(TOKEN) as fake:
        settings.TELEGRAM_BOT_TOKEN = TOKEN
        settings.TELEGRAM_BOT_USERNAME = "mektep_test_bot"
        settings.TELEGRAM_API_URL = fake.url
        yield fake


def _link(client, user, bot, chat_id):
    client.force_login(user)
    client.post(reverse("journal:notification_telegram"))
    html = client.get(reverse("journal:notification_settings")).content.decode()
    code = re.search(r"https://t\.me/mektep_test_bot\?start=([\w-]+)", html).group(1)
    bot.user_writes(chat_id, f"/start {code}")
    telegram_poll()
    return code


def test_link_and_commands_in_the_parents_language(client, nb, bot):
    parent = nb.parent_user  # language ru
    gf.GradeFactory(lesson=nb.lesson, student=nb.students_a[1], value=5)
    nb.lessons[5].homework = "§7"
    nb.lessons[5].save()
    code = _link(client, parent, bot, 555)
    assert RecipientSettings.objects.get(user=parent).telegram_chat_id == 555
    assert "привязана" in bot.sent[-1]["text"]
    bot.user_writes(555, "/grades")
    telegram_poll()
    answer = bot.sent[-1]["text"]
    assert nb.students_a[1].short_name in answer and "Математика: 5" in answer
    assert nb.students_a[2].short_name not in answer  # not their child
    bot.user_writes(555, "/absences")
    telegram_poll()
    assert "пропусков и опозданий нет" in bot.sent[-1]["text"]
    # the code works once; an unknown chat gets no data
    bot.user_writes(999, f"/start {code}")
    bot.user_writes(999, "/grades")
    telegram_poll()
    assert bot.sent[-1]["chat_id"] == 999 and nb.students_a[1].short_name not in bot.sent[-1]["text"]
    assert RecipientSettings.objects.get(user=parent).telegram_chat_id == 555


def test_notification_reaches_telegram_and_a_block_falls_back_in_app(client, nb, bot,
                                                                     django_capture_on_commit_callbacks):
    parent = nb.parent_user
    _link(client, parent, bot, 555)
    with django_capture_on_commit_callbacks(execute=True):
        notify(school=nb.school, event="announcement", recipients=[parent], title="Чогулуш", body="Жумада")
    assert bot.sent[-1]["chat_id"] == 555 and bot.sent[-1]["text"].startswith("Чогулуш")
    bot.blocked.add(555)
    with django_capture_on_commit_callbacks(execute=True):
        notify(school=nb.school, event="announcement", recipients=[parent], title="Экинчи", body="")
    failed = Delivery.objects.get(channel="telegram", subject="Экинчи")
    assert failed.status == DeliveryStatus.FAILED and "403" in failed.last_error
    assert RecipientSettings.objects.get(user=parent).telegram_chat_id is None  # unlinked: not tried again
    assert Notification.objects.filter(recipient=parent, title="Экинчи").exists()  # in-app stays
    page = client.get(reverse("journal:notifications")).content.decode()
    assert "Telegramга жөнөтүлгөн жок (бот бөгөттөлгөн" in page  # the Kyrgyz page (/ky/)


def test_telegram_views_are_private(client, nb, bot):
    assert client.post(reverse("journal:notification_telegram")).status_code == 302  # to the login
    assert not Delivery.objects.exists()
