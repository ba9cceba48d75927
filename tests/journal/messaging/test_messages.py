"""Messages (issue 11 §2): who may write to whom, who may read, attachments, unread counts, read
receipts, reports, rate limits and the message_posted signal."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from journal.messaging.models import Conversation, Message, MessagingSettings
from journal.messaging.selectors.messages import unread_count
from journal.messaging.services import messages as svc
from journal.messaging.signals import message_posted
from portal import access

from .conftest import client_for

pytestmark = pytest.mark.django_db


def _contacts(user, school):
    return set(access.message_contacts(user, school).values_list("username", flat=True))


def _start(s, sender, recipient, body="Саламатсызбы!", **kwargs):
    return svc.conversation_start(user=sender, school=s.school, recipient=recipient, subject="Суроо", body=body,
                                  **kwargs)


def test_contacts_follow_the_reasons_to_talk(s):
    # the parent of children in 5 «А» and 5 «Б»: both class teachers' and teachers' of those classes
    assert _contacts(s.parent_user, s.school) == {"classteacher", "teacher", "teacher_b"}
    # a parent whose only child is in 5 «Б»: only that class's teacher
    assert _contacts(s.parent_b, s.school) == {"teacher_b"}
    # a teacher: the staff, the parents and students of the classes they teach
    assert _contacts(s.teacher_user, s.school) == {
        "director", "deputy", "sysadmin", "classteacher", "teacher_b", "parent", "parent_a_only", "student"}
    # the director: staff only
    assert _contacts(s.director, s.school) == {"deputy", "sysadmin", "classteacher", "teacher", "teacher_b"}
    # a student: the teachers of their class
    assert _contacts(s.student_user, s.school) == {"classteacher", "teacher"}
    # another school's people never
    assert "teacher_other_school" not in _contacts(s.teacher_user, s.school)


def test_the_school_switches_student_messages_off(s):
    MessagingSettings.objects.create(school=s.school, students_may_write=False)
    assert _contacts(s.student_user, s.school) == set()
    assert "student" not in _contacts(s.teacher_user, s.school)
    assert client_for(s.student_user).get(reverse("journal:messages_inbox")).status_code == 403
    with pytest.raises(ValidationError):
        _start(s, s.teacher_user, s.student_user)


def test_a_parent_cannot_write_to_a_teacher_who_does_not_teach_their_child(s):
    with pytest.raises(ValidationError) as exc:
        _start(s, s.parent_b, s.teacher_user)
    assert exc.value.code == "not_a_contact"
    with pytest.raises(ValidationError):
        _start(s, s.parent_user, s.other_school_teacher)
    assert not Conversation.objects.exists() and not Message.objects.exists()
    # through the form: the teacher is not even offered
    client = client_for(s.parent_b)
    page = client.get(reverse("journal:conversation_new"))
    assert page.status_code == 200 and f'value="{s.teacher_user.pk}"' not in page.content.decode()
    response = client.post(reverse("journal:conversation_new"), {"recipient": s.teacher_user.pk, "body": "Салам"})
    assert response.status_code == 400 and not Conversation.objects.exists()


def test_parent_writes_to_the_class_teacher_who_answers(s, django_capture_on_commit_callbacks):
    parent = client_for(s.parent_user)
    received = []
    message_posted.connect(lambda **kw: received.append(kw), weak=False, dispatch_uid="t1")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = parent.post(reverse("journal:conversation_new"), {
                "recipient": s.class_teacher_user.pk, "subject": "Үй тапшырма", "body": "Кызым ооруп калды."})
        conversation = Conversation.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse(
            "journal:conversation_detail", args=[conversation.pk])
        assert [kw["recipients"] for kw in received] == [[s.class_teacher_user]]
        assert received[0]["message"].body == "Кызым ооруп калды."

        # the class teacher has one unread message, shown in the menu
        assert unread_count(s.class_teacher_user, s.school) == 1
        teacher = client_for(s.class_teacher_user)
        inbox = teacher.get(reverse("journal:messages_inbox")).content.decode()
        assert 'badge--count' in inbox and "Үй тапшырма" in inbox
        # not yet read: the parent sees "delivered"
        with translation.override("ky"):
            page = parent.get(reverse("journal:conversation_detail", args=[conversation.pk])).content.decode()
        assert "✓✓" not in page
        # the teacher opens it (read) and answers
        assert teacher.get(reverse("journal:conversation_detail", args=[conversation.pk])).status_code == 200
        assert unread_count(s.class_teacher_user, s.school) == 0
        with django_capture_on_commit_callbacks(execute=True):
            teacher.post(reverse("journal:conversation_detail", args=[conversation.pk]), {"body": "Айыгып кетсин!"})
        assert received[-1]["recipients"] == [s.parent_user]
        assert unread_count(s.parent_user, s.school) == 1
        page = parent.get(reverse("journal:conversation_detail", args=[conversation.pk])).content.decode()
        assert "Айыгып кетсин!" in page and "✓✓" in page  # the parent's message was read
        assert unread_count(s.parent_user, s.school) == 0
    finally:
        message_posted.disconnect(dispatch_uid="t1")


def test_nobody_else_reads_a_conversation(s):
    conversation = _start(s, s.parent_user, s.class_teacher_user)
    url = reverse("journal:conversation_detail", args=[conversation.pk])
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    for outsider in (s.parent_b, s.parent_a_only, s.teacher_user, s.director, s.other_school_teacher, s.student_user):
        assert client_for(outsider).get(url).status_code == 404, outsider.username
        response = client_for(outsider).post(url, {"body": "мен да"})
        assert response.status_code == 404, outsider.username
    assert Message.objects.count() == 1
    with pytest.raises(ValidationError):
        svc.message_post(user=s.parent_b, school=s.school, conversation=conversation, body="мен да")


def test_attachments_only_to_participants(s):
    conversation = _start(s, s.parent_user, s.class_teacher_user,
                          attachment=SimpleUploadedFile("справка.pdf", b"%PDF-1.4 doc", content_type="application/pdf"))
    message = conversation.messages.get()
    assert message.attachment.name.startswith("messages/") and message.attachment_name == "справка.pdf"
    url = reverse("journal:message_file", args=[message.pk])
    for user in (s.parent_user, s.class_teacher_user):
        response = client_for(user).get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 doc"
    for user in (s.parent_b, s.teacher_user, s.deputy, s.other_school_teacher):
        assert client_for(user).get(url).status_code == 404, user.username
    assert client_for(None).get(url).status_code == 302


def test_reported_conversation_is_seen_by_the_deputy(s):
    conversation = _start(s, s.parent_user, s.class_teacher_user, body="Сиз жаман мугалимсиз!")
    message = conversation.messages.get()
    url = reverse("journal:conversation_detail", args=[conversation.pk])
    assert client_for(s.deputy).get(url).status_code == 404
    # the sender cannot report their own message; an outsider cannot report at all
    client_for(s.parent_user).post(reverse("journal:message_report", args=[message.pk]), {"reason": "x"})
    assert client_for(s.parent_b).post(reverse("journal:message_report", args=[message.pk])).status_code == 404
    assert not message.reports.exists()
    client_for(s.class_teacher_user).post(reverse("journal:message_report", args=[message.pk]), {"reason": "Кордоо"})
    assert message.reports.get().reason == "Кордоо"
    deputy = client_for(s.deputy)
    listing = deputy.get(reverse("journal:messages_reported"))
    assert listing.status_code == 200 and conversation.subject in listing.content.decode()
    page = deputy.get(url)
    assert page.status_code == 200 and "Сиз жаман мугалимсиз!" in page.content.decode()
    assert deputy.post(url, {"body": "мен кийлигишем"}).status_code == 403  # reads, does not write
    assert client_for(s.director).get(reverse("journal:messages_reported")).status_code == 403
    assert client_for(s.director).get(url).status_code == 404
    deputy.post(reverse("journal:message_reports_resolve", args=[conversation.pk]))
    assert message.reports.get().resolved_by == s.deputy


def test_rate_limit_with_a_translated_message(s):
    MessagingSettings.objects.create(school=s.school, messages_per_minute=2)
    conversation = _start(s, s.parent_user, s.class_teacher_user)
    svc.message_post(user=s.parent_user, school=s.school, conversation=conversation, body="2")
    with pytest.raises(ValidationError) as exc:
        svc.message_post(user=s.parent_user, school=s.school, conversation=conversation, body="3")
    assert exc.value.code == "rate_limited"
    assert conversation.messages.count() == 2
    # another user has a limit of their own
    svc.message_post(user=s.class_teacher_user, school=s.school, conversation=conversation, body="жооп")
    with translation.override("ru"):
        response = client_for(s.parent_user).post(
            reverse("journal:conversation_detail", args=[conversation.pk]), {"body": "4"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    assert conversation.messages.count() == 3


def test_another_school_cannot_be_reached(s):
    conversation = _start(s, s.parent_user, s.class_teacher_user)
    assert not access.conversations_visible(s.other_school_teacher, s.other_school).filter(pk=conversation.pk).exists()
    assert _contacts(s.other_school_parent, s.other_school) == set()  # their child's class has no teachers


def test_inbox_query_count_is_constant(s):
    client = client_for(s.teacher_user)
    url = reverse("journal:messages_inbox")
    _start(s, s.parent_user, s.teacher_user)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for sender in (s.parent_a_only, s.student_user, s.class_teacher_user, s.deputy, s.director):
        _start(s, sender, s.teacher_user)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)


def test_settings_page_for_the_administration_only(s):
    url = reverse("journal:messaging_settings")
    for user in (s.teacher_user, s.parent_user, s.student_user):
        assert client_for(user).get(url).status_code == 403, user.username
    assert client_for(None).get(url).status_code == 302
    response = client_for(s.deputy).post(url, {"forum_premoderation": "on", "messages_per_minute": 5})
    assert response.status_code == 302
    saved = MessagingSettings.objects.get(school=s.school)
    assert (saved.students_may_write, saved.forum_premoderation, saved.messages_per_minute) == (False, True, 5)
    assert client_for(s.deputy).post(url, {"messages_per_minute": 0}).status_code == 400
    assert not MessagingSettings.objects.filter(school=s.other_school).exists()
