"""Announcements (issue 11 §1): who may address whom, who sees them (start page, diary), the
private attachment, publish and expiry time, read receipts per class, the signal."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from journal.messaging.models import Announcement, AnnouncementRead, Audience
from journal.messaging.services import announcements as svc
from journal.messaging.signals import announcement_published
from journal.register import factories as f
from portal import access

from .conftest import client_for

pytestmark = pytest.mark.django_db


def _create(s, user, audience, **kwargs):
    kwargs.setdefault("title", "Ата-энелер чогулушу")
    kwargs.setdefault("body", "Жума күнү саат 17:00дө.")
    return svc.announcement_create(user=user, school=s.school, audience=audience, **kwargs)


def _sees(user, s, announcement):
    return access.announcements_visible(user, s.school).filter(pk=announcement.pk).exists()


def test_a_teacher_addresses_only_the_classes_they_teach(s):
    _create(s, s.teacher_user, Audience.CLASS_PARENTS, class_group=s.class_a)
    with pytest.raises(ValidationError):
        _create(s, s.teacher_user, Audience.CLASS, class_group=s.class_b)
    with pytest.raises(ValidationError):
        _create(s, s.teacher_user, Audience.SCHOOL)
    with pytest.raises(ValidationError):
        _create(s, s.parent_user, Audience.CLASS, class_group=s.class_a)
    # the class teacher their own class; the director the whole school
    _create(s, s.class_teacher_user, Audience.CLASS, class_group=s.class_a)
    _create(s, s.director, Audience.SCHOOL)
    _create(s, s.deputy, Audience.GRADE, grade=5)
    assert Announcement.objects.count() == 4
    # the form offers a teacher only their classes
    page = client_for(s.teacher_user).get(reverse("journal:announcement_new")).content.decode()
    assert f'value="{s.class_a.pk}"' in page and f'value="{s.class_b.pk}"' not in page
    response = client_for(s.teacher_user).post(reverse("journal:announcement_new"), {
        "title": "x", "body": "y", "audience": "class", "class_group": s.class_b.pk})
    assert response.status_code == 400 and Announcement.objects.count() == 4
    assert client_for(s.parent_user).get(reverse("journal:announcement_new")).status_code == 403
    assert client_for(s.student_user).get(reverse("journal:announcement_new")).status_code == 403


def test_audiences(s):
    parents_a = _create(s, s.teacher_user, Audience.CLASS_PARENTS, class_group=s.class_a)
    class_b = _create(s, s.other_teacher_user, Audience.CLASS, class_group=s.class_b)
    staff = _create(s, s.director, Audience.STAFF)
    school = _create(s, s.director, Audience.SCHOOL)
    students = _create(s, s.deputy, Audience.ROLE, role="student")
    assert _sees(s.parent_user, s, parents_a) and _sees(s.parent_a_only, s, parents_a)
    assert not _sees(s.parent_b, s, parents_a) and not _sees(s.student_user, s, parents_a)
    assert _sees(s.parent_b, s, class_b) and _sees(s.parent_user, s, class_b) and not _sees(s.parent_a_only, s, class_b)
    assert _sees(s.teacher_user, s, staff) and not _sees(s.parent_user, s, staff)
    assert _sees(s.student_user, s, students) and not _sees(s.parent_user, s, students)
    for user in (s.parent_user, s.student_user, s.teacher_user):
        assert _sees(user, s, school)
    assert not _sees(s.other_school_teacher, s, school)
    assert not access.announcements_visible(s.other_school_teacher, s.other_school).exists()
    assert not access.announcements_visible(s.other_school_parent, s.other_school).exists()
    # the page itself
    url = reverse("journal:announcement_detail", args=[parents_a.pk])
    assert client_for(s.parent_b).get(url).status_code == 404
    assert client_for(s.other_school_teacher).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302
    assert client_for(s.parent_user).get(url).status_code == 200


def test_publish_and_expiry_time(s):
    now = timezone.now()
    later = _create(s, s.director, Audience.SCHOOL, publish_at=now + datetime.timedelta(days=1))
    over = _create(s, s.director, Audience.SCHOOL, publish_at=now - datetime.timedelta(days=3),
                   expires_at=now - datetime.timedelta(days=1))
    assert not _sees(s.parent_user, s, later) and not _sees(s.parent_user, s, over)
    assert _sees(s.director, s, later)  # the author keeps seeing their own
    with pytest.raises(ValidationError):
        _create(s, s.director, Audience.SCHOOL, publish_at=now, expires_at=now - datetime.timedelta(hours=1))


def test_shown_on_the_start_pages_and_in_the_diary(s):
    _create(s, s.director, Audience.SCHOOL, title="Жаңы жыл майрамы", pinned=True)
    _create(s, s.teacher_user, Audience.CLASS_PARENTS, class_group=s.class_a, title="5 А ата-энелерине")
    diary = client_for(s.parent_user).get(reverse("journal:diary"), follow=True).content.decode()
    assert "Жаңы жыл майрамы" in diary and "5 А ата-энелерине" in diary
    student_diary = client_for(s.student_user).get(reverse("journal:diary"), follow=True).content.decode()
    assert "Жаңы жыл майрамы" in student_diary and "5 А ата-энелерине" not in student_diary
    teacher = client_for(s.class_teacher_user).get(reverse("journal:teacher_home")).content.decode()
    assert "Жаңы жыл майрамы" in teacher
    dashboard = client_for(s.deputy).get(reverse("journal:dashboard")).content.decode()
    assert "Жаңы жыл майрамы" in dashboard
    assert "5 А ата-энелерине" not in client_for(s.parent_b).get(reverse("journal:announcement_list")).content.decode()


def test_attachment_only_to_the_audience(s):
    a = _create(s, s.teacher_user, Audience.CLASS_PARENTS, class_group=s.class_a,
                attachment=SimpleUploadedFile("тизме.pdf", b"%PDF-1.4 list", content_type="application/pdf"))
    assert a.attachment.name.startswith("announcements/")
    url = reverse("journal:announcement_file", args=[a.pk])
    for user in (s.parent_user, s.teacher_user):
        response = client_for(user).get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 list"
    for user in (s.parent_b, s.student_user, s.other_school_teacher):
        assert client_for(user).get(url).status_code == 404, user.username
    assert client_for(None).get(url).status_code == 302


def test_read_receipts_per_class(s):
    a = _create(s, s.director, Audience.SCHOOL)
    # 5 «А»: the student with a login, the parent (two children), parent_a_only; 5 «Б»: the parent, parent_b
    client_for(s.parent_user).get(reverse("journal:announcement_detail", args=[a.pk]))
    client_for(s.student_user).get(reverse("journal:announcement_detail", args=[a.pk]))
    client_for(s.director).get(reverse("journal:announcement_detail", args=[a.pk]))  # the author: no receipt
    assert set(AnnouncementRead.objects.values_list("user__username", flat=True)) == {"parent", "student"}
    response = client_for(s.director).get(reverse("journal:announcement_receipts", args=[a.pk]))
    rows = {str(r["class_group"]): (r["read"], r["total"]) for r in response.context["rows"]}
    assert rows == {"5 «А»": (2, 3), "5 «Б»": (1, 2)}
    detail = client_for(s.director).get(reverse("journal:announcement_receipts", args=[a.pk]) + f"?class={s.class_b.pk}")
    readers = {r["name"]: r["read_at"] is not None for r in detail.context["readers"]}
    assert readers == {s.guardian.full_name: True, s.guardian_b.full_name: False}
    # receipts are the author's (and the director's and deputy's), nobody else's
    url = reverse("journal:announcement_receipts", args=[a.pk])
    for user in (s.teacher_user, s.parent_user, s.other_school_teacher):
        assert client_for(user).get(url).status_code == 404
    assert client_for(s.director).get(url + "?class=999999").status_code == 403


def test_receipts_query_count_is_constant(s):

    a = _create(s, s.director, Audience.SCHOOL)
    client = client_for(s.director)
    url = reverse("journal:announcement_receipts", args=[a.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for grade in (6, 7, 8):
        c = f.ClassGroupFactory(school=s.school, year=s.year, grade=grade, letter="А")
        for _n in range(3):
            st = f.StudentFactory(school=s.school, class_group=c, user=f.UserFactory())
            f.StudentGuardianFactory(student=st, guardian=f.GuardianFactory(school=s.school, user=f.UserFactory()))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["rows"]) == 5
    assert len(many) == len(few)


def test_signal_with_the_recipients(s, django_capture_on_commit_callbacks):
    received = []
    announcement_published.connect(lambda **kw: received.append(kw), weak=False, dispatch_uid="a1")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            _create(s, s.teacher_user, Audience.CLASS_PARENTS, class_group=s.class_a)
        assert {u.username for u in received[0]["recipients"]} == {"parent", "parent_a_only"}
        with django_capture_on_commit_callbacks(execute=True):
            _create(s, s.class_teacher_user, Audience.CLASS, class_group=s.class_a)
        assert {u.username for u in received[1]["recipients"]} == {"parent", "parent_a_only", "student", "teacher"}
        with django_capture_on_commit_callbacks(execute=True):
            _create(s, s.director, Audience.STAFF)
        assert {u.username for u in received[2]["recipients"]} == {
            "deputy", "sysadmin", "classteacher", "teacher", "teacher_b"}
        # a refused announcement sends nothing
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
            _create(s, s.teacher_user, Audience.CLASS, class_group=s.class_b)
        assert len(received) == 3
    finally:
        announcement_published.disconnect(dispatch_uid="a1")
