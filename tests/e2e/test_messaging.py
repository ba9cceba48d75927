"""Browser test of communication (issue 11): in Kyrgyz, a parent writes to the class teacher, who
sees the unread count in the menu and answers; the parent sees the answer and that the message
was read. A forum post of a parent waits for approval: another parent does not see it until the
class teacher approves it."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from journal.messaging.models import Conversation, PostStatus, Topic
from journal.register import factories as f
from portal.roles import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Mektep-2026"


@pytest.fixture
def people(transactional_db):
    from wagtail.models import Locale

    for code in ("ky", "ru"):
        Locale.objects.get_or_create(language_code=code)
    school = f.SchoolFactory(code="e2e-messaging", name_ky="№1 мектеп", name_ru="Школа №1")
    year = f.AcademicYearFactory(school=school)
    class_a = f.ClassGroupFactory(school=school, year=year, grade=5, letter="А")
    ct_user = f.user_with_role(school, Role.TEACHER, "classteacher", first_name="Гүлнара", last_name="Токтосунова")
    class_a.class_teacher = f.StaffMemberFactory(school=school, user=ct_user, first_name="Гүлнара",
                                                 last_name="Токтосунова")
    class_a.save()
    parents = []
    for n, (first, last) in enumerate([("Бакыт", "Асанов"), ("Айгүл", "Осмонова")]):
        child = f.StudentFactory(school=school, class_group=class_a)
        user = f.user_with_role(school, Role.PARENT, f"parent{n}", first_name=first, last_name=last)
        f.StudentGuardianFactory(student=child, guardian=f.GuardianFactory(school=school, user=user))
        parents.append(user)
    return class_a, ct_user, parents


def _login(browser, live_server, username):
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(f"{live_server.url}/ky/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()
    return page


def test_parent_writes_to_the_class_teacher_who_answers(browser, live_server, people):
    class_a, ct_user, (parent, _other) = people
    with translation.override("ky"):
        new_url = reverse("journal:conversation_new")
        inbox_url = reverse("journal:messages_inbox")
        send = gettext("Send")
    p = _login(browser, live_server, "parent0")
    p.goto(live_server.url + new_url)
    p.select_option("select[name=recipient]", str(ct_user.pk))
    p.fill("input[name=subject]", "Үй тапшырма")
    p.fill("textarea[name=body]", "Саламатсызбы! Кызым эртең сабакка келбейт.")
    p.get_by_role("button", name=send).click()
    p.wait_for_load_state()
    conversation = Conversation.objects.get()
    assert "Кызым эртең сабакка келбейт." in p.locator(".msg-thread").inner_text()

    t = _login(browser, live_server, "classteacher")
    t.goto(live_server.url + inbox_url)
    t.locator(".app-menu summary").click()
    assert t.locator(".app-menu .badge--count").inner_text() == "1"
    t.locator(".app-menu summary").click()  # close the menu again
    t.locator(".msg-list__item a").first.click()
    t.wait_for_load_state()
    t.fill("textarea[name=body]", "Түшүндүм, рахмат!")
    t.get_by_role("button", name=send).click()
    t.wait_for_load_state()
    assert conversation.messages.count() == 2

    p.goto(live_server.url + reverse("journal:conversation_detail", args=[conversation.pk]))
    thread = p.locator(".msg-thread").inner_text()
    assert "Түшүндүм, рахмат!" in thread and "✓✓" in thread  # answered, and the parent's message was read
    p.screenshot(path="/tmp/messaging_conversation.png", full_page=True)


def test_forum_post_waits_for_approval(browser, live_server, people):
    class_a, ct_user, _parents = people
    forum_url = live_server.url + reverse("journal:forum_class", args=[class_a.pk])
    with translation.override("ky"):
        start, approve = gettext("Start the topic"), gettext("Approve")
        moderation_url = live_server.url + reverse("journal:forum_moderation")
    author = _login(browser, live_server, "parent0")
    author.goto(forum_url)
    author.fill("input[name=title]", "Музейге экскурсия")
    author.fill("textarea[name=body]", "Январда музейге барабызбы?")
    author.get_by_role("button", name=start).click()
    author.wait_for_load_state()
    assert Topic.objects.get().status == PostStatus.PENDING

    reader = _login(browser, live_server, "parent1")
    reader.goto(forum_url)
    assert "Музейге экскурсия" not in reader.content()

    moderator = _login(browser, live_server, "classteacher")
    moderator.goto(moderation_url)
    assert "Январда музейге барабызбы?" in moderator.content()
    moderator.get_by_role("button", name=approve).click()
    moderator.wait_for_load_state()
    assert Topic.objects.get().status == PostStatus.PUBLISHED

    reader.goto(forum_url)
    reader.get_by_role("link", name="Музейге экскурсия").click()
    reader.wait_for_load_state()
    assert "Январда музейге барабызбы?" in reader.locator(".forum-posts").inner_text()
    reader.screenshot(path="/tmp/messaging_forum.png", full_page=True)
