"""The parents' forum: which forums a user may open, topics and posts they may see, the queue."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from portal import access

from ..models import ModerationLog, Post, PostReport, PostStatus, Topic


def forum_index(user, school):
    """(school forum visible?, classes whose forum the user may open)."""
    classes = list(access.forum_classes(user, school).select_related("class_teacher").order_by("grade", "letter"))
    return access.can_see_school_forum(user, school), classes


def _visible_posts(user, moderator):
    if moderator:
        return Q()
    return Q(status=PostStatus.PUBLISHED) | Q(author=user, status=PostStatus.PENDING)


def topics(user, forum, *, moderator):
    """Topics of the forum the user sees: published ones, the user's own waiting ones; a moderator
    all. Each with `n_posts` (visible posts) and `n_pending` (for moderators). Two queries."""
    qs = Topic.objects.filter(forum=forum).select_related("author")
    if not moderator:
        qs = qs.filter(Q(status=PostStatus.PUBLISHED) | Q(author=user, status=PostStatus.PENDING))
    return qs.annotate(
        n_posts=Count("posts", filter=Q(posts__status=PostStatus.PUBLISHED), distinct=True),
        n_pending=Count("posts", filter=Q(posts__status=PostStatus.PENDING), distinct=True),
    )


def topic_for(user, forum, pk, *, moderator):
    return access.get_or_404(topics(user, forum, moderator=moderator), pk=pk)


def posts(user, topic, *, moderator):
    """Posts of the topic the user sees (a moderator also waiting, rejected and removed ones),
    each with `n_reports` (open reports) and `reported` (by the user)."""
    return list(
        Post.objects.filter(topic=topic).filter(_visible_posts(user, moderator)).select_related("author")
        .annotate(n_reports=Count("reports", filter=Q(reports__resolved=False)),
                  reported=Exists(PostReport.objects.filter(post=OuterRef("pk"), reporter=user)))
    )


def moderation_queue(user, school):
    """Posts waiting for approval and posts with open reports, in the forums the user moderates."""
    forums = access.forums_moderated(user, school)
    return list(
        Post.objects.filter(topic__forum__in=forums).filter(
            Q(status=PostStatus.PENDING) | Q(reports__resolved=False, status=PostStatus.PUBLISHED))
        .distinct().select_related("author", "topic", "topic__forum", "topic__forum__class_group")
        .prefetch_related(Prefetch("reports", queryset=PostReport.objects.filter(resolved=False).select_related("reporter")))
        .order_by("created_at", "pk")
    )


def moderation_log(user, school, *, limit=200):
    forums = access.forums_moderated(user, school)
    return list(ModerationLog.objects.filter(forum__in=forums)
                .select_related("moderator", "post", "topic", "forum__class_group")[:limit])
