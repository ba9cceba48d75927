"""The communication area's signals reach notifications: a message notifies the other participant
(in their language, linking to the conversation), an announcement its audience — at once, or at
its publish time through a deferred task when the queue can wait."""

import datetime

import pytest
from django.utils import timezone

from journal.messaging.models import Announcement
from journal.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_message_notifies_the_other_participant_in_their_language(small_school, django_capture_on_commit_callbacks):
    from journal.messaging.services import messages

    s = small_school
    s.class_teacher_user.language = "ru"
    s.class_teacher_user.save()
    s.parent_user.first_name, s.parent_user.last_name = "Айгүл", "Асанова"
    s.parent_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        conversation = messages.conversation_start(
            user=s.parent_user, school=s.school, recipient=s.class_teacher_user, subject="Эртең",
            body="Саламатсызбы, эртең келбейт.")
    note = Notification.objects.get(recipient=s.class_teacher_user)
    assert note.event == "message" and "Айгүл Асанова" in note.title and note.title.startswith("Новое сообщение")
    assert note.url.endswith(f"/messages/{conversation.pk}/") and "эртең" in note.body
    assert not Notification.objects.filter(recipient=s.parent_user).exists()  # never one's own message


def test_future_announcement_waits_for_its_publish_time(small_school, monkeypatch):
    from journal.notifications import receivers
    from journal.notifications.tasks import announcement_task

    s = small_school
    later = timezone.now() + datetime.timedelta(hours=3)
    announcement = Announcement.objects.create(school=s.school, author=s.deputy, title="Ата-энелер жыйыны",
                                               body="Жума күнү саат 17:00дө.", publish_at=later)
    deferred = []

    class Backend:
        supports_defer = True

    class Deferred:
        def enqueue(self, *args):
            deferred.append(args)

    class DeferringTask:  # the database queue: it can wait until a time
        def get_backend(self):
            return Backend()

        def using(self, **kwargs):
            deferred.append(kwargs)
            return Deferred()

    monkeypatch.setattr("journal.notifications.tasks.announcement_task", DeferringTask())
    receivers.on_announcement_published(Announcement, announcement=announcement, recipients=[s.parent_user])
    monkeypatch.undo()
    assert deferred[0] == {"run_after": later} and deferred[1] == (announcement.pk, [s.parent_user.pk])
    assert not Notification.objects.exists()
    # at the publish time the task notifies the audience; a withdrawn one (expired) nobody
    assert announcement_task.call(announcement.pk, [s.parent_user.pk]) == 1
    assert Notification.objects.get(recipient=s.parent_user).title == "Ата-энелер жыйыны"
    Announcement.objects.filter(pk=announcement.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1),
                                                           publish_at=timezone.now() - datetime.timedelta(hours=1))
    assert announcement_task.call(announcement.pk, [s.parent_user.pk]) == 0
