"""Media disk full (issue 12 §4): a clear message in the user's language and nothing half-saved.
The lesson page shows itself again with what was typed; any other page that saves a file gets a
translated 507 page, and its rows are rolled back."""

import errno

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from journal.gradebook.models import Attendance, Lesson
from portal import disk_full

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_disk(monkeypatch):
    def _save(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", _save)


def test_lesson_page_keeps_what_was_typed_and_saves_nothing(gb, login, full_disk):
    from tests.journal.gradebook.test_lessons import _form, _url

    client = login(gb.teacher_user)
    lesson = gb.lesson
    before = Lesson.objects.get(pk=lesson.pk)
    data = _form(client.get(_url(lesson)))
    student = gb.students_a[0]
    data.update({"topic": "Бөлчөктөрдү кошуу", "homework": "§14, №1–4",
                 "homework_file": SimpleUploadedFile("тапшырма.pdf", b"%PDF-1.4 x", content_type="application/pdf"),
                 f"att-{student.pk}": "ill"})
    response = client.post(_url(lesson), data)
    assert response.status_code == 400
    with translation.override("ky"):
        message = str(disk_full.MESSAGE)
    html = response.content.decode()
    assert message in html and "Бөлчөктөрдү кошуу" in html and "§14, №1–4" in html
    after = Lesson.objects.get(pk=lesson.pk)
    assert (after.topic, after.homework, after.version, after.homework_file.name) == (
        before.topic, before.homework, before.version, before.homework_file.name)
    assert not Attendance.objects.filter(lesson=lesson).exists()


def test_any_other_upload_gets_a_translated_page_and_no_row(client, small_school, full_disk):
    from journal.messaging.models import Message

    s = small_school
    client.force_login(s.parent_user)
    url = reverse("journal:conversation_new")
    response = client.post(url, {"recipient": s.class_teacher_user.pk, "subject": "Сабак", "body": "Саламатсызбы",
                                 "attachment": SimpleUploadedFile("справка.pdf", b"%PDF-1.4 x",
                                                                  content_type="application/pdf")})
    assert response.status_code == 507
    with translation.override("ky"):
        assert str(disk_full.MESSAGE) in response.content.decode()
    assert not Message.objects.exists()


def test_other_os_errors_are_not_taken_for_a_full_disk():
    assert disk_full.is_disk_full(OSError(errno.ENOSPC, "full"))
    assert disk_full.is_disk_full(OSError(errno.EDQUOT, "quota"))
    assert not disk_full.is_disk_full(OSError(errno.EACCES, "denied"))
    assert not disk_full.is_disk_full(ValueError("no"))
