"""Forecast and early warning (R-J6): the projection against hand-worked numbers (weighted mean,
trend, too few marks, н/а), the at-risk criteria (attendance under 80 % over the last 30 school
days), the pages' access policy and a query count that does not grow with the rows."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from journal.gradebook import factories as gf
from journal.gradebook.services.period_grades import WARN_NO_WRITTEN, WARN_TOO_FEW
from journal.register import factories as f
from journal.register.models import TeachingAssignment
from journal.reports.selectors.forecast import AMBER, GREEN, RED, project, school_forecast

pytestmark = pytest.mark.django_db
D = datetime.date
AS_OF = D(2026, 12, 15)   # Q2 is 10.11–29.12.2026 (49 days): 35/49 of it has gone


# --- the projection, by hand -------------------------------------------------------------------

def test_weighted_mean_and_band_by_hand():
    # oral 4 and 5 (weight 1), control work 3 (weight 2): (4 + 5 + 2·3) / 4 = 3.75 → 4
    items = [(0.1, 4, 1, False), (0.2, 5, 1, False), (0.3, 3, 2, True)]
    fc = project(items, fraction=0.5, hours_per_week=2, held=8, total=16)
    assert fc.mean == Decimal("3.75") and fc.count == 3
    assert fc.slope is None          # 3 marks: too few for a trend
    assert fc.projected == pytest.approx(3.75)
    assert fc.value == 4
    # spread around the mean: √((0.25² + 1.25² + 2·0.75²) / 4) = 0.829; 3 marks so far, 3 to come:
    # margin = (1 − ½) · 0.829 · √(⅓ + ⅓) = 0.338 → 3.41 … 4.09 → band 3–4
    assert (fc.low, fc.high, fc.band) == (3, 4, "3–4")
    assert fc.light == GREEN
    with translation.override("en"):
        assert fc.reasons == ["Weighted mean so far: 3.75 (3 grades).", "Too few grades to see a trend."]
    assert fc.warning_codes == []    # 2 h/week: 3 needed by the end, 1 expected by now


def test_falling_trend_by_hand():
    # eight oral marks at t = 0.05 … 0.40: 5 5 4 4 4 3 3 2 (mean 3.75)
    items = [(0.05 * k, v, 1, k == 8) for k, v in enumerate((5, 5, 4, 4, 4, 3, 3, 2), start=1)]
    fc = project(items, fraction=0.5, hours_per_week=5, held=15, total=30)
    # slope: Σ(t − t̄)(v − v̄) / Σ(t − t̄)² = −0.85 / 0.105 = −8.095 a period, × 8 / (8 + 6) = −4.626
    assert fc.slope == pytest.approx(-4.626, abs=0.001)
    # projected mean: 3.75 + (1 − ½) · (−4.626) · ((1 + ½) / 2 − 0.225) = 2.536 → 3 (baseline: 4)
    assert fc.projected == pytest.approx(2.536, abs=0.001)
    assert fc.value == 3 and fc.low == 2
    assert fc.falling and fc.light == AMBER


def test_too_few_marks_for_the_weekly_hours_and_no_written_work():
    # 5 h/week: 7 marks by the end of the period; 18 of 30 lessons held → ⌊7 · 0.6⌋ = 4 expected now
    with translation.override("en"):
        fc = project([(0.2, 4, 1, False)], fraction=0.6, hours_per_week=5, held=18, total=30, missed=2, lessons=18)
        reasons = fc.reasons
    assert WARN_TOO_FEW in fc.warning_codes and WARN_NO_WRITTEN in fc.warning_codes
    assert any("Only 1 grade: at least 4 are expected by now (7 by the end" in r for r in reasons)
    assert "Missed 2 of 18 lessons so far." in reasons
    assert fc.value == 4


def test_not_certified_is_projected_when_a_mark_is_unlikely_in_the_lessons_left():
    # no mark yet, 5 lessons left; the class gets 0.3 marks per student and lesson: the chance
    # of still none is 0.7⁵ = 0.17 → no forecast yet; at 0.1 a lesson it is 0.9⁵ = 0.59 → н/а
    likely = project([], fraction=0.5, hours_per_week=2, held=5, total=10, mark_rate=0.3)
    assert likely.value is None and not likely.na and likely.light == GREEN
    late = project([], fraction=0.5, hours_per_week=2, held=5, total=10, mark_rate=0.1)
    assert late.na and late.final == "na" and late.light == RED
    # the class has no marks at all yet: nothing is projected
    assert not project([], fraction=0.5, hours_per_week=2, held=5, total=10).na
    # half the lessons missed with fewer than 3 marks
    truant = project([(0.1, 4, 1, False)], fraction=0.5, hours_per_week=2, held=6, total=12, missed=3, lessons=6)
    assert truant.na and truant.light == RED


# --- a class: attendance over the last 30 school days, figures --------------------------------

def _school_days(end, count):
    days, day = [], end
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= datetime.timedelta(days=1)
    return sorted(days)


@pytest.fixture
def forecast_school(small_school):
    """5 «А» maths (5 h/week): one lesson on each of the 35 school days up to 15.12.2026 (the first
    ones before Q2 starts on 10.11). Marks in Q2:
      a0  5 5 5 4 5 (control 5)   → projected 5
      a1  3 3 2 2 (control 2)     → weighted (3+3+2+2+2·2)/6 = 2.33 → 2, at risk
      a2  4 4 4 4 (control 4); absent on the first 5 days and on 7 of the last 30 → 76.7 %: at risk
      a3  4 4 4 4 (control 4); absent on the first 5 days and on 6 of the last 30 → 80.0 %: not
      a4  no mark and no lesson left → н/а projected
    """
    s = small_school
    oral = gf.GradeTypeFactory(school=s.school, code="oral")
    control = gf.GradeTypeFactory(school=s.school, code="control")
    days = _school_days(AS_OF, 35)
    lessons = [gf.LessonFactory(assignment=s.assignment_a, date=d) for d in days]
    in_q2 = [lesson for lesson in lessons if lesson.date >= s.period.start]
    a = s.students_a
    marks = {0: (5, 5, 5, 4, 5), 1: (3, 3, 2, 2, 2), 2: (4, 4, 4, 4, 4), 3: (4, 4, 4, 4, 4)}
    for i, values in marks.items():
        for k, value in enumerate(values):
            gf.GradeFactory(lesson=in_q2[2 + 4 * k], student=a[i], value=value,
                            grade_type=control if k == len(values) - 1 else oral)
    for lesson in lessons[:5]:
        gf.AttendanceFactory(lesson=lesson, student=a[2], status="ill")
        gf.AttendanceFactory(lesson=lesson, student=a[3], status="ill")
    for lesson in lessons[-7:]:
        gf.AttendanceFactory(lesson=lesson, student=a[2], status="unexcused")
    for lesson in lessons[-6:]:
        gf.AttendanceFactory(lesson=lesson, student=a[3], status="excused")
    gf.AttendanceFactory(lesson=lessons[-8], student=a[3], status="late")  # late is not absent
    s.lessons = lessons
    return s


def _class(s, user_assignments=None):
    assignments = user_assignments or TeachingAssignment.objects.filter(class_group=s.class_a)
    return school_forecast(school=s.school, assignments=assignments, as_of=AS_OF).classes[0]


def test_class_forecast_and_attendance_window(forecast_school):
    s = forecast_school
    c = _class(s)
    by_student = {sf.student.pk: sf for sf in c.students}
    a = s.students_a
    values = {i: by_student[a[i].pk].subjects[0] for i in range(5)}
    assert values[0].value == 5 and values[0].light == GREEN
    assert values[1].mean == Decimal("2.33") and values[1].value == 2 and values[1].light == RED
    assert values[4].na
    # 7 of the last 30 school days missed: 23 / 30 = 76.7 % (over all 35 days it would be 23 / 35)
    assert by_student[a[2].pk].attendance == Decimal("76.7") and by_student[a[2].pk].low_attendance
    # 6 of 30 missed: 80.0 % is not under 80 %; the 5 days before the window do not count
    assert by_student[a[3].pk].attendance == Decimal("80.0") and not by_student[a[3].pk].low_attendance
    assert by_student[a[0].pk].attendance == Decimal("100.0")
    at_risk = {sf.student.pk: sf.light for sf in c.at_risk}
    assert at_risk == {a[1].pk: RED, a[2].pk: AMBER, a[4].pk: RED}
    # projected figures with the achievement formulas: 5 graded, failing a1 (2) and a4 (н/а);
    # quality: a0 (5), a2 (4), a3 (4)
    assert c.figures["graded"] == 5
    assert c.figures["pass_rate"] == Decimal("60.0")
    assert c.figures["quality"] == Decimal("60.0")


def test_reasons_are_given_for_every_student_at_risk(forecast_school):
    s = forecast_school
    with translation.override("en"):
        c = _class(s)
        reasons = {sf.student.pk: sf.risk_reasons for sf in c.at_risk}
    a = s.students_a
    assert reasons[a[2].pk] == ["Attendance 76.7 % over the last 30 school days (under 80 %)."]
    assert reasons[a[1].pk] == [f"{s.math.name}: projected 2."]
    assert len(reasons[a[4].pk]) == 1 and reasons[a[4].pk][0].startswith(s.math.name)


def test_a_class_without_marks_gets_no_forecast(small_school):
    s = small_school
    first = f.ClassGroupFactory(school=s.school, year=s.year, grade=1, letter="В")
    f.StudentFactory(school=s.school, class_group=first)
    f.TeachingAssignmentFactory(class_group=first, teacher=s.teacher)
    c = school_forecast(school=s.school, assignments=TeachingAssignment.objects.filter(class_group=first),
                        as_of=AS_OF).classes[0]
    assert c.without_marks and c.students[0].subjects == [] and c.at_risk == []


# --- the pages ---------------------------------------------------------------------------------

@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr("journal.reports.views.forecast.school_today", lambda: AS_OF)


def test_deputy_sees_the_school_and_a_class(client, forecast_school, frozen):
    s = forecast_school
    client.force_login(s.deputy)
    r = client.get(reverse("journal:reports_forecast"))
    assert r.status_code == 200
    assert {c.class_group for c in r.context["forecast"].classes} == {s.class_a, s.class_b}
    r = client.get(reverse("journal:reports_forecast") + f"?class={s.class_a.pk}")
    html = r.content.decode()
    assert r.status_code == 200 and s.students_a[1].last_name in html
    card = reverse("journal:reports_student", args=[s.students_a[1].pk])
    assert card in html
    r = client.get(reverse("journal:reports_at_risk"))
    html = r.content.decode()
    assert {row.student for row in r.context["rows"]} >= {s.students_a[1], s.students_a[2], s.students_a[4]}
    assert reverse("journal:reports_student", args=[s.students_a[2].pk]) in html
    assert "76" in html  # the attendance is shown


def test_class_teacher_sees_own_class_only(client, forecast_school, frozen):
    s = forecast_school
    client.force_login(s.class_teacher_user)  # leads 5 «А», teaches nothing
    r = client.get(reverse("journal:reports_at_risk"))
    assert r.status_code == 200
    assert {row.class_group for row in r.context["rows"]} == {s.class_a}
    assert client.get(reverse("journal:reports_at_risk") + f"?class={s.class_b.pk}").status_code == 404


def test_subject_teacher_sees_only_own_subjects(client, forecast_school, frozen):
    s = forecast_school
    russian = f.SubjectFactory(school=s.school, name_ky="Орус тили", name_ru="Русский язык")
    f.TeachingAssignmentFactory(class_group=s.class_a, teacher=s.other_teacher, subject=russian)
    client.force_login(s.other_teacher_user)  # Russian in 5 «А», maths in 5 «Б»
    fc = client.get(reverse("journal:reports_forecast")).context["forecast"]
    assert fc.restricted
    subjects = {sf.assignment.subject for c in fc.classes for st in c.students for sf in st.subjects}
    assert subjects == {russian, s.math} and s.assignment_a.pk not in {
        sf.assignment.pk for c in fc.classes for st in c.students for sf in st.subjects}


@pytest.mark.parametrize("who", ["parent_user", "student_user"])
@pytest.mark.parametrize("name", ["journal:reports_forecast", "journal:reports_at_risk"])
def test_parents_and_students_are_refused(client, forecast_school, frozen, who, name):
    client.force_login(getattr(forecast_school, who))
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", ["journal:reports_forecast", "journal:reports_at_risk"])
def test_a_teacher_of_another_school_sees_nothing_of_ours(client, forecast_school, frozen, name):
    s = forecast_school
    client.force_login(s.other_school_teacher)
    r = client.get(reverse(name))
    assert r.status_code == 200 and r.context["forecast"].classes == []
    assert s.students_a[1].last_name not in r.content.decode()
    assert client.get(reverse(name) + f"?class={s.class_a.pk}").status_code == 404


def test_another_schools_class_is_not_found(client, forecast_school, frozen):
    s = forecast_school
    client.force_login(s.deputy)
    assert client.get(reverse("journal:reports_at_risk") + f"?class={s.other_class.pk}").status_code == 404


@pytest.mark.parametrize("name", ["journal:reports_forecast", "journal:reports_at_risk"])
def test_anonymous_is_sent_to_login(client, forecast_school, name):
    r = client.get(reverse(name))
    assert r.status_code == 302 and "login" in r["Location"]


def test_query_count_does_not_grow_with_classes_and_students(client, forecast_school, frozen):
    s = forecast_school
    client.force_login(s.deputy)
    client.get(reverse("journal:reports_at_risk"))  # warm up (default grade types, roles)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("journal:reports_at_risk")).status_code == 200
            assert client.get(reverse("journal:reports_forecast")).status_code == 200
        return len(ctx)

    before = count()
    oral = gf.GradeTypeFactory(school=s.school, code="oral")
    for letter in "ВГ":
        cg = f.ClassGroupFactory(school=s.school, year=s.year, grade=6, letter=letter)
        a = f.TeachingAssignmentFactory(class_group=cg, teacher=s.teacher, subject=s.math)
        lesson = gf.LessonFactory(assignment=a, date=D(2026, 12, 1))
        for _ in range(4):
            student = f.StudentFactory(school=s.school, class_group=cg)
            gf.GradeFactory(lesson=lesson, student=student, value=2, grade_type=oral)
            gf.AttendanceFactory(lesson=gf.LessonFactory(assignment=a, date=D(2026, 12, 2)), student=student)
    assert count() == before
