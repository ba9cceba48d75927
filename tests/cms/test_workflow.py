"""Review before publication (R-S11, R-S15) and the site groups (R-S12): an editor's page or
announcement goes live only after the director or the site administrator approves it."""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import Page, Workflow, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.models import NewsPage
from cms.setup import WORKFLOW_NAME, ensure_site_roles
from site_settings.models import Announcement

pytestmark = pytest.mark.django_db


def news_form(title, slug, action):
    return nested_form_data({
        "title": title,
        "slug": slug,
        "intro": "",
        "date": datetime.date.today().isoformat(),
        "body": streamfield([]),
        "comments": inline_formset([]),
        action: action,
    })


def add_news(client, parent, title, action):
    url = reverse("wagtailadmin_pages:add", args=["cms", "newspage", parent.pk])
    return client.post(url, news_form(title, f"slug-{abs(hash(title)) % 10**6}", action))


def test_the_workflow_covers_the_site_and_announcements(site_tree):
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    assert site_tree.news.get_workflow() == workflow
    assert Announcement(site=None, title="x").get_workflow() == workflow


def test_editor_may_write_but_not_publish(site_tree, site_users):
    perms = site_tree.news.permissions_for_user(site_users.editor)
    assert perms.can_add_subpage()
    assert not perms.can_publish_subpage()
    assert not site_users.editor.has_perm("site_settings.publish_announcement")
    assert site_tree.news.permissions_for_user(site_users.director).can_publish_subpage()
    assert site_tree.news.permissions_for_user(site_users.siteadmin).can_publish_subpage()


def test_editor_page_goes_live_only_after_approval(client, site_tree, site_users):
    client.force_login(site_users.editor)
    # trying to publish directly is refused
    response = add_news(client, site_tree.news, "Тыюу салынган жарыялоо", "action-publish")
    assert response.status_code in (302, 403)
    assert not NewsPage.objects.filter(title="Тыюу салынган жарыялоо", live=True).exists()

    response = add_news(client, site_tree.news, "Спорт майрамы", "action-submit")
    assert response.status_code == 302
    page = NewsPage.objects.get(title="Спорт майрамы")
    assert not page.live
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    # not visible on the public site while waiting
    client.logout()
    assert "Спорт майрамы" not in client.get(site_tree.news.url).content.decode()

    # the editor cannot approve their own submission
    client.force_login(site_users.editor)
    approve = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.current_task_state.pk])
    client.post(approve, {"comment": ""})
    page.refresh_from_db()
    assert not page.live

    # the director approves: the page is published
    client.force_login(site_users.director)
    response = client.post(approve, {"comment": "Макул"})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    client.logout()
    assert "Спорт майрамы" in client.get(site_tree.news.url).content.decode()


def test_site_administrator_may_reject(client, site_tree, site_users):
    client.force_login(site_users.editor)
    add_news(client, site_tree.news, "Шектүү билдирүү", "action-submit")
    page = NewsPage.objects.get(title="Шектүү билдирүү")
    state = WorkflowState.objects.get(object_id=str(page.pk))
    client.force_login(site_users.siteadmin)
    reject = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", state.current_task_state.pk])
    client.post(reject, {"comment": "Текшерилбеген маалымат"})
    page.refresh_from_db()
    state.refresh_from_db()
    assert not page.live
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_editor_announcement_waits_for_approval(site_tree, site_users):
    item = Announcement(site=site_tree.site, locale=site_tree.home.locale, title="Эртең сабак жок", live=False)
    item.save()
    item.save_revision(user=site_users.editor)
    item.get_workflow().start(item, site_users.editor)
    item.refresh_from_db()
    assert not item.live
    assert not Announcement.objects.current().filter(pk=item.pk).exists()
    task_state = item.current_workflow_task_state
    task_state.approve(user=site_users.director)
    item.refresh_from_db()
    assert item.live
    assert Announcement.objects.current().filter(pk=item.pk).exists()


def test_site_administrator_manages_accounts_editor_does_not(client, site_users):
    client.force_login(site_users.siteadmin)
    assert client.get(reverse("wagtailusers_users:index")).status_code == 200
    client.force_login(site_users.editor)
    assert client.get(reverse("wagtailusers_users:index")).status_code in (302, 403)


def test_site_roles_setup_is_idempotent(site_users):
    groups, workflow = ensure_site_roles()
    again, same = ensure_site_roles()
    assert {g.pk for g in groups.values()} == {g.pk for g in again.values()}
    assert workflow.pk == same.pk
    assert Page.get_first_root_node().group_permissions.filter(group=groups["Editor"]).count() == 2


def test_site_administrator_cannot_edit_register_accounts(client, site_users, school):
    from journal.register import factories as f
    from portal.roles import Role

    teacher = f.user_with_role(school, Role.TEACHER, "teacher_acc")
    web_only = f.UserFactory(username="web_only")
    client.force_login(site_users.siteadmin)
    response = client.get(reverse("wagtailusers_users:edit", args=[teacher.pk]))
    assert response.status_code == 302
    response = client.post(reverse("wagtailusers_users:delete", args=[teacher.pk]))
    assert response.status_code == 302
    assert type(teacher).objects.filter(pk=teacher.pk).exists()
    assert client.get(reverse("wagtailusers_users:edit", args=[web_only.pk])).status_code == 200
