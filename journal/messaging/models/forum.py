"""The parents' discussion forum (R-I17): one forum per school and one per class, topics and
posts, pre- or post-moderation (MessagingSettings), reports and a log of moderation actions.

django-machina 1.3.1 (2023) was checked: it needs django-haystack and django-mptt, its own
permission system and templates, and does not declare Django 5; these few models go through the
one access policy instead."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Forum(models.Model):
    """The school forum (class_group empty) or a class forum; created when first opened."""

    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="forums")
    class_group = models.OneToOneField("journal.ClassGroup", null=True, blank=True, on_delete=models.CASCADE,
                                       related_name="forum")

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forums")
        constraints = [
            models.UniqueConstraint(fields=["school"], condition=models.Q(class_group__isnull=True),
                                    name="forum_one_school_forum"),
        ]

    def __str__(self):
        if self.class_group_id:
            return str(_("Forum of class %(cls)s") % {"cls": self.class_group})
        return str(_("School forum"))


class PostStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    REMOVED = "removed", _("Removed by a moderator")


class Topic(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(_("topic"), max_length=200)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # the status of the opening post: a topic is seen by others once its first post is published
    status = models.CharField(max_length=12, choices=PostStatus.choices, default=PostStatus.PENDING)
    is_locked = models.BooleanField(_("closed for new posts"), default=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_post_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["-last_post_at", "-pk"]

    def __str__(self):
        return self.title


class Post(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("text"))
    status = models.CharField(_("status"), max_length=12, choices=PostStatus.choices, default=PostStatus.PENDING)
    is_opening = models.BooleanField(default=False, editable=False)  # the topic's first post
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:50]


class PostReport(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    resolved = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "reporter"], name="post_reported_once")]


class ModerationAction(models.TextChoices):
    APPROVE = "approve", _("approved")
    REJECT = "reject", _("rejected")
    REMOVE = "remove", _("removed")
    RESTORE = "restore", _("restored")
    DISMISS = "dismiss", _("dismissed the reports")
    LOCK = "lock", _("closed the topic")
    UNLOCK = "unlock", _("reopened the topic")


class ModerationLog(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="moderation_log")
    moderator = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(_("action"), max_length=12, choices=ModerationAction.choices)
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
