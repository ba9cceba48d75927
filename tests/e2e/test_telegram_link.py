"""Browser test of linking Telegram (issue 11): the parent (Russian-speaking, on a phone) presses
«Привязать Telegram» in the notification settings, gets the one-time deep link, "opens" it (the
local fake Bot API receives /start <code>), sees the account linked after the worker's poll, asks
the bot for grades, and unlinks again."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from journal.gradebook import factories as gf
from journal.notifications.models import RecipientSettings
from journal.notifications.services.telegram import telegram_poll
from tests.e2e.test_gradebook_grid import journal  # noqa: F401 - the grid test's school
from tests.e2e.test_notifications import _login, school_journal  # noqa: F401
from tests.journal.notifications.fake_services import FakeBotAPI

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
TOKEN = "123456:E2E"


def test_parent_links_telegram_from_the_settings_page_and_unlinks(browser, live_server, school_journal,  # noqa: F811
                                                                   settings):
    parent_user, child = school_journal["parent"], school_journal["child"]
    lesson = school_journal["lessons"][0]
    gf.GradeFactory(lesson=lesson, student=child, value=5)
    with FakeBotAPI(TOKEN) as bot:
        settings.TELEGRAM_BOT_TOKEN = TOKEN
        settings.TELEGRAM_BOT_USERNAME = "mektep_test_bot"
        settings.TELEGRAM_API_URL = bot.url
        page = browser.new_page(viewport={"width": 390, "height": 844})
        with translation.override("ru"):  # the parent's language
            settings_url = reverse("journal:notification_settings")
        _login(page, live_server, "parent", settings_url)
        section = page.locator("#telegram")
        assert section.locator("a.telegram-link").count() == 0
        section.get_by_role("button", name="Привязать Telegram").click()
        page.wait_for_selector("#telegram a.telegram-link")
        link = page.locator("#telegram a.telegram-link").get_attribute("href")
        code = re.fullmatch(r"https://t\.me/mektep_test_bot\?start=([\w-]+)", link).group(1)
        assert RecipientSettings.objects.filter(user=parent_user, telegram_chat_id__isnull=False).count() == 0

        # the parent opens the link in Telegram and presses Start; the worker polls the Bot API
        bot.user_writes(4242, f"/start {code}")
        telegram_poll()
        assert RecipientSettings.objects.get(user=parent_user).telegram_chat_id == 4242
        assert bot.sent[-1]["chat_id"] == 4242 and "привязана" in bot.sent[-1]["text"]
        page.reload()
        assert "Telegram привязан к вашей учётной записи." in section.inner_text()

        bot.user_writes(4242, "/grades")
        telegram_poll()
        assert child.short_name in bot.sent[-1]["text"] and ": 5" in bot.sent[-1]["text"]

        # the same link a second time (forwarded to someone else) links nothing
        bot.user_writes(777, f"/start {code}")
        telegram_poll()
        assert RecipientSettings.objects.get(user=parent_user).telegram_chat_id == 4242

        section.get_by_role("button", name="Отвязать Telegram").click()
        page.wait_for_selector("text=Telegram отвязан от вашей учётной записи.")
        assert RecipientSettings.objects.get(user=parent_user).telegram_chat_id is None
        assert section.get_by_role("button", name="Привязать Telegram").is_visible()
