"""Achievement per subject and per teacher, and the student's grade card: figures against the
hand-worked school of test_achievement.py, access for every role, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from journal.gradebook import factories as gf
from journal.gradebook.models import AbsenceStatus, LessonStatus
from journal.register import factories as f
from journal.register.models import ClassGroup
from journal.reports.selectors import subject_summary
from portal import access

pytestmark = pytest.mark.django_db


def _summary(s, user=None):
    assignments = access.report_assignments(user, s.school) if user else None
    classes = access.report_classes(user, s.school) if user else ClassGroup.objects.all()
    return subject_summary(school=s.school, period=s.period, classes=classes, assignments=assignments)


def test_per_subject(report_school):
    s = report_school
    summary = _summary(s)
    maths, russian = (next(r for r in summary.by_subject if r.subject == subj) for subj in (s.math, s.russian))
    # maths: 5 «А» 5 5 4 2 (exempt) 4 and 5 «Б» 5 4 3 3 → 9 grades
    assert (maths.graded, maths.fives, maths.fours, maths.threes, maths.twos, maths.not_certified) == (9, 3, 3, 2, 1, 0)
    assert str(maths.pass_rate) == "88.9"    # 8 / 9
    assert str(maths.quality) == "66.7"      # 6 / 9
    assert str(maths.sou) == "64.4"          # (300 + 192 + 72 + 16) / 9 = 64.44
    assert str(maths.average) == "3.89"      # 35 / 9
    # russian: 5 4 3 4 н/а 4 → 6 grades
    assert (russian.graded, russian.fours, russian.not_certified) == (6, 3, 1)
    assert str(russian.pass_rate) == "83.3"  # 5 / 6
    assert str(russian.quality) == "66.7"    # 4 / 6
    assert str(russian.average) == "4.00"    # 20 / 5
    assert summary.total.graded == 15
    classes = {c for r in summary.by_subject for c in r.classes}   # class ids
    assert s.class_a.pk in classes and s.first.pk not in classes   # 1 «А» is without marks


def test_per_teacher(report_school):
    s = report_school
    summary = _summary(s)
    subtotals = {subtotal.teacher: (subtotal, items) for subtotal, items in summary.by_teacher}
    teacher_total, teacher_items = subtotals[s.teacher]
    assert [i.class_group for i in teacher_items] == [s.class_a]
    assert teacher_total.graded == 5
    other_total, other_items = subtotals[s.other_teacher]   # maths in 5 «Б», Russian in 5 «А»
    assert {(i.class_group, i.subject) for i in other_items} == {(s.class_a, s.russian), (s.class_b, s.math)}
    assert other_total.graded == 10
    assert str(other_total.quality) == "60.0"   # 5 4 of 5 «Б» and 5 4 4 4 of Russian: 6 of 10


def test_teacher_sees_own_subjects_class_teacher_all_of_the_class(report_school):
    s = report_school
    mine = _summary(s, s.teacher_user)
    assert [r.subject for r in mine.by_subject] == [s.math]
    assert mine.total.graded == 5                      # only 5 «А» maths
    lead = _summary(s, s.class_teacher_user)           # class teacher of 5 «А», teaches nothing
    assert {r.subject for r in lead.by_subject} == {s.math, s.russian}
    assert lead.total.graded == 11
    assert _summary(s, s.parent_user).total is None


def test_queries_constant(report_school):
    s = report_school
    with CaptureQueriesContext(connection) as few:
        _summary(s)
    for letter in "ВГД":
        cg = f.ClassGroupFactory(school=s.school, year=s.year, grade=6, letter=letter)
        a = f.TeachingAssignmentFactory(class_group=cg, teacher=s.teacher, subject=s.math)
        for _ in range(3):
            gf.PeriodGradeFactory(assignment=a, period=s.period, student=f.StudentFactory(school=s.school, class_group=cg))
    with CaptureQueriesContext(connection) as many:
        _summary(s)
    assert len(many) == len(few)


def test_views_and_exports(client, report_school):
    s = report_school
    client.force_login(s.deputy)
    r = client.get(reverse("journal:reports_subjects"), {"period": s.period.pk})
    assert r.status_code == 200 and r.context["summary"].total.graded == 15
    pdf = client.get(reverse("journal:reports_subjects_pdf"), {"period": s.period.pk})
    assert pdf.content[:4] == b"%PDF"
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(client.get(reverse("journal:reports_subjects_xlsx"), {"period": s.period.pk}).content))
    rows = {row[0]: row for row in book.worksheets[0].iter_rows(min_row=5, values_only=True) if row and row[0]}
    assert rows[s.math.name][1:6] == (9, 3, 3, 2, 1)


@pytest.mark.parametrize("who", ["parent_user", "student_user", "other_school_teacher"])
def test_subject_views_refused(client, report_school, who):
    s = report_school
    client.force_login(getattr(s, who))
    for name in ("journal:reports_subjects", "journal:reports_subjects_pdf", "journal:reports_subjects_xlsx"):
        assert client.get(reverse(name), {"period": s.period.pk}).status_code in (403, 404)
    assert client.get(reverse("journal:reports_student", args=[s.students_a[0].pk])).status_code in (403, 404)


def test_grade_card(client, report_school):
    s = report_school
    student = s.students_a[2]
    lesson = gf.LessonFactory(assignment=s.assignment_a, status=LessonStatus.HELD)
    gf.GradeFactory(lesson=lesson, student=student, value=4)
    gf.AttendanceFactory(lesson=gf.LessonFactory(assignment=s.ru_a, status=LessonStatus.HELD, lesson_number=2),
                         student=student, status=AbsenceStatus.ILL)
    client.force_login(s.deputy)
    r = client.get(reverse("journal:reports_student", args=[student.pk]), {"period": s.period.pk})
    assert r.status_code == 200
    subjects = {row["subject"]: row for row in r.context["data"]["subjects"]}
    assert [g["value"] for g in subjects[s.math]["grades"]] == [4]
    assert subjects[s.russian]["missed"] == 1 and r.context["missed"] == 1
    assert "3" in [label for _p, label in subjects[s.russian]["finals"]]
    # the subject teacher sees only maths; the class teacher everything; another class's teacher nothing
    client.force_login(s.teacher_user)
    r = client.get(reverse("journal:reports_student", args=[student.pk]), {"period": s.period.pk})
    assert [row["subject"] for row in r.context["data"]["subjects"]] == [s.math] and r.context["restricted"]
    client.force_login(s.class_teacher_user)
    r = client.get(reverse("journal:reports_student", args=[student.pk]), {"period": s.period.pk})
    assert len(r.context["data"]["subjects"]) == 2 and not r.context["restricted"]
    other = f.user_with_role(s.school, "teacher", "teacher_c")
    cg = f.ClassGroupFactory(school=s.school, year=s.year, grade=7, letter="В")
    f.TeachingAssignmentFactory(class_group=cg, teacher=f.StaffMemberFactory(school=s.school, user=other), subject=s.math)
    client.force_login(other)
    assert client.get(reverse("journal:reports_student", args=[student.pk])).status_code == 404
    client.force_login(s.deputy)
    assert client.get(reverse("journal:reports_student", args=[s.other_student.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("journal:reports_student", args=[student.pk])).status_code == 302
