"""Browser test of notifications (issue 11): the teacher enters a grade and an absence in the
journal grid; the parent (Russian-speaking, daily digest) sees both in the portal under the bell;
the evening digest reaches a local SMTP server in Russian, grouped under the child's name."""

import pytest
from django.urls import reverse
from django.utils import timezone

from journal.notifications.models import Mode, Preference
from journal.notifications.services.digests import digests_send
from journal.register import factories as f
from portal.roles import Role
from tests.e2e.test_gradebook_grid import PASSWORD, journal  # noqa: F401 - the grid test's school
from tests.journal.notifications.smtp import SMTPServer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

@pytest.fixture
def school_journal(journal):  # noqa: F811
    """The grid test's school (a teacher, 5 «А» maths, students Окуучу0–3) and a Russian-speaking
    parent of the first student who wants grades and absences in the daily digest."""
    assignment = journal["assignment"]
    school = assignment.school
    child = sorted(journal["students"], key=lambda s: s.last_name)[0]
    parent = f.user_with_role(school, Role.PARENT, "parent", email="parent@example.kg", language="ru")
    f.StudentGuardianFactory(student=child, guardian=f.GuardianFactory(school=school, user=parent))
    for event in ("grade", "absence"):
        Preference.objects.create(user=parent, event=event, mode=Mode.DAILY)
    return {**journal, "child": child, "parent": parent}


def _login(page, live_server, username, url):
    from django.conf import settings
    from django.test import Client

    client = Client()
    assert client.login(username=username, password=PASSWORD)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value,
                               "url": live_server.url}])
    page.goto(f"{live_server.url}{url}")


def test_grade_and_absence_reach_the_parent_in_app_and_in_the_digest(browser, live_server, school_journal,
                                                                     settings):
    with SMTPServer() as smtp:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", smtp.port, False
        teacher = browser.new_page(viewport={"width": 1280, "height": 800})
        grid = reverse("journal:grid", args=[school_journal["assignment"].pk])
        _login(teacher, live_server, "teacher", f"{grid}?period={school_journal['period'].pk}")
        teacher.wait_for_selector("#gb-grid")
        cells = teacher.locator("#gb-grid tbody tr").nth(0).locator("td.gb-c")
        cells.nth(0).click()
        teacher.keyboard.press("5")  # the parent's child (first row), first lesson: 5
        cells.nth(1).click()
        teacher.keyboard.press("n")  # second lesson: absent
        teacher.wait_for_function("() => !document.querySelector('#gb-grid .is-saving, #gb-grid .is-pending')")

        parent = browser.new_page(viewport={"width": 390, "height": 844})
        _login(parent, live_server, "parent", reverse("journal:notifications"))
        bell = parent.locator(".notification-bell")
        parent.wait_for_selector(".notif-item")
        assert bell.get_attribute("data-unread") == "2"
        items = parent.locator(".notif-item").all_inner_texts()
        child = school_journal["child"]
        assert any("Оценка 5 по предмету Математика" in t for t in items), items
        assert any(f"{child.short_name} отсутствовал(а)" in t for t in items), items
        assert smtp.messages == []  # a daily digest, nothing at once

        digests_send(timezone.now().replace(hour=15))  # 21:00 in Bishkek, after the digest hour
        [message] = smtp.messages
        assert message["To"] == "parent@example.kg" and str(message["Subject"]).strip().startswith("Сводка за")
        body = message.get_content()
        assert child.full_name in body and "Оценка 5 по предмету Математика" in body
        assert "/ru/app/notifications/unsubscribe/" in body
