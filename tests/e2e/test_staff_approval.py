"""Browser test of R-S15 for the teaching-staff pages (issue 9 §5): a publication added in the
register is not on the public teacher page; the site administrator sees old → new in the Wagtail
admin, approves, and the visitor then finds it."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from cms.setup import SITE_ADMIN, ensure_site_roles
from journal.register import factories as f
from journal.register.services import people
from tests.e2e.test_public_site import public_site  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NEW = "Алгебра боюнча колдонмо, 2026"


def _as(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])


def test_site_administrator_approves_a_teachers_new_publication(browser, live_server, public_site):  # noqa: F811
    teacher, staff_page = public_site["teacher"], public_site["staff"]
    people.staff_update(member=teacher, publications=NEW)  # the deputy's change in the register
    teacher_url = live_server.url + staff_page.teacher_url(teacher)

    visitor = browser.new_context().new_page()
    visitor.goto(teacher_url)
    assert "Асанова" in visitor.content() and NEW not in visitor.content()

    ensure_site_roles()
    admin_user = f.UserFactory(username="site-admin")
    admin_user.groups.add(Group.objects.get(name=SITE_ADMIN))
    admin = browser.new_context().new_page()
    _as(admin, live_server, admin_user)
    admin.goto(live_server.url + reverse("wagtailadmin_home"))
    admin.locator("p[data-staff-changes-count] + p a").click()
    admin.wait_for_url("**" + reverse("cms_staff_changes"))
    change = admin.locator("section[data-change]")
    assert "Асанова" in change.inner_text() and NEW in change.locator("td[data-new]").inner_text()
    change.locator("button[value=approve]").click()
    admin.wait_for_url("**" + reverse("cms_staff_changes"))
    assert admin.locator("section[data-change]").count() == 0

    visitor.goto(teacher_url)
    assert NEW in visitor.content()
    admin.context.close()
    visitor.context.close()
