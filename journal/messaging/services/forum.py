"""The parents' forum: topics, posts, reports and moderation (R-S11, R-S12)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import access

from ..models import Forum, MessagingSettings, ModerationAction, ModerationLog, Post, PostReport, PostStatus, Topic
from ..signals import forum_post_published
from .common import check_rate, refuse, send_after_commit

POSTS_PER_MINUTE = 5


def forum_ensure(*, school, class_group=None):
    """The school forum (class_group None) or the forum of a class, created on first use."""
    forum, _created = Forum.objects.get_or_create(school=school, class_group=class_group)
    return forum


def _check_forum(user, school, forum):
    if not access.forums_visible(user, school).filter(pk=forum.pk).exists():
        refuse(_("You cannot write in this forum."))


def _clean(text, limit, empty_message):
    text = (text or "").strip()
    if not text:
        refuse(empty_message, code="empty")
    return text[:limit]


def _initial_status(user, school, forum):
    if access.can_moderate_forum(user, school, forum) or not MessagingSettings.for_school(school).forum_premoderation:
        return PostStatus.PUBLISHED
    return PostStatus.PENDING


def _announce(post):
    """After commit: tell the topic's author and earlier posters about a newly visible post."""
    topic = post.topic
    user_ids = set(Post.objects.filter(topic=topic, status=PostStatus.PUBLISHED).values_list("author_id", flat=True))
    user_ids.add(topic.author_id)
    user_ids.discard(post.author_id)
    from django.contrib.auth import get_user_model

    recipients = list(get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))
    send_after_commit(forum_post_published, Post, post=post, recipients=recipients)


@transaction.atomic
def topic_create(*, user, school, forum, title, body):
    """A new topic with its opening post (waiting for approval under pre-moderation)."""
    _check_forum(user, school, forum)
    title = _clean(title, 200, _("Write the topic."))
    body = _clean(body, 10000, _("Write the text."))
    check_rate(user, "forum", POSTS_PER_MINUTE)
    status = _initial_status(user, school, forum)
    now = timezone.now()
    topic = Topic.objects.create(forum=forum, title=title, author=user, status=status, created_at=now, last_post_at=now)
    post = Post.objects.create(topic=topic, author=user, body=body, status=status, is_opening=True, created_at=now)
    if status == PostStatus.PUBLISHED:
        _announce(post)
    return topic, post


@transaction.atomic
def post_create(*, user, school, topic, body):
    topic = Topic.objects.select_related("forum__class_group__class_teacher").get(pk=topic.pk)  # the current status
    forum = topic.forum
    _check_forum(user, school, forum)
    if topic.status != PostStatus.PUBLISHED:
        refuse(_("The topic is not published."), code="not_published")
    if topic.is_locked and not access.can_moderate_forum(user, school, forum):
        refuse(_("The topic is closed for new posts."), code="locked")
    body = _clean(body, 10000, _("Write the text."))
    check_rate(user, "forum", POSTS_PER_MINUTE)
    status = _initial_status(user, school, forum)
    post = Post.objects.create(topic=topic, author=user, body=body, status=status)
    if status == PostStatus.PUBLISHED:
        Topic.objects.filter(pk=topic.pk).update(last_post_at=post.created_at)
        _announce(post)
    return post


@transaction.atomic
def post_report(*, user, school, post, reason):
    """Anyone who sees a published post may report it to the forum's moderator."""
    _check_forum(user, school, post.topic.forum)
    if post.status != PostStatus.PUBLISHED:
        refuse(_("Only a published post can be reported."), code="not_published")
    reason = (reason or "").strip()[:500] or _("No reason given")
    return PostReport.objects.get_or_create(post=post, reporter=user, defaults={"reason": reason})[0]


_TRANSITIONS = {
    ModerationAction.APPROVE: ({PostStatus.PENDING}, PostStatus.PUBLISHED),
    ModerationAction.REJECT: ({PostStatus.PENDING}, PostStatus.REJECTED),
    ModerationAction.REMOVE: ({PostStatus.PUBLISHED}, PostStatus.REMOVED),
    ModerationAction.RESTORE: ({PostStatus.REMOVED, PostStatus.REJECTED}, PostStatus.PUBLISHED),
    ModerationAction.DISMISS: ({PostStatus.PUBLISHED}, None),
}


@transaction.atomic
def post_moderate(*, user, school, post, action, note=""):
    """Approve, reject, remove, restore a post, or dismiss its reports: only the forum's moderator;
    every action is logged. Moderating the opening post moderates the topic with it."""
    post = (Post.objects.select_for_update(of=("self",)).select_related("topic__forum__class_group__class_teacher")
            .get(pk=post.pk))
    forum = post.topic.forum
    if not access.can_moderate_forum(user, school, forum):
        refuse(_("You do not moderate this forum."))
    if action not in _TRANSITIONS:
        refuse(_("Unknown action."), code="action")
    allowed_from, new_status = _TRANSITIONS[action]
    if post.status not in allowed_from:
        refuse(_("This post cannot be changed that way now."), code="state")
    if new_status is not None:
        post.status = new_status
        post.save(update_fields=["status"])
        if post.is_opening:
            Topic.objects.filter(pk=post.topic_id).update(status=new_status)
        if new_status == PostStatus.PUBLISHED:
            Topic.objects.filter(pk=post.topic_id, last_post_at__lt=post.created_at).update(last_post_at=post.created_at)
    PostReport.objects.filter(post=post, resolved=False).update(resolved=True)
    ModerationLog.objects.create(forum=forum, moderator=user, action=action, post=post, topic=post.topic,
                                 note=(note or "").strip()[:500])
    if action in (ModerationAction.APPROVE, ModerationAction.RESTORE):
        _announce(post)
    return post


@transaction.atomic
def topic_lock(*, user, school, topic, locked):
    if not access.can_moderate_forum(user, school, topic.forum):
        refuse(_("You do not moderate this forum."))
    Topic.objects.filter(pk=topic.pk).update(is_locked=locked)
    ModerationLog.objects.create(forum=topic.forum, moderator=user, topic=topic,
                                 action=ModerationAction.LOCK if locked else ModerationAction.UNLOCK)
