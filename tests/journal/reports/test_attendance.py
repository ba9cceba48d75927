"""The attendance report: figures against a small school worked out by hand (subgroups, an arrival
in the dates, lateness, whole days), the dates chosen freely, exports, access and query count."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journal.gradebook import factories as gf
from journal.gradebook.models import AbsenceStatus, LessonStatus
from journal.register import factories as f
from journal.register.models import ClassGroup, MovementReason, Student, SubgroupMembership
from journal.register.services.movement import student_arrive
from journal.reports.selectors import attendance_report

pytestmark = pytest.mark.django_db

D = datetime.date
HELD = LessonStatus.HELD


def _lesson(assignment, day, number=1, status=HELD):
    return gf.LessonFactory(assignment=assignment, date=D(2026, 11, day), lesson_number=number, status=status)


def _absent(lesson, student, status):
    return gf.AttendanceFactory(lesson=lesson, student=student, status=status)


@pytest.fixture
def att_school(small_school):
    """5 «А» in quarter 2. Held lessons: maths 10.11 (two), 11.11 (one), maths 12.11 is only
    planned; English split in two subgroups (a0, a1 in 1; a2, a3, a4 in 2): group 1 on 11.11,
    group 2 on 11.11 and 13.11. A newcomer arrives on 11.11 (in no subgroup yet).

        student   lessons  absences                                 days  attendance
        a0        3 + 1    ill at both maths of 10.11               1     2/4 = 50.0 (under 80)
        a1        3 + 1    —                                        0     100.0
        a2        3 + 2    unexcused maths 11.11, late English 11.11 0     4/5 = 80.0
        a3        3 + 2    excused English 13.11                    1     4/5 = 80.0
        a4        3 + 2    —                                        0     100.0
        newcomer  1        —                                        0     100.0
        5 «А»     24       missed 4 (ill 2, excused 1, unexcused 1), late 1, days 2: 20/24 = 83.3
    5 «Б»: one held maths lesson on 10.11, b0 ill → 5 lessons, 1 missed, 80.0.
    School: 29 lessons, 5 missed → 24/29 = 82.8."""
    s = small_school
    english = f.SubjectFactory(school=s.school, name_ky="Англис тили", name_ru="Английский язык")
    en1 = f.TeachingAssignmentFactory(class_group=s.class_a, teacher=s.teacher, subject=english, subgroup=1)
    en2 = f.TeachingAssignmentFactory(class_group=s.class_a, teacher=s.other_teacher, subject=english, subgroup=2)
    for student, number in zip(s.students_a, (1, 1, 2, 2, 2), strict=True):
        SubgroupMembership.objects.create(school=s.school, class_group=s.class_a, subject=english,
                                          student=student, number=number)
    m10a, m10b, m11 = _lesson(s.assignment_a, 10, 1), _lesson(s.assignment_a, 10, 2), _lesson(s.assignment_a, 11, 1)
    planned = _lesson(s.assignment_a, 12, 1, status=LessonStatus.PLANNED)
    _lesson(en1, 11, 2)
    e2_11, e2_13 = _lesson(en2, 11, 3), _lesson(en2, 13, 1)
    a = s.students_a
    _absent(m10a, a[0], AbsenceStatus.ILL)
    _absent(m10b, a[0], AbsenceStatus.ILL)
    _absent(m11, a[2], AbsenceStatus.UNEXCUSED)
    _absent(e2_11, a[2], AbsenceStatus.LATE)
    _absent(e2_13, a[3], AbsenceStatus.EXCUSED)
    _absent(planned, a[1], AbsenceStatus.UNEXCUSED)   # a lesson not held does not count
    b10 = _lesson(s.assignment_b, 10, 1)
    _absent(b10, s.students_b[0], AbsenceStatus.ILL)
    newcomer = student_arrive(student=Student(last_name="Жаңы", first_name="Эмир", sex="m", birth_date=D(2015, 1, 1)),
                              class_group=s.class_a, date=D(2026, 11, 11), reason=MovementReason.FROM_SCHOOL).student
    s.english, s.newcomer = english, newcomer
    return s


Q2 = (D(2026, 11, 10), D(2026, 12, 29))


def _report(s, start=Q2[0], end=Q2[1], classes=None):
    return attendance_report(school=s.school, start=start, end=end,
                             classes=classes if classes is not None else ClassGroup.objects.all())


def _student_row(report, student):
    return next(r for rows in report.students_of.values() for r in rows if r.student.pk == student.pk)


def test_students_figures(att_school):
    s = att_school
    report = _report(s)
    a = s.students_a
    expect = {
        a[0].pk: (4, 2, 2, 0, 0, 0, 1, Decimal("50.0"), True),
        a[1].pk: (4, 0, 0, 0, 0, 0, 0, Decimal("100.0"), False),
        a[2].pk: (5, 1, 0, 0, 1, 1, 0, Decimal("80.0"), False),
        a[3].pk: (5, 1, 0, 1, 0, 0, 1, Decimal("80.0"), False),
        a[4].pk: (5, 0, 0, 0, 0, 0, 0, Decimal("100.0"), False),
        s.newcomer.pk: (1, 0, 0, 0, 0, 0, 0, Decimal("100.0"), False),
    }
    for student_id, figures in expect.items():
        row = _student_row(report, Student(pk=student_id))
        got = (row.lessons, row.missed, row.ill, row.excused, row.unexcused, row.late, row.days, row.attendance, row.low)
        assert got == figures, row.label


def test_class_and_school_totals(att_school):
    s = att_school
    report = _report(s)
    a, b = report.class_rows[0], report.class_rows[1]
    assert a.class_group == s.class_a and a.students == 6
    assert (a.lessons, a.missed, a.ill, a.excused, a.unexcused, a.late, a.days) == (24, 4, 2, 1, 1, 1, 2)
    assert a.attendance == Decimal("83.3")
    assert (b.lessons, b.missed, b.attendance) == (5, 1, Decimal("80.0"))
    assert (report.total.lessons, report.total.missed, report.total.attendance) == (29, 5, Decimal("82.8"))
    assert [r.student for r in report.top[:2]] == [s.students_a[0], s.students_a[2]]


def test_a_class_without_lessons_has_no_rate_and_leaves_the_total_alone(att_school):
    s = att_school
    empty = f.ClassGroupFactory(school=s.school, year=s.year, grade=6, letter="В")   # no lesson held yet
    for _ in range(2):
        f.StudentFactory(school=s.school, class_group=empty)
    report = _report(s)
    row = next(r for r in report.class_rows if r.class_group == empty)
    assert (row.students, row.lessons, row.missed, row.days) == (2, 0, 0, 0)
    assert row.attendance is None                 # not 0 % and not 100 %
    assert (report.total.lessons, report.total.missed, report.total.attendance) == (29, 5, Decimal("82.8"))


def test_any_dates(att_school):
    s = att_school
    report = _report(s, start=D(2026, 11, 11), end=D(2026, 11, 11))
    a0 = _student_row(report, s.students_a[0])
    assert (a0.lessons, a0.missed) == (2, 0)   # maths and English group 1 on 11.11
    assert report.class_rows[0].missed == 1    # a2's unexcused maths


def test_not_split_yet_subject_counts_for_everyone(att_school):
    s = att_school
    SubgroupMembership.objects.all().delete()
    a0 = _student_row(_report(s), s.students_a[0])
    assert a0.lessons == 6   # 3 maths + 3 English lessons of both groups: the class is not split


def test_queries_do_not_grow(att_school):
    s = att_school
    with CaptureQueriesContext(connection) as few:
        _report(s)
    for letter in "ВГД":
        cg = f.ClassGroupFactory(school=s.school, year=s.year, grade=6, letter=letter)
        assignment = f.TeachingAssignmentFactory(class_group=cg, teacher=s.teacher, subject=s.math)
        lesson = _lesson(assignment, 10)
        for _ in range(3):
            _absent(lesson, f.StudentFactory(school=s.school, class_group=cg), AbsenceStatus.ILL)
    with CaptureQueriesContext(connection) as many:
        report = _report(s)
    assert len(report.class_rows) == 5
    assert len(many) == len(few)


# --- views --------------------------------------------------------------------------------------

def _get(client, name, **params):
    return client.get(reverse(name), params)


def test_deputy_screen_class_drill_down_and_exports(client, att_school):
    from openpyxl import load_workbook

    s = att_school
    client.force_login(s.deputy)
    r = _get(client, "journal:reports_attendance", period=s.period.pk)
    assert r.status_code == 200
    assert r.context["report"].total.missed == 5
    html = r.content.decode()
    assert "83,3" in html or "83.3" in html
    one = _get(client, "journal:reports_attendance", period=s.period.pk, **{"class": s.class_a.pk})
    assert [row.student for row in one.context["students"]][:1] and one.context["one_class"].missed == 4
    assert s.students_a[0].last_name in one.content.decode()
    pdf = _get(client, "journal:reports_attendance_pdf", period=s.period.pk, **{"class": s.class_a.pk})
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    xlsx = _get(client, "journal:reports_attendance_xlsx", period=s.period.pk)
    book = load_workbook(BytesIO(xlsx.content))
    classes, students = book.worksheets
    row_a = next(row for row in classes.iter_rows(min_row=5, values_only=True) if row[0] == str(s.class_a))
    assert row_a[1:10] == (6, 24, 4, 2, 1, 1, 1, 2, pytest.approx(83.3))
    assert students.max_row == 4 + 6 + 5   # header rows + 5 «А» + 5 «Б»


def test_dates_chosen_and_bad_dates_explained(client, att_school):
    s = att_school
    client.force_login(s.deputy)
    r = _get(client, "journal:reports_attendance", period=s.period.pk, start="2026-11-11", end="2026-11-11")
    assert (r.context["report"].start, r.context["report"].end) == (D(2026, 11, 11), D(2026, 11, 11))
    for start, end in (("2026-11-12", "2026-11-11"), ("11.11.2026", ""), ("2020-01-01", "2026-11-11")):
        r = _get(client, "journal:reports_attendance", period=s.period.pk, start=start, end=end)
        assert r.status_code == 200
        assert r.context["report"].start == s.period.start   # falls back to the period
        assert any(m.level_tag == "error" for m in r.context["messages"])


def test_teacher_sees_only_their_classes(client, att_school):
    s = att_school
    client.force_login(s.other_teacher_user)   # maths in 5 «Б», English group 2 in 5 «А»
    r = _get(client, "journal:reports_attendance", period=s.period.pk)
    assert {row.class_group for row in r.context["report"].class_rows} == {s.class_a, s.class_b}
    client.force_login(s.class_teacher_user)   # class teacher of 5 «А», teaches nothing
    r = _get(client, "journal:reports_attendance", period=s.period.pk)
    assert [row.class_group for row in r.context["report"].class_rows] == [s.class_a]
    assert _get(client, "journal:reports_attendance", period=s.period.pk, **{"class": s.class_b.pk}).status_code == 404


@pytest.mark.parametrize("who", ["parent_user", "student_user", "other_school_teacher"])
def test_parent_student_other_school_refused(client, att_school, who):
    s = att_school
    client.force_login(getattr(s, who))
    for name in ("journal:reports_attendance", "journal:reports_attendance_pdf", "journal:reports_attendance_xlsx"):
        assert _get(client, name, period=s.period.pk).status_code in (403, 404), (who, name)


def test_other_schools_class_and_anonymous(client, att_school):
    s = att_school
    r = _get(client, "journal:reports_attendance", period=s.period.pk)
    assert r.status_code == 302 and "login" in r["Location"]
    client.force_login(s.deputy)
    assert _get(client, "journal:reports_attendance", period=s.period.pk,
                **{"class": s.other_class.pk}).status_code == 404
