"""factory_boy factories of notifications, shared by the tests, the demo and the bench.

    NotificationFactory(recipient=parent_user, school=school, student=child)
    DeliveryFactory(recipient=parent_user, channel="email")
"""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from journal.register import factories as register

from . import models


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = models.Notification

    school = factory.SubFactory(register.SchoolFactory)
    recipient = factory.SubFactory(register.UserFactory)
    event = models.Event.GRADE
    title = factory.Sequence(lambda n: f"Баа 5: математика ({n})")
    body = "Асанов Б. 5 алды."


class DeliveryFactory(DjangoModelFactory):
    class Meta:
        model = models.Delivery

    recipient = factory.SubFactory(register.UserFactory)
    key = factory.Sequence(lambda n: f"test:{n}")
    channel = models.Channel.EMAIL
    subject = factory.Sequence(lambda n: f"Notification {n}")
    text = "Text"
    next_attempt_at = factory.LazyFunction(timezone.now)
