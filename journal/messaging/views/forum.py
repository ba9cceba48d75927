"""The parents' forum: the list of forums, a forum with its topics, a topic, moderation."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal import access

from ..forms import ModerateForm, PostForm, ReportForm, TopicForm
from ..models import MessagingSettings, Post, Topic
from ..selectors import forum as sel
from ..services import forum as svc
from .common import flash_error, form_error, report_reason, run_and_redirect


@never_cache
@login_required
def forum_index(request):
    school = access.school_for_request(request)
    school_forum, classes = sel.forum_index(request.user, school)
    access.require(school_forum or classes)
    return render(request, "journal/messaging/forum_index.html", {
        "school_forum": school_forum, "classes": classes,
        "moderates": access.can_moderate_some_forum(request.user, school),
    })


def _forum_page(request, forum, school):
    moderator = access.can_moderate_forum(request.user, school, forum)
    form = TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            topic, post = svc.topic_create(user=request.user, school=school, forum=forum,
                                           title=form.cleaned_data["title"], body=form.cleaned_data["body"])
        except ValidationError as exc:
            form_error(form, exc)
        else:
            if post.status != "published":
                flash.info(request, _("Your topic will appear to others after a moderator approves it."))
            return redirect("journal:forum_topic", topic.pk)
    return render(request, "journal/messaging/forum.html", {
        "forum": forum, "topics": sel.topics(request.user, forum, moderator=moderator), "form": form,
        "moderator": moderator, "premoderation": MessagingSettings.for_school(school).forum_premoderation,
    }, status=400 if form.errors else 200)


@never_cache
@login_required
def forum_school(request):
    school = access.school_for_request(request)
    access.require(school is not None and access.can_see_school_forum(request.user, school))
    return _forum_page(request, svc.forum_ensure(school=school), school)


@never_cache
@login_required
def forum_class(request, class_id):
    school = access.school_for_request(request)
    class_group = access.get_or_404(access.forum_classes(request.user, school), pk=class_id)
    return _forum_page(request, svc.forum_ensure(school=school, class_group=class_group), school)


def _topic(request, pk):
    school = access.school_for_request(request)
    topic = access.get_or_404(
        Topic.objects.filter(forum__in=access.forums_visible(request.user, school))
        .select_related("forum__class_group__class_teacher", "author"), pk=pk)
    moderator = access.can_moderate_forum(request.user, school, topic.forum)
    # a topic waiting for approval: only its author and the moderator
    if topic.status != "published" and not moderator and topic.author_id != request.user.pk:
        raise Http404
    return topic, school, moderator


def _forum_url(forum):
    if forum.class_group_id:
        return reverse("journal:forum_class", args=[forum.class_group_id])
    return reverse("journal:forum_school")


@never_cache
@login_required
def forum_topic(request, pk):
    topic, school, moderator = _topic(request, pk)
    form = PostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            post = svc.post_create(user=request.user, school=school, topic=topic, body=form.cleaned_data["body"])
        except ValidationError as exc:
            form_error(form, exc)
        else:
            if post.status != "published":
                flash.info(request, _("Your post will appear to others after a moderator approves it."))
            return redirect(reverse("journal:forum_topic", args=[topic.pk]) + f"#p{post.pk}")
    return render(request, "journal/messaging/topic.html", {
        "topic": topic, "forum": topic.forum, "forum_url": _forum_url(topic.forum),
        "posts": sel.posts(request.user, topic, moderator=moderator), "form": form, "moderator": moderator,
        "report_form": ReportForm(),
    }, status=400 if form.errors else 200)


def _post(request, pk):
    school = access.school_for_request(request)
    post = access.get_or_404(
        Post.objects.filter(topic__forum__in=access.forums_visible(request.user, school))
        .select_related("topic__forum__class_group__class_teacher"), pk=pk)
    return post, school


@require_POST
@login_required
def post_report(request, pk):
    post, school = _post(request, pk)
    return run_and_redirect(
        request, lambda: svc.post_report(user=request.user, school=school, post=post, reason=report_reason(request)),
        _("Thank you: the moderator will look at the post."),
        reverse("journal:forum_topic", args=[post.topic_id]) + f"#p{post.pk}")


@require_POST
@login_required
def post_moderate(request, pk):
    post, school = _post(request, pk)
    access.require(access.can_moderate_forum(request.user, school, post.topic.forum))
    form = ModerateForm(request.POST)
    form.is_valid()
    try:
        svc.post_moderate(user=request.user, school=school, post=post, action=form.cleaned_data.get("action"),
                          note=form.cleaned_data.get("note", ""))
    except ValidationError as exc:
        flash_error(request, exc)
    else:
        flash.success(request, _("Done."))
    return redirect(request.POST.get("next") if request.POST.get("next") == reverse("journal:forum_moderation")
                    else reverse("journal:forum_topic", args=[post.topic_id]) + f"#p{post.pk}")


@require_POST
@login_required
def topic_lock(request, pk):
    topic, school, moderator = _topic(request, pk)
    access.require(moderator)
    svc.topic_lock(user=request.user, school=school, topic=topic, locked=request.POST.get("locked") == "1")
    return redirect("journal:forum_topic", topic.pk)


@never_cache
@login_required
def forum_moderation(request):
    """The moderator's queue (posts waiting, reported posts) and the log of moderation actions."""
    school = access.school_for_request(request)
    access.require(access.can_moderate_some_forum(request.user, school))
    return render(request, "journal/messaging/moderation.html", {
        "queue": sel.moderation_queue(request.user, school), "log": sel.moderation_log(request.user, school),
    })
