"""Demo communication of the demo school (called by `manage.py demo_school`): a few announcements,
conversations and forum topics in Kyrgyz and Russian, written through the services (so every one
of them passes the access policy). Re-runnable: the school's communication is wiped first."""

import datetime

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from journal.register.models import ClassGroup

from .models import Announcement, Audience, Conversation, Forum, Message, MessagingSettings, Participant, Post, Topic
from .services import announcements as ann
from .services import forum as fs
from .services import messages as msg


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def wipe(school):
    Forum.objects.filter(school=school).delete()
    Conversation.objects.filter(school=school).delete()
    Announcement.objects.filter(school=school).delete()


def _back(model, pk, when, field="created_at"):
    model.objects.filter(pk=pk).update(**{field: when})


@transaction.atomic
def build_messaging(school, *, stdout=None, login_suffix=""):
    """`login_suffix`: the demo school's logins end with it ("director2" in the second school of
    `demo_school --schools N`), so each school's messages are written by its own people."""
    names = ["director", "deputy", "teacher", "classteacher", "parent", "student", "siteadmin"]
    users = {u.username.removesuffix(login_suffix) if login_suffix else u.username: u
             for u in get_user_model().objects.filter(username__in=[n + login_suffix for n in names])}
    needed = {"director", "deputy", "teacher", "classteacher", "parent"}
    if not needed <= set(users):
        _say(stdout, "messaging: the demo users are missing (run the register demo first)")
        return None
    wipe(school)
    cache.clear()  # the rate limits: the demo writes faster than a person
    MessagingSettings.objects.get_or_create(school=school)
    now = timezone.now()
    day = datetime.timedelta(days=1)
    director, deputy, teacher, ct, parent = (users[n] for n in ("director", "deputy", "teacher", "classteacher", "parent"))
    class_5a = ClassGroup.objects.filter(school=school, year__is_current=True, class_teacher__user=ct).first()

    # announcements
    a1 = ann.announcement_create(
        user=director, school=school, audience=Audience.SCHOOL, pinned=True,
        title="Жаңы жылдык майрамга даярдык",
        body="Урматтуу ата-энелер жана окуучулар! 26-декабрда саат 10:00дө мектептин актовый залында жаңы "
             "жылдык майрам болот. Ар бир класс бир концерттик номер даярдайт.",
        publish_at=now - 2 * day)
    ann.announcement_create(
        user=deputy, school=school, audience=Audience.GRADE, grade=9,
        title="Консультации перед итоговой аттестацией",
        body="Уважаемые девятиклассники и родители! С 15 января по средам после уроков проводятся консультации "
             "по математике и русскому языку. Расписание — в кабинете завуча.",
        publish_at=now - day, expires_at=now + 60 * day)
    ann.announcement_create(
        user=director, school=school, audience=Audience.STAFF,
        title="Педагогический совет",
        body="Педсовет по итогам второй четверти состоится 28 декабря в 14:00 в учительской.",
        publish_at=now - 3 * day)
    if class_5a is not None:
        ann.announcement_create(
            user=ct, school=school, audience=Audience.CLASS_PARENTS, class_group=class_5a,
            title="Ата-энелер чогулушу",
            body="Урматтуу ата-энелер! Жума күнү саат 17:30да 5 «А» классында ата-энелер чогулушу болот. "
                 "Күн тартиби: экинчи чейректин жыйынтыгы, кышкы каникул.",
            publish_at=now - 4 * day)
        ann.announcement_create(
            user=teacher, school=school, audience=Audience.CLASS, class_group=class_5a,
            title="Математика боюнча олимпиада",
            body="Келерки шейшемби күнү математика боюнча мектептик олимпиада болот. Каалоочулар мага жазгыла.",
            publish_at=now - day)
    # the parent and the student have read the school announcement
    for name in ("parent", "student"):
        if name in users:
            ann.announcement_mark_read(user=users[name], announcement=a1)

    # conversations
    c1 = msg.conversation_start(user=parent, school=school, recipient=ct, subject="Балам ооруп калды",
                                body="Саламатсызбы! Балам бүгүн ооруп калды, эки күн сабакка келбейт. "
                                     "Врачтын справкасын кийин алып келебиз.")
    msg.message_post(user=ct, school=school, conversation=c1,
                     body="Саламатсызбы! Түшүндүм, тезирээк айыгып кетсин. Үй тапшырмаларын күндөлүктөн көрө аласыз.")
    msg.message_post(user=parent, school=school, conversation=c1, body="Рахмат!")
    c2 = msg.conversation_start(user=parent, school=school, recipient=teacher, subject="Контрольная работа",
                                body="Здравствуйте! Можно ли переписать контрольную работу по математике? "
                                     "Сын пропустил её по болезни.")
    msg.message_post(user=teacher, school=school, conversation=c2,
                     body="Здравствуйте! Да, в четверг после шестого урока, кабинет 21.")
    msg.conversation_start(user=teacher, school=school, recipient=deputy, subject="Замена уроков",
                           body="Здравствуйте! В пятницу я на курсах повышения квалификации. "
                                "Прошу назначить замену на 3-й и 4-й уроки.")
    for conversation, hours in ((c1, 30), (c2, 20)):
        for i, m in enumerate(Message.objects.filter(conversation=conversation).order_by("pk")):
            _back(Message, m.pk, now - datetime.timedelta(hours=hours - 2 * i))
        # each side has read up to their own last message; the newest answer stays unread
        for p in Participant.objects.filter(conversation=conversation):
            own = Message.objects.filter(conversation=conversation, sender=p.user_id).order_by("-created_at").first()
            Participant.objects.filter(pk=p.pk).update(last_read_at=own.created_at if own else None)
        last = Message.objects.filter(conversation=conversation).order_by("-created_at").first()
        _back(Conversation, conversation.pk, last.created_at, field="last_message_at")

    # the forum: a published and a waiting topic in the school forum, a class forum discussion
    school_forum = fs.forum_ensure(school=school)
    topic, post = fs.topic_create(user=parent, school=school, forum=school_forum, title="Мектептин ашканасы",
                                  body="Ашканадагы тамактын баасы жана сапаты жөнүндө талкуулайлы. "
                                       "Балдар түшкү тамакка жетишпей калышат.")
    if "siteadmin" in users:
        fs.post_moderate(user=users["siteadmin"], school=school, post=post, action="approve")
    fs.topic_create(user=parent, school=school, forum=school_forum, title="Школьная форма",
                    body="Где можно купить школьную форму по нормальной цене? Поделитесь, пожалуйста.")
    if class_5a is not None:
        class_forum = fs.forum_ensure(school=school, class_group=class_5a)
        t2, p2 = fs.topic_create(user=parent, school=school, forum=class_forum, title="Экскурсия в музей",
                                 body="Предлагаю в январе сводить класс в исторический музей. Кто за?")
        fs.post_moderate(user=ct, school=school, post=p2, action="approve")
        fs.post_create(user=ct, school=school, topic=t2, body="Жакшы идея! Мен музей менен сүйлөшөм.")
    _say(stdout, f"messaging: {Announcement.objects.filter(school=school).count()} announcements, "
                 f"{Conversation.objects.filter(school=school).count()} conversations, "
                 f"{Topic.objects.filter(forum__school=school).count()} forum topics, "
                 f"{Post.objects.filter(topic__forum__school=school).count()} posts")
    return school
