"""Issue 8 §5: homework attachments and staff photos are private. They are stored outside
MEDIA_ROOT under random names and served only by views that ask the access policy."""

import datetime
from pathlib import Path

import pytest
from django.apps import apps as global_apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from journal.gradebook import factories as gf
from journal.register import factories as f
from portal import private_files
from portal.roles import Role

PDF = b"%PDF-1.4 homework"


@pytest.fixture
def lesson(small_school):
    lesson = gf.LessonFactory(assignment=small_school.assignment_a, date=datetime.date(2026, 11, 12))
    lesson.homework_file = SimpleUploadedFile("тапшырма №3.pdf", PDF, content_type="application/pdf")
    lesson.save()
    return lesson


def _get(user, url):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.mark.django_db
def test_homework_file_is_private_with_a_random_name(lesson, settings):
    name = lesson.homework_file.name
    assert name.startswith("homework/2") and name.endswith("/тапшырма_3.pdf")
    token = name.split("/")[3]
    assert len(token) >= 20  # the address cannot be guessed
    assert not (Path(settings.MEDIA_ROOT) / name).exists()  # nothing under the public /media/
    assert private_files.private_storage.exists(name)
    with pytest.raises(ValueError):
        _ = lesson.homework_file.url
    assert lesson.homework_file_name == "тапшырма_3.pdf"


@pytest.mark.django_db
def test_homework_file_refused_to_outsiders(lesson, small_school):
    s = small_school
    url = reverse("journal:homework_file", args=[lesson.pk])
    anonymous = _get(None, url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    # a parent whose only child is in the other class
    other_parent = f.user_with_role(s.school, Role.PARENT, "parent_b")
    f.StudentGuardianFactory(student=s.students_b[2], guardian=f.GuardianFactory(school=s.school, user=other_parent))
    assert _get(other_parent, url).status_code == 404
    # a teacher who does not teach 5 «А»
    assert _get(s.other_teacher_user, url).status_code == 404
    assert _get(s.other_school_teacher, url).status_code == 404


@pytest.mark.django_db
def test_homework_file_sent_to_the_class_and_its_teachers(lesson, small_school):
    s = small_school
    url = reverse("journal:homework_file", args=[lesson.pk])
    for user in (s.student_user, s.parent_user, s.teacher_user, s.class_teacher_user, s.deputy, s.director):
        response = _get(user, url)
        assert response.status_code == 200, user.username
        assert b"".join(response.streaming_content) == PDF
        assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_homework_file_through_x_accel_redirect(lesson, small_school, settings):
    settings.PRIVATE_MEDIA_X_ACCEL = "/private-media/"
    response = _get(small_school.student_user, reverse("journal:homework_file", args=[lesson.pk]))
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"].startswith("/private-media/homework/")


@pytest.mark.django_db
def test_diary_and_lesson_page_link_to_the_checked_view(lesson, small_school):
    url = reverse("journal:homework_file", args=[lesson.pk])
    page = _get(small_school.teacher_user, reverse("journal:lesson_detail", args=[lesson.pk]))
    assert page.status_code == 200 and url in page.content.decode()
    assert "/media/homework" not in page.content.decode()


@pytest.mark.django_db
def test_staff_photo_public_only_while_the_member_is_on_the_public_site(small_school):
    member = small_school.teacher
    member.photo = SimpleUploadedFile("photo.png", b"\x89PNG fake", content_type="image/png")
    member.is_public = True
    member.save()
    assert member.photo.name.startswith("staff/") and private_files.private_storage.exists(member.photo.name)
    url = reverse("cms:staff_photo", args=[member.pk])
    response = _get(None, url)
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    member.is_public = False
    member.save()
    assert _get(None, url).status_code == 404
    assert _get(small_school.parent_user, url).status_code == 404
    assert _get(small_school.other_school_teacher, url).status_code == 404
    assert _get(small_school.deputy, url).status_code == 200


@pytest.mark.django_db
def test_migration_moves_public_files_to_private_storage(small_school):
    lesson = gf.LessonFactory(assignment=small_school.assignment_a)
    old = default_storage.save("homework/2026/11/dz.pdf", ContentFile(PDF))
    type(lesson).objects.filter(pk=lesson.pk).update(homework_file=old)
    private_files.move_to_private(global_apps, "gradebook", "Lesson", "homework_file", "homework")
    lesson.refresh_from_db()
    assert lesson.homework_file.name != old and lesson.homework_file.name.endswith("/dz.pdf")
    assert not default_storage.exists(old)
    assert private_files.private_storage.open(lesson.homework_file.name).read() == PDF
