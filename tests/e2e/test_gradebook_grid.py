"""Browser test of the journal grid: a teacher logs in, opens the grid, enters grades and an
absence with the keyboard, reloads and finds them saved; the same on a phone with the on-screen
keypad; a value typed while offline stays visible and is saved when the connection is back."""

import datetime

import pytest
from django.urls import reverse

from journal.gradebook import factories as gf
from journal.gradebook.models import Attendance, Grade
from journal.register import factories as f
from journal.register.models import PeriodKind
from portal.roles import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Mektep-2026"


@pytest.fixture
def journal(transactional_db):
    from wagtail.models import Locale

    # a transactional test starts from an empty database (no rows made by migrations)
    for code in ("ky", "ru"):
        Locale.objects.get_or_create(language_code=code)
    school = f.SchoolFactory(code="e2e", name_ky="№1 мектеп", name_ru="Школа №1")
    year = f.AcademicYearFactory(school=school)
    period = f.StudyPeriodFactory(year=year, kind=PeriodKind.QUARTER, number=2, start=datetime.date(2026, 11, 10),
                                  end=datetime.date(2026, 12, 29))
    cls = f.ClassGroupFactory(school=school, year=year, grade=5, letter="А")
    user = f.user_with_role(school, Role.TEACHER, "teacher", first_name="Гүлзат", last_name="Асанова")
    teacher = f.StaffMemberFactory(school=school, user=user)
    assignment = f.TeachingAssignmentFactory(class_group=cls, teacher=teacher,
                                             subject=f.SubjectFactory(school=school, name_ky="Математика"))
    students = [f.StudentFactory(school=school, class_group=cls, last_name=f"Окуучу{i}", first_name="Айбек")
                for i in range(4)]
    lessons = [gf.LessonFactory(assignment=assignment, date=datetime.date(2026, 11, d)) for d in (10, 11, 12)]
    return {"assignment": assignment, "period": period, "students": students, "lessons": lessons}


