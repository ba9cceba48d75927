"""The parents' forum (issue 11 §3): who sees which forum, pre- and post-moderation, reports,
the moderators (the site administrator for the school forum, the class teacher for a class
forum), the log of moderation actions, the signal."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journal.messaging.models import MessagingSettings, ModerationLog, Post, PostStatus, Topic
from journal.messaging.services import forum as svc
from journal.messaging.signals import forum_post_published

from .conftest import client_for

pytestmark = pytest.mark.django_db


def _class_forum_url(s, class_group=None):
    return reverse("journal:forum_class", args=[(class_group or s.class_a).pk])


def test_who_opens_which_forum(s):
    url_a = _class_forum_url(s)
    for user in (s.parent_user, s.parent_a_only, s.class_teacher_user, s.director, s.deputy):
        assert client_for(user).get(url_a).status_code == 200, user.username
    # another class's parent, a subject teacher, a student, another school: not the forum of 5 «А»
    for user in (s.parent_b, s.teacher_user, s.student_user, s.other_school_teacher, s.other_school_parent):
        assert client_for(user).get(url_a).status_code == 404, user.username
    assert client_for(None).get(url_a).status_code == 302
    school_url = reverse("journal:forum_school")
    for user in (s.parent_user, s.parent_b, s.teacher_user, s.siteadmin):
        assert client_for(user).get(school_url).status_code == 200, user.username
    assert client_for(s.student_user).get(school_url).status_code == 403
    assert client_for(s.student_user).get(reverse("journal:forum_index")).status_code == 403
    index = client_for(s.parent_b).get(reverse("journal:forum_index")).content.decode()
    assert _class_forum_url(s, s.class_b) in index and _class_forum_url(s) not in index
    # the rules of R-S11 are on the forum page
    page = client_for(s.parent_user).get(url_a).content.decode()
    assert "forum-rules" in page


def test_premoderated_post_waits_for_approval(s, django_capture_on_commit_callbacks):
    received = []
    forum_post_published.connect(lambda **kw: received.append(kw), weak=False, dispatch_uid="f1")
    try:
        parent = client_for(s.parent_user)
        with django_capture_on_commit_callbacks(execute=True):
            response = parent.post(_class_forum_url(s), {"title": "Экскурсия", "body": "Качан барабыз?"})
        topic = Topic.objects.get()
        assert response.status_code == 302 and topic.status == PostStatus.PENDING and received == []
        topic_url = reverse("journal:forum_topic", args=[topic.pk])
        # the author sees it waiting; another parent of the class does not see it at all
        assert parent.get(topic_url).status_code == 200
        other = client_for(s.parent_a_only)
        assert "Экскурсия" not in other.get(_class_forum_url(s)).content.decode()
        assert other.get(topic_url).status_code == 404
        # a subject teacher cannot moderate; the site administrator does not moderate a class forum
        post = topic.posts.get()
        for user in (s.teacher_user, s.siteadmin, s.parent_a_only):
            response = client_for(user).post(reverse("journal:forum_post_moderate", args=[post.pk]), {"action": "approve"})
            assert response.status_code in (403, 404), user.username
        post.refresh_from_db()
        assert post.status == PostStatus.PENDING
        # the class teacher sees it in the queue and approves it
        ct = client_for(s.class_teacher_user)
        queue = ct.get(reverse("journal:forum_moderation")).content.decode()
        assert "Качан барабыз?" in queue
        with django_capture_on_commit_callbacks(execute=True):
            ct.post(reverse("journal:forum_post_moderate", args=[post.pk]), {"action": "approve", "note": "ok"})
        post.refresh_from_db()
        topic.refresh_from_db()
        assert post.status == PostStatus.PUBLISHED and topic.status == PostStatus.PUBLISHED
        assert other.get(topic_url).status_code == 200 and "Качан барабыз?" in other.get(topic_url).content.decode()
        log = ModerationLog.objects.get()
        assert (log.moderator, log.action, log.post, log.note) == (s.class_teacher_user, "approve", post, "ok")
        assert "ok" in ct.get(reverse("journal:forum_moderation")).content.decode()
        # nobody to tell yet (the author is the only poster)
        assert received[0]["recipients"] == []
        # a reply of another parent waits too; once approved, the topic's author is told
        with django_capture_on_commit_callbacks(execute=True):
            other.post(topic_url, {"body": "Жумада."})
        reply = Post.objects.get(body="Жумада.")
        assert reply.status == PostStatus.PENDING and "Жумада." not in parent.get(topic_url).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            svc.post_moderate(user=s.class_teacher_user, school=s.school, post=reply, action="approve")
        assert received[-1]["recipients"] == [s.parent_user]
    finally:
        forum_post_published.disconnect(dispatch_uid="f1")


def test_school_forum_is_moderated_by_the_site_administrator(s):
    topic, post = svc.topic_create(user=s.parent_b, school=s.school, forum=svc.forum_ensure(school=s.school),
                                   title="Ашкана", body="Тамак жакшы эмес.")
    assert post.status == PostStatus.PENDING
    with pytest.raises(ValidationError):
        svc.post_moderate(user=s.class_teacher_user, school=s.school, post=post, action="approve")
    with pytest.raises(ValidationError):
        svc.post_moderate(user=s.director, school=s.school, post=post, action="approve")
    svc.post_moderate(user=s.siteadmin, school=s.school, post=post, action="reject", note="R-S11")
    post.refresh_from_db()
    assert post.status == PostStatus.REJECTED
    assert client_for(s.parent_user).get(reverse("journal:forum_topic", args=[topic.pk])).status_code == 404


def test_postmoderation_report_and_removal(s):
    MessagingSettings.objects.create(school=s.school, forum_premoderation=False)
    forum = svc.forum_ensure(school=s.school, class_group=s.class_a)
    topic, post = svc.topic_create(user=s.parent_user, school=s.school, forum=forum, title="Сумкалар", body="Оор.")
    assert post.status == PostStatus.PUBLISHED
    reply = svc.post_create(user=s.parent_a_only, school=s.school, topic=topic, body="Мугалим акмак!")
    assert reply.status == PostStatus.PUBLISHED
    # a parent of another class cannot report (does not see the forum), the author reports through the page
    response = client_for(s.parent_b).post(reverse("journal:forum_post_report", args=[reply.pk]), {"reason": "x"})
    assert response.status_code == 404
    client_for(s.parent_user).post(reverse("journal:forum_post_report", args=[reply.pk]), {"reason": "Кордоо"})
    assert reply.reports.get().reason == "Кордоо"
    queue = client_for(s.class_teacher_user).get(reverse("journal:forum_moderation")).content.decode()
    assert "Мугалим акмак!" in queue and "Кордоо" in queue
    svc.post_moderate(user=s.class_teacher_user, school=s.school, post=reply, action="remove")
    reply.refresh_from_db()
    assert reply.status == PostStatus.REMOVED and reply.reports.get().resolved
    assert "Мугалим акмак!" not in client_for(s.parent_user).get(
        reverse("journal:forum_topic", args=[topic.pk])).content.decode()
    # closing the topic
    svc.topic_lock(user=s.class_teacher_user, school=s.school, topic=topic, locked=True)
    topic.refresh_from_db()
    with pytest.raises(ValidationError):
        svc.post_create(user=s.parent_user, school=s.school, topic=topic, body="дагы")
    assert list(ModerationLog.objects.values_list("action", flat=True)) == ["lock", "remove"]
    # moderation pages: not for parents or subject teachers
    for user in (s.parent_user, s.teacher_user, s.student_user):
        assert client_for(user).get(reverse("journal:forum_moderation")).status_code == 403


def test_writing_into_a_forum_one_cannot_see_is_refused(s):
    forum_a = svc.forum_ensure(school=s.school, class_group=s.class_a)
    with pytest.raises(ValidationError):
        svc.topic_create(user=s.parent_b, school=s.school, forum=forum_a, title="x", body="y")
    response = client_for(s.parent_b).post(_class_forum_url(s), {"title": "x", "body": "y"})
    assert response.status_code == 404 and not Topic.objects.exists()


def test_forum_page_query_count_is_constant(s):
    MessagingSettings.objects.create(school=s.school, forum_premoderation=False)
    forum = svc.forum_ensure(school=s.school, class_group=s.class_a)
    client = client_for(s.parent_user)
    svc.topic_create(user=s.parent_user, school=s.school, forum=forum, title="1", body="1")
    client.get(_class_forum_url(s))
    with CaptureQueriesContext(connection) as few:
        client.get(_class_forum_url(s))
    for n in range(4):  # within the rate limit of 5 posts a minute
        topic, _post = svc.topic_create(user=s.parent_a_only, school=s.school, forum=forum, title=f"т{n}", body="б")
        svc.post_create(user=s.parent_user, school=s.school, topic=topic, body="жооп")
    with CaptureQueriesContext(connection) as many:
        client.get(_class_forum_url(s))
    assert len(many) == len(few)
