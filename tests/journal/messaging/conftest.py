"""The small school of tests/conftest.py plus what communication needs: a second family whose only
child is in 5 «Б», a site administrator, and a clean cache (the rate limits live there)."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client

from journal.register import factories as f
from portal.roles import Role


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def s(small_school):
    s = small_school
    s.parent_b = f.user_with_role(s.school, Role.PARENT, "parent_b")
    s.guardian_b = f.GuardianFactory(school=s.school, user=s.parent_b)
    f.StudentGuardianFactory(student=s.students_b[2], guardian=s.guardian_b)
    s.parent_a_only = f.user_with_role(s.school, Role.PARENT, "parent_a_only")
    f.StudentGuardianFactory(student=s.students_a[3], guardian=f.GuardianFactory(school=s.school, user=s.parent_a_only))
    s.siteadmin = f.UserFactory(username="siteadmin")
    s.siteadmin.groups.add(Group.objects.get_or_create(name="Site administrator")[0])
    other_parent = f.user_with_role(s.other_school, Role.PARENT, "parent_other_school")
    f.StudentGuardianFactory(student=s.other_student, guardian=f.GuardianFactory(school=s.other_school, user=other_parent))
    s.other_school_parent = other_parent
    return s


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
