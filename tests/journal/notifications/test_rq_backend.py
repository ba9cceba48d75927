"""The Redis-backed queue (TASKS_BACKEND=rq: django-tasks-rq) against the local Redis at
127.0.0.1:6379 (database 15): the outbox task is enqueued there and a worker sends the e-mail."""

import pytest
import redis
from django.core import mail

from journal.notifications.factories import DeliveryFactory
from journal.notifications.models import Delivery, DeliveryStatus
from journal.notifications.tasks import outbox_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def rq_queue(settings):
    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/15").ping()
    except redis.ConnectionError:
        pytest.skip("no local Redis at 127.0.0.1:6379")
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:6379/15"}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    import django_rq

    queue = django_rq.get_queue("default")
    queue.empty()
    yield queue
    queue.empty()


def test_outbox_runs_on_the_redis_queue(rq_queue, small_school):
    import django_rq
    from rq import SimpleWorker

    user = small_school.parent_user
    user.email = "p@example.kg"
    user.save()
    DeliveryFactory(recipient=user, subject="Ата-энелер чогулушу")
    result = outbox_task.enqueue()
    assert rq_queue.count == 1 and rq_queue.job_ids == [result.id]
    from django_tasks_rq.backend import Job

    worker = SimpleWorker([rq_queue], connection=django_rq.get_connection("default"), job_class=Job)
    worker.work(burst=True)
    assert Delivery.objects.get().status == DeliveryStatus.SENT
    assert [m.subject for m in mail.outbox] == ["Ата-энелер чогулушу"]
