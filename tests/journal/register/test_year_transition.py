"""The new school year: preview writes nothing, confirm promotes, graduates and keeps down at once."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from journal.register import factories as f
from journal.register.models import (
    AcademicYear,
    ClassGroup,
    CurriculumHours,
    MovementKind,
    MovementRecord,
    Student,
    StudentStatus,
    StudyPeriod,
    TeachingAssignment,
)
from journal.register.reports.movement import movement_report
from journal.register.services.year_transition import (
    next_year_name,
    transition_defaults,
    year_transition_apply,
    year_transition_plan,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def school_year(small_school):
    s = small_school
    s.class_4 = f.ClassGroupFactory(school=s.school, year=s.year, grade=4, letter="А", language="ru")
    s.class_9 = f.ClassGroupFactory(school=s.school, year=s.year, grade=9, letter="А")
    s.class_11 = f.ClassGroupFactory(school=s.school, year=s.year, grade=11, letter="А")
    s.students_4 = [f.StudentFactory(school=s.school, class_group=s.class_4) for _ in range(2)]
    s.students_9 = [f.StudentFactory(school=s.school, class_group=s.class_9) for _ in range(3)]
    s.students_11 = [f.StudentFactory(school=s.school, class_group=s.class_11) for _ in range(2)]
    graduate_user = f.user_with_role(s.school, "student", "graduate")
    s.students_11[0].user = graduate_user
    s.students_11[0].save()
    s.graduate_user = graduate_user
    return s


def choices(s, **extra):
    values = {"to_name": "2027–2028", "to_start": D(2027, 9, 1), "to_end": D(2028, 5, 31),
              "order_date": D(2027, 6, 10), "order_number": "88", "repeat_ids": [], "leave_ids": [], "teachers": {}}
    values.update(extra)
    return values


def test_defaults_and_next_name(small_school):
    assert next_year_name(small_school.year) == "2027–2028"
    defaults = transition_defaults(small_school.year)
    assert defaults["to_start"] == D(2027, 9, 1) and defaults["order_date"] == D(2027, 8, 31)


def test_preview_writes_nothing(school_year):
    s = school_year
    counts = (AcademicYear.objects.count(), ClassGroup.objects.count(), MovementRecord.objects.count())
    plan = year_transition_plan(school=s.school, from_year=s.year,
                                **choices(s, repeat_ids=[s.students_a[0].pk], leave_ids=[s.students_9[0].pk]))
    assert plan.is_valid, plan.errors
    assert (plan.promoted_count, plan.repeater_count, plan.graduate_count) == (13, 1, 3)
    by_class = {cp.old: cp for cp in plan.classes}
    assert by_class[s.class_a].new_label == "6 «А»"
    assert by_class[s.class_11].new_grade is None and len(by_class[s.class_11].graduates) == 2
    assert (AcademicYear.objects.count(), ClassGroup.objects.count(), MovementRecord.objects.count()) == counts


def test_apply_promotes_graduates_and_keeps_down(school_year):
    s = school_year
    repeater, leaver = s.students_a[0], s.students_9[0]
    result = year_transition_apply(
        school=s.school, from_year=s.year, recorded_by=s.deputy,
        **choices(s, repeat_ids=[repeater.pk], leave_ids=[leaver.pk], teachers={s.class_b.pk: s.teacher.pk}),
    )
    new_year = AcademicYear.objects.get(school=s.school, is_current=True)
    assert new_year.name == "2027–2028" and result.to_year == new_year
    s.year.refresh_from_db()
    assert not s.year.is_current
    new_classes = {str(c): c for c in ClassGroup.objects.filter(year=new_year)}
    assert set(new_classes) == {"5 «А»", "6 «А»", "6 «Б»", "10 «А»"}
    assert new_classes["6 «А»"].class_teacher == s.class_teacher  # same class teacher
    assert new_classes["6 «Б»"].class_teacher == s.teacher  # changed in the form
    assert new_classes["5 «А»"].language == "ru"  # the promoted 4 «А» keeps its language

    assert Student.objects.get(pk=s.students_a[1].pk).class_group == new_classes["6 «А»"]
    assert Student.objects.get(pk=repeater.pk).class_group == new_classes["5 «А»"]  # stays in grade 5
    assert Student.objects.filter(class_group=new_classes["5 «А»"]).count() == 3
    for student in [*s.students_11, leaver]:
        student = Student.objects.get(pk=student.pk)
        assert student.status == StudentStatus.GRADUATED and student.left_on == D(2027, 6, 10)
    s.graduate_user.refresh_from_db()
    assert not s.graduate_user.is_active

    kinds = dict.fromkeys(MovementKind.values, 0)
    for kind in MovementRecord.objects.filter(school=s.school).values_list("kind", flat=True):
        kinds[kind] += 1
    assert (kinds["promotion"], kinds["repeat"], kinds["graduation"]) == (13, 1, 3)
    record = MovementRecord.objects.get(student=repeater)
    assert (record.class_from, record.class_to, record.order_number) == (s.class_a, new_classes["5 «А»"], "88")
    assert Student.objects.get(pk=s.students_a[1].pk).history.first().history_change_reason == "new school year"
    # the study periods were copied a year on
    assert StudyPeriod.objects.get(year=new_year).start == D(2027, 11, 10)
    # the other school is untouched
    assert Student.objects.get(pk=s.other_student.pk).class_group == s.other_class


def test_second_confirm_is_refused(school_year):
    s = school_year
    year_transition_apply(school=s.school, from_year=s.year, **choices(s))
    count = MovementRecord.objects.count()
    s.year.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        year_transition_apply(school=s.school, from_year=s.year, **choices(s))
    assert any("2026–2027" in m for m in error.value.messages)
    assert MovementRecord.objects.count() == count
    assert AcademicYear.objects.filter(school=s.school).count() == 2


def test_bad_choices_write_nothing(school_year):
    s = school_year
    counts = (AcademicYear.objects.count(), ClassGroup.objects.count(), MovementRecord.objects.count())
    for bad in (
        {"leave_ids": [s.students_a[1].pk]},  # only grade 9 may leave
        {"repeat_ids": [s.students_9[1].pk], "leave_ids": [s.students_9[1].pk]},
        {"repeat_ids": [s.other_student.pk]},  # another school's student
        {"to_end": D(2027, 8, 1)},
        {"to_name": "2026–2027"},
        {"teachers": {s.class_a.pk: 999999}},
    ):
        with pytest.raises(ValidationError):
            year_transition_apply(school=s.school, from_year=s.year, **choices(s, **bad))
    assert (AcademicYear.objects.count(), ClassGroup.objects.count(), MovementRecord.objects.count()) == counts
    s.year.refresh_from_db()
    assert s.year.is_current


def test_existing_next_year_is_used(school_year):
    s = school_year
    next_year = f.AcademicYearFactory(school=s.school, name="2027–2028", start=D(2027, 9, 2), end=D(2028, 5, 25),
                                      is_current=False)
    first_grade = f.ClassGroupFactory(school=s.school, year=next_year, grade=6, letter="А")
    year_transition_apply(school=s.school, from_year=s.year, **choices(s))
    next_year.refresh_from_db()
    assert next_year.is_current
    assert Student.objects.filter(class_group=first_grade).count() == 5
    assert AcademicYear.objects.filter(school=s.school).count() == 2


def test_report_across_the_transition(school_year):
    s = school_year
    year_transition_apply(school=s.school, from_year=s.year, **choices(s, order_date=D(2027, 8, 31)))
    # the old year ends with everyone in the old classes: nothing moved before 31 August
    old = movement_report(school=s.school, start=D(2026, 9, 1), end=D(2027, 5, 31))
    assert (old.total.start, old.total.arrived, old.total.left, old.total.end) == (17, 0, 0, 17)
    # the summer: the graduates left; promotions are moves inside the school
    summer = movement_report(school=s.school, start=D(2027, 6, 1), end=D(2027, 8, 31))
    assert (summer.total.start, summer.total.arrived, summer.total.left, summer.total.end) == (17, 0, 2, 15)
    for row in summer.rows + [summer.total]:
        assert row.start + row.arrived - row.left == row.end
    # the new year starts with the promoted classes
    new = movement_report(school=s.school, start=D(2027, 9, 1), end=D(2027, 12, 31))
    assert {r.label for r in new.rows if r.kind == "class"} == {"5 «А»", "6 «А»", "6 «Б»", "10 «А»"}
    assert new.total.start == 15


# --- the page -----------------------------------------------------------------------------------------



@pytest.mark.parametrize("role,status", [
    ("director", 403), ("deputy", 200), ("sysadmin", 200), ("classteacher", 403), ("teacher", 403),
    ("student", 403), ("parent", 403), ("teacher_other_school", 403),
])
def test_page_access(client, small_school, role, status):
    from portal.models import User

    client.force_login(User.objects.get(username=role))
    assert client.get(reverse("journal:year_transition")).status_code == status
    assert client.post(reverse("journal:year_transition"), {"action": "confirm"}).status_code == status
    small_school.year.refresh_from_db()
    assert small_school.year.is_current


def test_anonymous(client, small_school):
    response = client.get(reverse("journal:year_transition"))
    assert response.status_code == 302 and "login" in response["Location"]


def form_data(s, **extra):
    data = {"to_name": "2027–2028", "to_start": "2027-09-01", "to_end": "2028-05-31", "order_date": "2027-08-31",
            "order_number": "88", f"teacher_{s.class_a.pk}": str(s.class_teacher.pk)}
    data.update(extra)
    return data


def test_preview_then_confirm_in_the_browser(client, school_year):
    s = school_year
    client.force_login(s.deputy)
    url = reverse("journal:year_transition")
    page = client.get(url)
    assert page.context["form"].initial["to_name"] == "2027–2028"
    data = form_data(s, repeat=[str(s.students_a[0].pk)], leave=[str(s.students_9[0].pk)], action="preview")
    preview = client.post(url, data)
    plan = preview.context["plan"]
    assert plan.is_valid and plan.repeater_count == 1 and plan.graduate_count == 3
    assert not MovementRecord.objects.exists() and AcademicYear.objects.filter(school=s.school).count() == 1

    # the choices changed after the preview: no confirmation
    changed = dict(data, action="confirm", fingerprint=preview.context["fingerprint"], leave=[])
    response = client.post(url, changed)
    assert response.status_code == 200 and not MovementRecord.objects.exists()

    response = client.post(url, dict(data, action="confirm", fingerprint=preview.context["fingerprint"]))
    assert response.status_code == 302
    assert MovementRecord.objects.filter(kind="promotion").count() == 13
    assert AcademicYear.objects.get(school=s.school, is_current=True).name == "2027–2028"

    # a second confirmation of the same (now stale) page is refused with a clear message
    again = client.post(url, dict(data, action="confirm", fingerprint=preview.context["fingerprint"],
                                  from_year=str(s.year.pk)), follow=True)
    assert MovementRecord.objects.filter(kind="promotion").count() == 13
    with translation.override("ky"):
        expected = gettext("The classes of %(year)s have already been moved to the next year.") % {"year": s.year.name}
    assert expected in [str(m) for m in again.context["messages"]]


def test_invalid_dates_are_shown_and_nothing_written(client, school_year):
    s = school_year
    client.force_login(s.deputy)
    response = client.post(reverse("journal:year_transition"), form_data(s, to_end="2027-01-01", action="preview"))
    assert response.status_code == 200 and not response.context["plan"].is_valid
    assert not MovementRecord.objects.exists()


def test_page_query_count(client, school_year, django_assert_max_num_queries):
    s = school_year
    for cls in (s.class_a, s.class_b):
        for _ in range(10):
            f.StudentFactory(school=s.school, class_group=cls)
    client.force_login(s.deputy)
    url = reverse("journal:year_transition")
    client.get(url)
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.post(url, form_data(s, action="preview")).context["plan"].is_valid


def test_new_year_cannot_be_moved_on_before_it_starts(client, school_year, monkeypatch):
    s = school_year
    monkeypatch.setattr("journal.register.services.year_transition.timezone.localdate", lambda: D(2027, 8, 31))
    year_transition_apply(school=s.school, from_year=s.year, **choices(s))
    new_year = AcademicYear.objects.get(school=s.school, is_current=True)
    plan = year_transition_plan(school=s.school, from_year=new_year,
                                **choices(s, to_name="2028–2029", to_start=D(2028, 9, 1), to_end=D(2029, 5, 31),
                                          order_date=D(2028, 8, 31)))
    assert not plan.is_valid
    client.force_login(s.deputy)
    page = client.get(reverse("journal:year_transition"))
    assert page.context["blocked"] and page.context["year"] is None
    # once the year has begun, the next transition is possible again
    monkeypatch.setattr("journal.register.services.year_transition.timezone.localdate", lambda: D(2027, 9, 2))
    assert client.get(reverse("journal:year_transition")).context["year"] == new_year


# --- issue 9 §6: teaching assignments copied as a draft, new grade-1 classes ----------------------------------


@pytest.fixture
def with_first_grade(school_year):
    s = school_year
    s.class_1a = f.ClassGroupFactory(school=s.school, year=s.year, grade=1, letter="А", language="ru")
    s.class_1b = f.ClassGroupFactory(school=s.school, year=s.year, grade=1, letter="Б", language="ky")
    s.english = f.SubjectFactory(school=s.school, name_ky="Англис тили", name_ru="Английский язык")
    s.english_1 = f.TeachingAssignmentFactory(class_group=s.class_a, teacher=s.other_teacher, subject=s.english,
                                              subgroup=1)
    s.english_2 = f.TeachingAssignmentFactory(class_group=s.class_a, teacher=s.class_teacher, subject=s.english,
                                              subgroup=2)
    s.math_11 = f.TeachingAssignmentFactory(class_group=s.class_11, teacher=s.teacher, subject=s.math)
    return s


def test_plan_drafts_assignments_and_first_grade(with_first_grade):
    s = with_first_grade
    count = TeachingAssignment.objects.count()
    plan = year_transition_plan(school=s.school, from_year=s.year, **choices(s))
    assert plan.is_valid, plan.errors
    drafts = {(d.new_label, d.old.subject_id, d.old.subgroup): d for d in plan.assignments}
    # 5 «А» → 6 «А» keeps its math teacher and both English subgroups; grade 11 graduates: nothing copied
    assert set(drafts) == {("6 «А»", s.math.pk, 0), ("6 «Б»", s.math.pk, 0),
                           ("6 «А»", s.english.pk, 1), ("6 «А»", s.english.pk, 2)}
    assert drafts[("6 «А»", s.math.pk, 0)].old.teacher == s.teacher
    assert all(d.copied for d in plan.assignments)
    # by default the new grade 1 has this year's grade-1 letters, each in its language
    assert [(d.label, d.language) for d in plan.first_grade] == [("1 «А»", "ru"), ("1 «Б»", "ky")]
    assert TeachingAssignment.objects.count() == count  # the preview writes nothing


def test_apply_copies_the_confirmed_draft_and_creates_first_grade(with_first_grade):
    s = with_first_grade
    CurriculumHours.objects.create(school=s.school, year=s.year, grade=6, subject=s.math, hours_per_week=5)
    CurriculumHours.objects.create(school=s.school, year=s.year, grade=6, subject=s.english, hours_per_week=3)
    s.other_teacher.is_active = False  # left the school: the 6 «Б» math and English 1 are not copied
    s.other_teacher.save()
    result = year_transition_apply(school=s.school, from_year=s.year, recorded_by=s.deputy,
                                   **choices(s, skip_assignment_ids={s.english_2.pk}, first_grade_letters=["А", "В"]))
    new_year = result.to_year
    new = {str(c): c for c in ClassGroup.objects.filter(year=new_year)}
    assert {"1 «А»", "1 «В»", "2 «А»", "2 «Б»"} <= set(new) and "1 «Б»" not in new
    assert new["1 «А»"].language == "ru" and new["1 «В»"].language == "ru"  # the letter's, else grade 1's first
    copied = list(TeachingAssignment.objects.filter(year=new_year).values_list(
        "class_group__grade", "class_group__letter", "subject_id", "subgroup", "teacher_id", "hours_per_week"))
    assert copied == [(6, "А", s.math.pk, 0, s.teacher.pk, 5)]  # curriculum hours of grade 6
    assert result.assignments_created == 1
    # this year's assignments stay as they were
    assert TeachingAssignment.objects.filter(year=s.year).count() == 5


def test_no_first_grade_and_bad_letters(with_first_grade):
    s = with_first_grade
    plan = year_transition_plan(school=s.school, from_year=s.year, **choices(s, first_grade_letters=[]))
    assert plan.is_valid and plan.first_grade == []
    for bad in (["А", "А"], ["1"], ["АБВГ"]):
        plan = year_transition_plan(school=s.school, from_year=s.year, **choices(s, first_grade_letters=bad))
        assert not plan.is_valid
    counts = (ClassGroup.objects.count(), TeachingAssignment.objects.count())
    with pytest.raises(ValidationError):
        year_transition_apply(school=s.school, from_year=s.year, **choices(s, first_grade_letters=["А", "А"]))
    assert (ClassGroup.objects.count(), TeachingAssignment.objects.count()) == counts


def test_existing_class_keeps_its_assignment(with_first_grade):
    s = with_first_grade
    next_year = f.AcademicYearFactory(school=s.school, name="2027–2028", start=D(2027, 9, 1), end=D(2028, 5, 31),
                                      is_current=False)
    six_a = f.ClassGroupFactory(school=s.school, year=next_year, grade=6, letter="А")
    f.TeachingAssignmentFactory(class_group=six_a, teacher=s.other_teacher, subject=s.math)
    plan = year_transition_plan(school=s.school, from_year=s.year, **choices(s))
    reasons = {(d.new_label, d.old.subject_id, d.old.subgroup): d.reason for d in plan.assignments}
    assert reasons[("6 «А»", s.math.pk, 0)] and not reasons[("6 «Б»", s.math.pk, 0)]
    year_transition_apply(school=s.school, from_year=s.year, **choices(s))
    assert TeachingAssignment.objects.get(class_group=six_a, subject=s.math).teacher == s.other_teacher


def test_page_shows_the_draft_and_confirms_what_was_ticked(client, with_first_grade):
    s = with_first_grade
    client.force_login(s.deputy)
    url = reverse("journal:year_transition")
    page = client.get(url)
    assert page.context["form"].initial["first_grade_letters"] == "А Б"
    data = form_data(s, first_grade_letters="а, б в", action="preview")
    preview = client.post(url, data)
    html = preview.content.decode()
    assert [d.label for d in preview.context["plan"].first_grade] == ["1 «А»", "1 «Б»", "1 «В»"]
    assert f'name="copy_assignment" value="{s.english_2.pk}" checked' in html
    assert not TeachingAssignment.objects.filter(year__name="2027–2028").exists()
    # the deputy unticks English (subgroup 2): the confirmation is refused until previewed again
    ticked = [str(a) for a in (s.assignment_a.pk, s.assignment_b.pk, s.english_1.pk)]
    untick = dict(data, action="confirm", fingerprint=preview.context["fingerprint"], assignments_reviewed="1",
                  copy_assignment=ticked)
    again = client.post(url, untick)
    assert again.status_code == 200 and not AcademicYear.objects.filter(name="2027–2028").exists()
    assert f'name="copy_assignment" value="{s.english_2.pk}">' in again.content.decode()
    done = client.post(url, dict(untick, fingerprint=again.context["fingerprint"]))
    assert done.status_code == 302
    new_year = AcademicYear.objects.get(school=s.school, is_current=True)
    assert set(TeachingAssignment.objects.filter(year=new_year).values_list("subject_id", "subgroup")) == {
        (s.math.pk, 0), (s.english.pk, 1)}
    assert TeachingAssignment.objects.filter(year=new_year).count() == 3
    assert ClassGroup.objects.filter(year=new_year, grade=1).count() == 3
