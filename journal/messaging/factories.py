"""Factories of the communication area, shared by the tests and the demo."""

import datetime

import factory
from django.utils import timezone

from journal.register import factories as rf

from .models import Announcement, Audience, Conversation, Forum, Message, Participant, Post, PostStatus, Topic


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Announcement

    school = factory.SubFactory(rf.SchoolFactory)
    author = factory.SubFactory(rf.UserFactory)
    title = factory.Sequence(lambda n: f"Кулактандыруу {n}")
    body = "Ата-энелер чогулушу жума күнү саат 17:00дө болот."
    audience = Audience.SCHOOL
    publish_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(minutes=1))


class ConversationFactory(factory.django.DjangoModelFactory):
    """A conversation between `participants` (users): the first one started it."""

    class Meta:
        model = Conversation
        skip_postgeneration_save = True

    school = factory.SubFactory(rf.SchoolFactory)
    subject = factory.Sequence(lambda n: f"Суроо {n}")
    created_by = factory.SubFactory(rf.UserFactory)

    @factory.post_generation
    def participants(self, create, users, **kwargs):
        users = list(users or [self.created_by])
        if self.created_by not in users:
            users.insert(0, self.created_by)
        Participant.objects.bulk_create([Participant(conversation=self, user=u) for u in users])


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    conversation = factory.SubFactory(ConversationFactory)
    sender = factory.LazyAttribute(lambda o: o.conversation.created_by)
    body = "Саламатсызбы!"


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum

    school = factory.SubFactory(rf.SchoolFactory)
    class_group = None


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    forum = factory.SubFactory(ForumFactory)
    title = factory.Sequence(lambda n: f"Тема {n}")
    author = factory.SubFactory(rf.UserFactory)
    status = PostStatus.PUBLISHED


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    topic = factory.SubFactory(TopicFactory)
    author = factory.LazyAttribute(lambda o: o.topic.author)
    body = "Пикирим менен бөлүшөм."
    status = PostStatus.PUBLISHED
