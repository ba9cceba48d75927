"""The demo communication (journal/messaging/demo.py) builds on the demo users, through the services,
in Kyrgyz and Russian, and can be built again."""

import pytest

from journal.messaging.demo import build_messaging
from journal.messaging.models import Announcement, Conversation, Post, PostStatus, Topic
from journal.messaging.selectors.messages import unread_count

pytestmark = pytest.mark.django_db


def test_demo_communication(s):
    for _run in range(2):  # re-runnable
        build_messaging(s.school)
    assert Announcement.objects.filter(school=s.school).count() == 5
    assert Conversation.objects.filter(school=s.school).count() == 3
    assert Topic.objects.filter(forum__school=s.school).count() == 3
    assert Topic.objects.filter(status=PostStatus.PENDING).count() == 1  # waits for the site administrator
    texts = " ".join(Post.objects.values_list("body", flat=True)) + " ".join(Announcement.objects.values_list("body", flat=True))
    assert "ата-энелер" in texts and "родители" in texts.lower()  # both languages
    assert unread_count(s.parent_user, s.school) == 1  # the teacher's answer about the test