def _login(page, live_server):
    """Log the teacher in: a session made by Django's test client, handed to the browser as its
    cookie (the login form itself is tested with the accounts)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.login(username="teacher", password=PASSWORD)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value,
                               "url": live_server.url}])
    page.goto(f"{live_server.url}{reverse('portal:start')}")
    page.wait_for_url("**/app/journal/teacher/")


def _grid(page, live_server, journal):
    url = reverse("journal:grid", args=[journal["assignment"].pk])
    page.goto(f"{live_server.url}{url}?period={journal['period'].pk}")
    page.wait_for_selector("#gb-grid")


def _cell(page, row, col):
    return page.locator("#gb-grid tbody tr").nth(row).locator("td.gb-c").nth(col)


def _wait_saved(page):
    page.wait_for_function(
        "() => !document.querySelector('#gb-grid .is-saving, #gb-grid .is-pending')"
        " && !localStorage.getItem(Object.keys(localStorage).find(k => k.startsWith('mektep.grid.queue')) || '_')")


def test_keyboard_entry_saved_after_reload(browser, live_server, journal):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    _login(page, live_server)
    _grid(page, live_server, journal)
    _cell(page, 0, 0).click()
    page.keyboard.press("5")  # row 1, lesson 1 → 5, moves down
    page.keyboard.press("4")  # row 2 → 4
    page.keyboard.press("n")  # row 3 → absent
    page.keyboard.press("ArrowUp")
    page.keyboard.press("+")  # row 2: one more grade
    page.keyboard.press("3")
    page.keyboard.press("Tab")  # row 3, lesson 2
    page.keyboard.press("Tab")  # row 3, lesson 3
    page.keyboard.press("l")  # late
    _wait_saved(page)
    page.reload()
    page.wait_for_selector("#gb-grid")
    assert _cell(page, 0, 0).inner_text().strip() == "5"
    assert _cell(page, 1, 0).inner_text().split() == ["4", "3"]
    assert _cell(page, 2, 0).locator(".gb-abs.abs-unexcused").count() == 1
    assert _cell(page, 2, 2).locator(".gb-abs.abs-late").count() == 1
    lesson1 = journal["lessons"][0]
    students = sorted(journal["students"], key=lambda s: s.last_name)
    assert list(Grade.objects.filter(lesson=lesson1, student=students[1]).order_by("position")
                .values_list("value", flat=True)) == [4, 3]
    assert Attendance.objects.get(lesson=lesson1).status == "unexcused"
    # Backspace removes the last grade
    _cell(page, 1, 0).click()
    page.keyboard.press("Backspace")
    _wait_saved(page)
    assert list(Grade.objects.filter(lesson=lesson1, student=students[1]).values_list("value", flat=True)) == [4]
    assert errors == []


def test_phone_keypad(browser, live_server, journal):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    _login(page, live_server)
    _grid(page, live_server, journal)
    _cell(page, 0, 1).tap()
    page.wait_for_selector("#gb-keypad:not([hidden])")
    page.locator("#gb-keypad button[data-digit='3']").tap()
    page.locator("#gb-keypad button[data-status='ill']").tap()
    _wait_saved(page)
    page.reload()
    page.wait_for_selector("#gb-grid")
    assert _cell(page, 0, 1).inner_text().strip() == "3"
    assert _cell(page, 1, 1).locator(".gb-abs.abs-ill").count() == 1
    # the names column stays in view when the grid scrolls sideways
    page.locator("#gb-wrap").evaluate("el => el.scrollLeft = 400")
    box = page.locator("#gb-grid tbody th.gb-name").first.bounding_box()
    assert box["x"] < 40
    context.close()


def test_offline_value_kept_and_sent_later(browser, live_server, journal):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    _login(page, live_server)
    _grid(page, live_server, journal)
    _cell(page, 3, 2).click()
    context.set_offline(True)
    page.keyboard.press("2")
    page.wait_for_selector("#gb-grid td.is-pending")
    assert _cell(page, 3, 2).inner_text().strip().startswith("2")
    assert not Grade.objects.exists()
    stored = page.evaluate("() => Object.entries(localStorage).filter(([k]) => k.startsWith('mektep.grid.queue'))")
    assert stored and '"value":2' in stored[0][1]
    assert page.locator("#gb-retry-btn").is_visible()
    context.set_offline(False)  # the browser's "online" event sends the queue again
    _wait_saved(page)
    assert Grade.objects.get().value == 2
    context.close()


def test_conflict_asks_which_value_to_keep(browser, live_server, journal):
    from journal.gradebook.services.grades import grade_set

    page = browser.new_page(viewport={"width": 1280, "height": 800})
    _login(page, live_server)
    student = sorted(journal["students"], key=lambda s: s.last_name)[0]
    lesson = journal["lessons"][1]
    grade_set(lesson=lesson, student=student, value=4, by=journal["assignment"].teacher.user)
    _grid(page, live_server, journal)
    # meanwhile the deputy corrects the same cell
    deputy = f.user_with_role(journal["assignment"].school, Role.DEPUTY, "deputy")
    grade_set(lesson=lesson, student=student, value=3, by=deputy, version=1, reason="ошибка")
    _cell(page, 0, 1).click()
    page.keyboard.press("5")
    page.wait_for_selector("#gb-conflict[open]")
    assert "3" in page.locator("#gb-conflict-text").inner_text()
    assert Grade.objects.get().value == 3  # nothing overwritten
    page.locator("#gb-conflict button[value=mine]").click()
    _wait_saved(page)
    assert Grade.objects.get().value == 5


def test_offline_counter_counts_every_waiting_entry(browser, live_server, journal):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    _login(page, live_server)
    _grid(page, live_server, journal)
    context.set_offline(True)
    for row in range(3):
        _cell(page, row, 0).click()
        page.keyboard.press("4")
    page.wait_for_function("() => document.getElementById('gb-status-msg').dataset.waiting === '3'")
    assert "3" in page.locator("#gb-status-msg").inner_text()
    context.set_offline(False)
    _wait_saved(page)
    assert Grade.objects.count() == 3
    context.close()


CONTRAST = """(el) => {
  const rgb = (s) => s.match(/[0-9.]+/g).slice(0, 3).map(Number);
  const lum = (c) => { const [r, g, b] = c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                       return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const outline = rgb(getComputedStyle(el).outlineColor);
  const bg = rgb(getComputedStyle(document.body).backgroundColor);
  const [a, b] = [lum(outline), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


def test_phone_controls_are_big_enough_and_readable(browser, live_server, journal):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    _login(page, live_server)
    _grid(page, live_server, journal)
    sizes = page.evaluate("""() => [...document.querySelectorAll('#gb-grid button, #gb-grid a, .gb-head button, .gb-head a')]
        .filter((el) => el.offsetParent !== null)
        .map((el) => { const r = el.getBoundingClientRect();
                       return [el.className || el.tagName, r.width, r.height, parseFloat(getComputedStyle(el).fontSize)]; })""")
    assert sizes, "no controls found"
    for name, width, height, font in sizes:
        assert width >= 24 and height >= 24, (name, width, height)
        assert font >= 12, (name, font)
    texts = page.evaluate("""() => [...document.querySelectorAll('#gb-grid *')]
        .filter((el) => el.offsetParent !== null && el.childNodes.length && [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
        .map((el) => [el.className, parseFloat(getComputedStyle(el).fontSize)])""")
    small = [(name, size) for name, size in texts if size < 12]
    assert not small, small
    page.keyboard.press("Tab")
    focused = page.evaluate_handle("() => document.activeElement")
    assert page.evaluate(CONTRAST, focused) >= 3
    context.close()


def test_warning_marker_is_read_by_screen_readers(browser, live_server, journal):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    _login(page, live_server)
    _grid(page, live_server, journal)
    for marker in page.locator("#gb-grid .gb-warn").all():
        assert marker.get_attribute("aria-hidden") == "true"
        hidden_text = marker.evaluate("el => el.nextElementSibling && el.nextElementSibling.textContent")
        assert hidden_text and hidden_text.strip()
