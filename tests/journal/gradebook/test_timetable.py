"""The timetable (R-I12): the deputy's grid editor with clash warnings, validity from a date,
bell times, events; read-only views for staff, parents and students — and the forbidden sides."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from journal.gradebook.models import BellTime, SchoolEvent, TimetableEntry
from journal.gradebook.selectors import timetable as tt
from journal.gradebook.services.timetable import bell_times_save, event_save, timetable_save
from journal.register import factories as f

from .planning_fixtures import cal_fixture, log_in_fixture  # noqa: F401

pytestmark = pytest.mark.django_db
OCT_1 = datetime.date(2026, 10, 1)


def week(cal, day):
    return list(tt.entries_on(school=cal.school, year=cal.year, day=day, class_group=cal.class_a))


# --- the service -------------------------------------------------------------------------------

def test_save_from_a_date_closes_the_old_week_and_keeps_the_same_slots(cal):
    english = f.SubjectFactory(school=cal.school, name_ky="Англис тили", name_ru="Английский язык")
    eng = f.TeachingAssignmentFactory(class_group=cal.class_a, subject=english, teacher=cal.other_teacher,
                                      hours_per_week=2)
    slots = {(d, d): [(cal.assignment_a.pk, "204")] for d in range(1, 5)}  # Friday's maths goes
    slots[(5, 1)] = [(eng.pk, "301")]
    result = timetable_save(class_group=cal.class_a, slots=slots, valid_from=OCT_1, user=cal.deputy)
    assert result["kept"] == 4 and result["closed"] == 1 and result["created"] == 1
    before = {(e.weekday, e.lesson_number, e.assignment_id) for e in week(cal, datetime.date(2026, 9, 30))}
    after = {(e.weekday, e.lesson_number, e.assignment_id) for e in week(cal, OCT_1)}
    assert (5, 5, cal.assignment_a.pk) in before and (5, 5, cal.assignment_a.pk) not in after
    assert (5, 1, eng.pk) in after and (5, 1, eng.pk) not in before
    closed = TimetableEntry.objects.get(class_group=cal.class_a, weekday=5, lesson_number=5)
    assert closed.valid_to == datetime.date(2026, 9, 30)


def test_saving_again_from_the_same_date_replaces_that_week(cal):
    slots = {(1, 1): [(cal.assignment_a.pk, "204")]}
    timetable_save(class_group=cal.class_a, slots=slots, valid_from=OCT_1, user=cal.deputy)
    timetable_save(class_group=cal.class_a, slots={(2, 3): [(cal.assignment_a.pk, "")]}, valid_from=OCT_1,
                   user=cal.deputy)
    assert [(e.weekday, e.lesson_number) for e in week(cal, OCT_1)] == [(2, 3)]
    assert len(week(cal, datetime.date(2026, 9, 30))) == 5  # September untouched


def test_split_lesson_two_subgroups_at_once(cal):
    english = f.SubjectFactory(school=cal.school, name_ky="Англис тили", name_ru="Английский язык")
    g1 = f.TeachingAssignmentFactory(class_group=cal.class_a, subject=english, subgroup=1, teacher=cal.teacher)
    g2 = f.TeachingAssignmentFactory(class_group=cal.class_a, subject=english, subgroup=2, teacher=cal.other_teacher)
    timetable_save(class_group=cal.class_a, slots={(3, 6): [(g1.pk, "301"), (g2.pk, "302")]}, valid_from=OCT_1,
                   user=cal.deputy)
    assert {e.assignment_id for e in week(cal, OCT_1) if e.lesson_number == 6} == {g1.pk, g2.pk}


@pytest.mark.parametrize("case", ["other_class", "two_subjects", "bad_day", "twice"])
def test_invalid_week_is_refused_and_nothing_changes(cal, case):
    history = f.SubjectFactory(school=cal.school, name_ky="Тарых", name_ru="История")
    second = f.TeachingAssignmentFactory(class_group=cal.class_a, subject=history, teacher=cal.teacher)
    slots = {
        "other_class": {(1, 1): [(cal.assignment_b.pk, "")]},
        "two_subjects": {(1, 1): [(cal.assignment_a.pk, ""), (second.pk, "")]},
        "bad_day": {(7, 1): [(cal.assignment_a.pk, "")]},
        "twice": {(1, 1): [(cal.assignment_a.pk, ""), (cal.assignment_a.pk, "")]},
    }[case]
    before = list(TimetableEntry.objects.values_list("pk", "valid_to"))
    with pytest.raises(ValidationError):
        timetable_save(class_group=cal.class_a, slots=slots, valid_from=OCT_1, user=cal.deputy)
    assert list(TimetableEntry.objects.values_list("pk", "valid_to")) == before


def test_date_outside_the_year_is_refused(cal):
    with pytest.raises(ValidationError):
        timetable_save(class_group=cal.class_a, slots={}, valid_from=datetime.date(2027, 7, 1), user=cal.deputy)


@pytest.mark.parametrize("who", ["teacher_user", "director", "class_teacher_user", "parent_user"])
def test_only_the_deputy_edits(cal, who):
    with pytest.raises(PermissionDenied):
        timetable_save(class_group=cal.class_a, slots={}, valid_from=OCT_1, user=getattr(cal, who))


def test_clash_teacher_in_two_classes_and_room_twice(cal):
    # the teacher of 5 «А» maths (Monday 1) also gets 5 «Б» on Monday 1, in 5 «А»'s room
    physics = f.SubjectFactory(school=cal.school, name_ky="Физика", name_ru="Физика")
    b_physics = f.TeachingAssignmentFactory(class_group=cal.class_b, subject=physics, teacher=cal.teacher)
    result = timetable_save(class_group=cal.class_b, slots={(1, 1): [(b_physics.pk, "204")]}, valid_from=OCT_1,
                            user=cal.deputy)
    kinds = sorted(c.kind for c in result["clashes"])
    assert kinds == ["room", "teacher"]
    messages = " ".join(c.message for c in result["clashes"])
    assert "5 «А»" in messages and "5 «Б»" in messages
    # the clash shows on 5 «А»'s grid too, in its slot
    by_slot = tt.clashes_by_slot(tt.clashes(school=cal.school, year=cal.year, day=OCT_1), cal.class_a)
    assert set(by_slot) == {(1, 1)}


def test_no_clash_between_two_rooms_and_teachers(cal):
    assert tt.clashes(school=cal.school, year=cal.year, day=OCT_1) == []


def test_hours_check(cal):
    rows = tt.hours_check([cal.assignment_a], week(cal, OCT_1))
    assert rows[0]["scheduled"] == 5 and rows[0]["ok"]  # 5 hours a week, 5 in the timetable
    rows = tt.hours_check([cal.assignment_a], week(cal, OCT_1)[:3])
    assert not rows[0]["ok"]


def test_bell_times_validation(cal):
    t = datetime.time
    with pytest.raises(ValidationError):
        bell_times_save(school=cal.school, shift=1, rows=[(1, t(8, 0), t(8, 45)), (2, t(8, 40), t(9, 20))],
                        user=cal.deputy)
    with pytest.raises(ValidationError):
        bell_times_save(school=cal.school, shift=1, rows=[(1, t(9, 0), t(8, 0))], user=cal.deputy)
    assert BellTime.objects.filter(school=cal.school).count() == 5  # unchanged
    bell_times_save(school=cal.school, shift=2, rows=[(1, t(13, 0), t(13, 45)), (2, None, None)], user=cal.deputy)
    assert list(BellTime.objects.filter(school=cal.school, shift=2).values_list("number", flat=True)) == [1]
    with pytest.raises(PermissionDenied):
        bell_times_save(school=cal.school, shift=1, rows=[], user=cal.teacher_user)


# --- views -------------------------------------------------------------------------------------

def test_class_week_for_staff_and_family(cal, log_in):
    url = reverse("journal:timetable_class", args=[cal.class_a.pk])
    for user in (cal.deputy, cal.director, cal.teacher_user, cal.other_teacher_user, cal.parent_user,
                 cal.student_user):
        response = log_in(user).get(url + "?date=2026-09-14")
        assert response.status_code == 200, user
        assert "Математика" in response.content.decode()
        assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]


def test_student_sees_only_own_class_parent_only_childrens(cal, log_in):
    url_b = reverse("journal:timetable_class", args=[cal.class_b.pk])
    assert log_in(cal.student_user).get(url_b).status_code == 404  # the student is in 5 «А»
    assert log_in(cal.parent_user).get(url_b).status_code == 200     # a child in each class
    other_parent = f.user_with_role(cal.school, "parent", "parent_a_only")
    guardian = f.GuardianFactory(school=cal.school, user=other_parent)
    f.StudentGuardianFactory(student=cal.students_a[2], guardian=guardian)
    assert log_in(other_parent).get(url_b).status_code == 404


def test_other_school_and_anonymous(cal, client, log_in):
    url = reverse("journal:timetable_class", args=[cal.class_a.pk])
    assert client.get(url).status_code == 302
    assert log_in(cal.other_school_teacher).get(url).status_code == 404
    assert log_in(cal.deputy).get(reverse("journal:timetable_class", args=[cal.other_class.pk])).status_code == 404


def test_teacher_week_across_classes(cal, log_in):
    TimetableEntry.objects.create(school=cal.school, year=cal.year, class_group=cal.class_b, weekday=2,
                                  lesson_number=4, assignment=f.TeachingAssignmentFactory(
                                      class_group=cal.class_b, teacher=cal.teacher,
                                      subject=f.SubjectFactory(school=cal.school, name_ky="Геометрия",
                                                               name_ru="Геометрия")),
                                  valid_from=cal.year.start)
    response = log_in(cal.teacher_user).get(reverse("journal:timetable_teacher") + "?date=2026-09-14")
    assert response.status_code == 200
    grid = response.context["grid"]
    cells = [(d.weekday, s.number, str(e.class_group)) for d in grid for s in d.slots for e in s.entries]
    assert (1, 1, "5 «А»") in cells and (2, 4, "5 «Б»") in cells and len(cells) == 6
    # a teacher cannot look at another teacher's week; the deputy can
    other = reverse("journal:timetable_teacher") + f"?teacher={cal.other_teacher.pk}"
    assert log_in(cal.teacher_user).get(other).context["teacher"] == cal.teacher
    assert log_in(cal.deputy).get(other).context["teacher"] == cal.other_teacher
    assert log_in(cal.parent_user).get(reverse("journal:timetable_teacher")).status_code == 403


def test_index_routes_each_role(cal, log_in):
    url = reverse("journal:timetable")
    assert log_in(cal.deputy).get(url).status_code == 200
    assert log_in(cal.teacher_user).get(url)["Location"] == reverse("journal:timetable_teacher")
    assert log_in(cal.student_user).get(url)["Location"] == reverse("journal:timetable_class", args=[cal.class_a.pk])
    assert log_in(cal.parent_user).get(url).status_code == 200  # two children, two classes: a choice


def test_edit_view_saves_and_keeps_typed_values_on_error(cal, log_in):
    url = reverse("journal:timetable_edit", args=[cal.class_a.pk])
    assert log_in(cal.teacher_user).get(url).status_code == 403
    assert log_in(cal.director).get(url).status_code == 403
    client = log_in(cal.deputy)
    assert client.get(url).status_code == 200
    data = {"valid_from": "2026-10-01", "s-1-1-a": str(cal.assignment_a.pk), "s-1-1-r": "204",
            "s-2-2-a": str(cal.assignment_b.pk), "s-2-2-r": "typed room"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["errors"]
    assert b"typed room" in response.content
    assert len(week(cal, OCT_1)) == 5  # nothing saved
    data["s-2-2-a"] = str(cal.assignment_a.pk)
    response = client.post(url, data)
    assert response.status_code == 302
    assert [(e.weekday, e.lesson_number, e.room) for e in week(cal, OCT_1)] == [(1, 1, "204"), (2, 2, "typed room")]


def test_edit_view_of_another_school_class_is_404(cal, log_in):
    url = reverse("journal:timetable_edit", args=[cal.other_class.pk])
    assert log_in(cal.deputy).get(url).status_code == 404


def test_bell_times_view(cal, log_in):
    url = reverse("journal:bell_times")
    assert log_in(cal.teacher_user).get(url).status_code == 200  # read-only
    assert log_in(cal.teacher_user).post(url, {"start-1": "08:00", "end-1": "08:45"}).status_code == 403
    response = log_in(cal.deputy).post(url, {"shift": "1", "start-1": "8:30", "end-1": "9:15", "start-2": "9:20",
                                             "end-2": "xx"})
    assert response.status_code == 200 and response.context["errors"]
    response = log_in(cal.deputy).post(url, {"shift": "1", "start-1": "08:30", "end-1": "09:15"})
    assert response.status_code == 302
    assert BellTime.objects.get(school=cal.school, number=1).start == datetime.time(8, 30)


# --- events ------------------------------------------------------------------------------------

def test_events_whole_school_and_per_class(cal, log_in):
    whole = event_save(school=cal.school, user=cal.deputy, title_ky="Билим күнү", title_ru="День знаний",
                       start=datetime.date(2026, 11, 25))
    only_b = event_save(school=cal.school, user=cal.deputy, title_ky="5 «Б» жыйын", title_ru="Собрание 5 «Б»",
                        start=datetime.date(2026, 11, 26), classes=[cal.class_b])
    url = reverse("journal:events") + "?from=2026-11-01"
    assert set(log_in(cal.student_user).get(url).context["events"]) == {whole}
    assert set(log_in(cal.parent_user).get(url).context["events"]) == {whole, only_b}
    assert set(log_in(cal.teacher_user).get(url).context["events"]) == {whole, only_b}
    # a teacher of another school sees that school's calendar, not ours
    assert not set(log_in(cal.other_school_teacher).get(url).context["events"]) & {whole, only_b}


def test_event_edit_rights(cal, log_in):
    add = reverse("journal:event_add")
    data = {"title_ky": "Спорт күнү", "title_ru": "День спорта", "start": "2026-11-27", "classes": [cal.class_a.pk]}
    assert log_in(cal.teacher_user).post(add, data).status_code == 403
    assert log_in(cal.deputy).post(add, {**data, "end": "2026-11-20"}).status_code == 200  # end before start
    assert not SchoolEvent.objects.exists()
    assert log_in(cal.deputy).post(add, data).status_code == 302
    event = SchoolEvent.objects.get()
    assert list(event.classes.all()) == [cal.class_a]
    delete = reverse("journal:event_delete", args=[event.pk])
    assert log_in(cal.teacher_user).post(delete).status_code == 403
    other_event = SchoolEvent.objects.create(school=cal.other_school, title_ky="x", title_ru="x",
                                             start=datetime.date(2026, 11, 27))
    assert log_in(cal.deputy).post(reverse("journal:event_delete", args=[other_event.pk])).status_code == 404
    assert log_in(cal.deputy).post(delete).status_code == 302
    assert not SchoolEvent.objects.filter(pk=event.pk).exists()


def test_class_week_query_count(cal, log_in, django_assert_max_num_queries):
    client = log_in(cal.deputy)
    url = reverse("journal:timetable_class", args=[cal.class_a.pk])
    client.get(url)
    with django_assert_max_num_queries(16):
        client.get(url)
