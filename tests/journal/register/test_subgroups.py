"""Issue 9 §2: the deputy splits a class into the subgroups of a subject; a subgroup's journal,
lesson page, printed journal and the diary show only its students; the new school year keeps them."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from journal.gradebook import factories as gf
from journal.gradebook.selectors.diary import diary_week
from journal.gradebook.selectors.grid import journal_grid
from journal.gradebook.selectors.lessons import lesson_sheet
from journal.register import factories as f
from journal.register.models import SubgroupMembership
from journal.register.services.subgroups import subgroups_carry_over, subgroups_set

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 12)  # a Thursday inside the fixture's period


@pytest.fixture
def english(small_school):
    s = small_school
    subject = f.SubjectFactory(school=s.school, name_ky="Англис тили", name_ru="Английский язык")
    group1 = f.TeachingAssignmentFactory(class_group=s.class_a, teacher=s.teacher, subject=subject, subgroup=1)
    group2 = f.TeachingAssignmentFactory(class_group=s.class_a, teacher=s.other_teacher, subject=subject, subgroup=2)
    return subject, group1, group2


def _split(s, subject):
    ids = [st.pk for st in s.students_a]
    return subgroups_set(class_group=s.class_a, subject=subject,
                         numbers={ids[0]: 1, ids[1]: 1, ids[2]: 2, ids[3]: 2, ids[4]: 2})


def test_not_split_yet_shows_the_whole_class(small_school, english):
    s = small_school
    _subject, group1, _group2 = english
    grid = journal_grid(assignment=group1, period=s.period)
    assert len(grid.rows) == 5


def test_each_subgroup_journal_and_lesson_page_list_only_its_students(small_school, english):
    s = small_school
    subject, group1, group2 = english
    assert _split(s, subject) == 5
    assert [r.student.pk for r in journal_grid(assignment=group1, period=s.period).rows] == \
        [st.pk for st in sorted(s.students_a[:2], key=lambda x: x.sort_key)]
    assert len(journal_grid(assignment=group2, period=s.period).rows) == 3
    lesson = gf.LessonFactory(assignment=group2, date=DAY)
    assert {st.pk for st in lesson_sheet(lesson)["students"]} == {st.pk for st in s.students_a[2:]}


def test_the_grid_refuses_a_student_of_the_other_subgroup(small_school, english, client):
    s = small_school
    subject, group1, _group2 = english
    _split(s, subject)
    lesson = gf.LessonFactory(assignment=group1, date=DAY)
    client.force_login(s.teacher_user)
    url = reverse("journal:grid_cell", args=[group1.pk])
    other = client.post(url, json.dumps({"op": "grade", "lesson": lesson.pk, "student": s.students_a[3].pk,
                                         "value": "5", "version": 0}), content_type="application/json")
    assert other.status_code == 404
    own = client.post(url, json.dumps({"op": "grade", "lesson": lesson.pk, "student": s.students_a[0].pk,
                                       "value": "5", "version": 0}), content_type="application/json")
    assert own.status_code == 200


def test_the_diary_shows_only_the_students_own_subgroup(small_school, english):
    s = small_school
    subject, group1, group2 = english
    _split(s, subject)
    gf.LessonFactory(assignment=group1, date=DAY, lesson_number=2, topic="Group one topic")
    gf.LessonFactory(assignment=group2, date=DAY, lesson_number=3, topic="Group two topic")
    monday = DAY - datetime.timedelta(days=DAY.weekday())
    week = diary_week(s.students_a[0], monday, school=s.school)
    topics = [item["topic"] for day in week["days"] for item in day["lessons"]]
    assert "Group one topic" in topics and "Group two topic" not in topics


def test_bad_subgroups_write_nothing(small_school, english):
    s = small_school
    subject, _g1, _g2 = english
    with pytest.raises(ValidationError):
        subgroups_set(class_group=s.class_a, subject=subject, numbers={s.students_a[0].pk: 3})  # no teacher for 3
    with pytest.raises(ValidationError):
        subgroups_set(class_group=s.class_a, subject=subject, numbers={s.students_b[0].pk: 1})  # another class
    with pytest.raises(ValidationError):
        subgroups_set(class_group=s.class_b, subject=subject, numbers={s.students_b[0].pk: 1})  # not split there
    assert not SubgroupMembership.objects.exists()


def test_the_deputy_splits_a_class_in_the_browser(small_school, english, client):
    s = small_school
    subject, _g1, _g2 = english
    url = reverse("journal:class_subgroups", args=[s.class_a.pk])
    client.force_login(s.deputy)
    page = client.get(url)
    assert page.status_code == 200 and "Англис тили" in page.content.decode()
    data = {"subject": subject.pk, **{f"student-{st.pk}": ("1" if i < 2 else "2") for i, st in enumerate(s.students_a)}}
    assert client.post(url, data).status_code == 302
    assert SubgroupMembership.objects.filter(number=1).count() == 2
    assert SubgroupMembership.objects.filter(number=2).count() == 3
    bad = client.post(url, {"subject": subject.pk, f"student-{s.students_a[0].pk}": "3"})
    assert bad.status_code == 400 and SubgroupMembership.objects.count() == 5  # nothing lost, nothing written


def test_subgroup_page_forbidden_side(small_school, english, client):
    s = small_school
    url = reverse("journal:class_subgroups", args=[s.class_a.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login
    for user in (s.teacher_user, s.class_teacher_user, s.parent_user, s.student_user):
        client.force_login(user)
        assert client.get(url).status_code == 403, user.username
    client.force_login(s.deputy)
    assert client.get(reverse("journal:class_subgroups", args=[s.other_class.pk])).status_code == 404


def test_the_new_school_year_keeps_the_subgroups(small_school, english):
    s = small_school
    subject, _g1, _g2 = english
    _split(s, subject)
    next_year = f.AcademicYearFactory(school=s.school, name="2027–2028", start=datetime.date(2027, 9, 1),
                                      end=datetime.date(2028, 5, 31), is_current=False)
    class_6a = f.ClassGroupFactory(school=s.school, year=next_year, grade=6, letter="А")
    moves = [(st.pk, s.class_a.pk, class_6a.pk) for st in s.students_a]
    assert subgroups_carry_over(moves=moves) == 5
    assert dict(SubgroupMembership.objects.filter(class_group=class_6a).values_list("student_id", "number")) == \
        dict(SubgroupMembership.objects.filter(class_group=s.class_a).values_list("student_id", "number"))


def test_the_timetable_of_a_student_and_a_parent_shows_their_subgroup_only(small_school, english, client):
    from journal.gradebook.models import TimetableEntry

    s = small_school
    subject, group1, group2 = english
    for a, room in ((group1, "11"), (group2, "12")):  # both groups at the same time, in two rooms
        TimetableEntry.objects.create(school=s.school, year=s.year, class_group=s.class_a, weekday=1, lesson_number=3,
                                      assignment=a, room=room, valid_from=s.year.start)
    url = reverse("journal:timetable_class", args=[s.class_a.pk]) + f"?date={DAY:%Y-%m-%d}"

    def rooms(user):
        client.force_login(user)
        grid = client.get(url).context["grid"]
        return sorted(e.room for day in grid for slot in day.slots for e in slot.entries)

    assert rooms(s.student_user) == ["11", "12"]  # not split yet: the whole class has both
    _split(s, subject)  # students_a[0] (the student) and [1] (the parent's child) are in group 1
    assert rooms(s.student_user) == ["11"]
    assert rooms(s.parent_user) == ["11"]
    assert rooms(s.teacher_user) == ["11", "12"]  # staff see the class's whole week
    SubgroupMembership.objects.filter(student=s.students_a[1]).update(number=2)
    assert rooms(s.parent_user) == ["12"]


def test_fill_control_counts_each_subgroups_own_students(small_school, english):
    """Issue 9 §2: fill control checks a subgroup's lessons against its own students (not the whole
    class, not only those who happen to have a grade)."""
    from journal.gradebook.selectors.control import fill_control

    s = small_school
    subject, group1, group2 = english

    def students():
        rows = fill_control(school=s.school, year=s.year, date_from=DAY, date_to=DAY, on_date=DAY)
        return {r.assignment.pk: r.students for r in rows if r.assignment.pk in (group1.pk, group2.pk)}

    assert students() == {group1.pk: 5, group2.pk: 5}  # not split yet: the whole class
    _split(s, subject)
    gf.GradeFactory(lesson=gf.LessonFactory(assignment=group2, date=DAY), student=s.students_a[2], value=5)
    assert students() == {group1.pk: 2, group2.pk: 3}
