"""The fixed cost of a private request (issue 10 §6): the session from the cache, the site and
school of the host and the site settings from the cache (dropped when they change), the user read
with their roles in one query, the header's numbers in one query — and every answer still fresh."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Site

from journal.notifications.models import Notification
from journal.register import factories as f
from portal import access
from portal.models import Membership, Visit
from portal.navigation import counts
from portal.roles import Role
from portal.site_cache import site_and_school, site_setting
from site_settings.models import SchoolIdentity

pytestmark = pytest.mark.django_db


@pytest.fixture
def sited(small_school):
    site = Site.objects.get(is_default_site=True)
    small_school.school.site = site
    small_school.school.save()
    small_school.site = site
    return small_school


def test_a_bare_page_reads_the_user_and_counts_the_visit(sited, client):
    client.force_login(sited.teacher_user)
    ping = reverse("portal:ping")
    client.get(ping)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(ping).status_code == 200
    queries = [q["sql"] for q in ctx.captured_queries]
    assert len(queries) == 2, queries  # the user with their roles; the day's visit counted
    assert "portal_membership" in queries[0] and "portal_visit" in queries[1]
    assert Visit.objects.get(user=sited.teacher_user).page_views == 2


def test_roles_come_with_the_user_and_a_revoked_role_ends_at_once(sited, client):
    client.force_login(sited.teacher_user)
    grid = reverse("journal:grid", args=[sited.assignment_a.pk])
    assert client.get(grid).status_code == 200
    membership = Membership.objects.get(user=sited.teacher_user, school=sited.school, role=Role.TEACHER)
    membership.is_active = False
    membership.save()
    assert client.get(grid).status_code == 404
    # a user without any role in the school gets none from another school's membership
    f.user_with_role(sited.other_school, Role.DEPUTY, sited.teacher_user.username)
    assert client.get(grid).status_code == 404


def test_roles_of_a_user_loaded_with_them(sited):
    from portal.auth import user_with_roles

    f.user_with_role(sited.other_school, Role.PARENT, sited.teacher_user.username)
    with CaptureQueriesContext(connection) as ctx:
        user = user_with_roles(sited.teacher_user.pk)
        assert access.roles_of(user, sited.school) == {Role.TEACHER}
        assert access.roles_of(user, sited.other_school) == {Role.PARENT}
        assert access.roles_of(user, f.SchoolFactory(code="school-c")) == frozenset()
    assert len([q for q in ctx.captured_queries if "portal_membership" in q["sql"]]) == 1
    assert user_with_roles(10**9) is None


def test_the_school_of_a_host_is_cached_until_a_site_or_school_changes(sited):
    request = RequestFactory().get("/")
    assert site_and_school(request) == (sited.site, sited.school)
    with CaptureQueriesContext(connection) as ctx:
        request = RequestFactory().get("/")
        assert access.school_for_request(request) == sited.school
        assert Site.find_for_request(request) == sited.site  # Wagtail is told the site too
    assert len(ctx.captured_queries) == 0
    # the site given to another school: seen by the next request
    sited.school.site = None
    sited.school.save()
    sited.other_school.site = sited.site
    sited.other_school.save()
    assert access.school_for_request(RequestFactory().get("/")) == sited.other_school
    sited.other_school.delete()
    assert site_and_school(RequestFactory().get("/")) == (sited.site, None)


def test_site_settings_are_cached_until_saved(sited):
    identity = SchoolIdentity.for_site(sited.site)
    identity.short_name = "№1 мектеп"
    identity.save()
    assert site_setting(SchoolIdentity, RequestFactory().get("/")).short_name == "№1 мектеп"
    with CaptureQueriesContext(connection) as ctx:
        request = RequestFactory().get("/")
        assert site_setting(SchoolIdentity, request).short_name == "№1 мектеп"
        assert site_setting(SchoolIdentity, request) is SchoolIdentity.for_request(request)
    assert len(ctx.captured_queries) == 0
    identity.short_name = "Мектеп №1"
    identity.save()
    assert site_setting(SchoolIdentity, RequestFactory().get("/")).short_name == "Мектеп №1"


def test_the_page_title_shows_the_school_identity(sited, client):
    identity = SchoolIdentity.for_site(sited.site)
    identity.short_name = "Мектеп-1"
    identity.save()
    client.force_login(sited.teacher_user)
    assert "— Мектеп-1</title>" in client.get(reverse("journal:grid", args=[sited.assignment_a.pk])).content.decode()
    identity.short_name = "Мектеп-2"
    identity.save()
    assert "— Мектеп-2</title>" in client.get(reverse("journal:grid", args=[sited.assignment_a.pk])).content.decode()


def test_the_header_numbers_in_one_query(sited, client):
    Notification.objects.create(school=sited.school, recipient=sited.teacher_user, event="grade", title="Баа 5")
    Notification.objects.create(school=sited.other_school, recipient=sited.teacher_user, event="grade", title="Баа 4")
    client.force_login(sited.teacher_user)
    response = client.get(reverse("journal:grid", args=[sited.assignment_a.pk]))
    assert 'data-unread="1"' in response.content.decode()
    request = response.wsgi_request
    del request._mektep_counts
    with CaptureQueriesContext(connection) as ctx:
        assert counts(request) == {"messages": 0, "notifications": 1}
    assert len(ctx.captured_queries) == 1
