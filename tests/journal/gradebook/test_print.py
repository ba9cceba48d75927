"""Printed forms (R-J21): the class journal of a subject for a period and the class's period-grade
sheet, as PDF with Kyrgyz letters, student names, signature lines; who may print what."""

import datetime
import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from journal.gradebook import factories as gf
from journal.gradebook import reports
from journal.gradebook.models import AbsenceStatus, PeriodGradeSpecial
from journal.gradebook.services.lesson_generation import lessons_generate
from journal.register import factories as f

from .planning_fixtures import cal_fixture, log_in_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(name="printed")
def printed_fixture(cal):
    """Quarter 1 of 5 «А» maths with grades, absences, topics, homework and period grades;
    a second subject (Kyrgyz language, Ң Ө Ү in names) for the sheet."""
    school = cal.school
    school.director_name = "Касенова Бактыгүл Асановна"
    school.deputy_name = "Кадырова Эльмира Бакытовна"
    school.save()
    student = cal.students_a[0]
    student.last_name, student.first_name = "Үсөнов", "Төлөгөн"
    student.save()
    lessons_generate(school=school, year=cal.year, date_from=cal.q1.start, date_to=cal.q1.end)
    lessons = list(cal.assignment_a.lessons.order_by("date", "lesson_number"))
    for i, lesson in enumerate(lessons[:3]):
        lesson.topic = ["Жаңы тема: бөлчөктөр", "Ондук бөлчөктөр", "Көбөйтүү"][i]
        lesson.homework = f"§{i + 1}, {i + 3}-көнүгүү"
        lesson.save()
    gf.GradeFactory(lesson=lessons[0], student=student, value=5)
    gf.GradeFactory(lesson=lessons[0], student=student, value=4, position=1)
    gf.GradeFactory(lesson=lessons[1], student=cal.students_a[1], value=3)
    gf.AttendanceFactory(lesson=lessons[2], student=cal.students_a[1], status=AbsenceStatus.ILL)
    kyrgyz = f.SubjectFactory(school=school, name_ky="Кыргыз тили", name_ru="Кыргызский язык", short_ky="Кырг. т.")
    kyr = f.TeachingAssignmentFactory(class_group=cal.class_a, subject=kyrgyz, teacher=cal.other_teacher,
                                      hours_per_week=3)
    values = {0: (5, 5), 1: (4, 3), 2: (3, 4), 3: (2, 4), 4: (4, None)}
    for i, (maths, kyr_value) in values.items():
        s = cal.students_a[i]
        gf.PeriodGradeFactory(period=cal.q1, assignment=cal.assignment_a, student=s, value=maths)
        if kyr_value is None:
            gf.PeriodGradeFactory(period=cal.q1, assignment=kyr, student=s, value=None,
                                  special=PeriodGradeSpecial.NOT_CERTIFIED)
        else:
            gf.PeriodGradeFactory(period=cal.q1, assignment=kyr, student=s, value=kyr_value)
    cal.kyr = kyr
    cal.star = student
    return cal


def pdf_text(data, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is not installed")
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_class_journal_pdf(printed, log_in, tmp_path):
    url = reverse("journal:print_class_journal", args=[printed.assignment_a.pk, printed.q1.pk])
    response = log_in(printed.teacher_user).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = response.content
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    assert "Үсөнов Т." in text                      # Kyrgyz letters of a name
    assert "Жаңы тема: бөлчөктөр" in text           # Ң, Ө in a topic
    assert "§1, 3-көнүгүү" in text
    assert re.search(r"Үсөнов Т\. Н\.\s+5\s*4", text)  # two grades in the first cell
    assert "Касенова Бактыгүл Асановна" in text      # signature line of the director
    for s in printed.students_a:
        assert s.short_name in text


def test_period_sheet_pdf_with_figures(printed, log_in, tmp_path):
    url = reverse("journal:print_period_sheet", args=[printed.class_a.pk, printed.q1.pk])
    response = log_in(printed.deputy).get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = pdf_text(response.content, tmp_path)
    assert "Үсөнов Т." in text and "Кырг. т." in text
    assert "Кадырова Эльмира Бакытовна" in text


def test_period_sheet_report_arithmetic(printed):
    data = reports.period_sheet(printed.class_a, printed.q1)
    by_subject = {s["subject"]: fig for s, fig in zip(data["subjects"], data["subject_figures"], strict=True)}
    maths, kyr = by_subject[printed.math], by_subject[printed.kyr.subject]
    # maths 5, 4, 3, 2, 4: pass 4/5, quality 3/5, СОУ (100 + 64·2 + 36 + 16) / 5 = 56
    assert (maths["pass_rate"], maths["quality"], maths["sou"]) == (80, 60, 56)
    # Kyrgyz 5, 3, 4, 4, н/а: pass 4/5, quality 3/5
    assert (kyr["pass_rate"], kyr["quality"]) == (80, 60)
    cls = data["class"]
    # students: (5,5) excellent; (4,3) one 3; (3,4) one 3; (2,4) failing; (4, н/а) failing
    assert cls["excellent"] == 1 and cls["one_three"] == 2 and cls["failing"] == 2
    assert cls["pass_rate"] == 60 and cls["quality"] == 20
    star = next(r for r in data["rows"] if r["student"] == printed.star)
    assert star["cells"] == ["5", "5"]
    assert star["standing"] == reports.STUDENT_EXCELLENT


def test_class_journal_report_cells(printed):
    data = reports.class_journal(printed.assignment_a, printed.q1)
    first = data["lessons"][0]
    row = next(r for r in data["rows"] if r["student"] == printed.star)
    assert row["cells"][0].grades == [5, 4]
    assert str(row["average"]) == "4.50"
    sick = next(r for r in data["rows"] if r["student"] == printed.students_a[1])
    assert sick["cells"][2].status == AbsenceStatus.ILL and sick["missed"] == 1
    assert len(data["chunks"]) == (len(data["lessons"]) + 21) // 22
    assert first.date >= printed.q1.start


def test_who_may_print(printed, log_in, client):
    journal = reverse("journal:print_class_journal", args=[printed.assignment_a.pk, printed.q1.pk])
    journal_b = reverse("journal:print_class_journal", args=[printed.assignment_b.pk, printed.q1.pk])
    sheet_b = reverse("journal:print_period_sheet", args=[printed.class_b.pk, printed.q1.pk])
    assert log_in(printed.teacher_user).get(journal_b).status_code == 404   # another teacher's class
    assert log_in(printed.teacher_user).get(sheet_b).status_code == 404
    assert log_in(printed.parent_user).get(journal).status_code == 404
    assert log_in(printed.student_user).get(journal).status_code == 404
    assert log_in(printed.other_school_teacher).get(journal).status_code == 404
    assert log_in(printed.director).get(sheet_b).status_code == 200
    client.logout()
    assert client.get(journal).status_code == 302


def test_period_of_another_year_or_grade_is_404(printed, log_in):
    other_period = f.StudyPeriodFactory(year=printed.other_class.year, number=1)
    url = reverse("journal:print_class_journal", args=[printed.assignment_a.pk, other_period.pk])
    assert log_in(printed.deputy).get(url).status_code == 404
    upper = f.StudyPeriodFactory(year=printed.year, kind="half", number=1, grade_from=10, grade_to=11,
                                 start=datetime.date(2026, 9, 1), end=datetime.date(2026, 12, 29))
    url = reverse("journal:print_period_sheet", args=[printed.class_a.pk, upper.pk])
    assert log_in(printed.deputy).get(url).status_code == 404


def test_print_index(printed, log_in):
    response = log_in(printed.teacher_user).get(reverse("journal:print_index"))
    assert response.status_code == 200
    classes = [g["class_group"] for g in response.context["groups"]]
    assert classes == [printed.class_a]
    response = log_in(printed.deputy).get(reverse("journal:print_index"))
    assert [g["class_group"] for g in response.context["groups"]] == [printed.class_a, printed.class_b]


def test_print_query_count_does_not_grow(printed, log_in, django_assert_max_num_queries):
    client = log_in(printed.deputy)
    url = reverse("journal:print_class_journal", args=[printed.assignment_a.pk, printed.q1.pk])
    client.get(url)
    with django_assert_max_num_queries(16):
        client.get(url)
    sheet = reverse("journal:print_period_sheet", args=[printed.class_a.pk, printed.q1.pk])
    with django_assert_max_num_queries(16):
        client.get(sheet)


def test_periods_print_in_order(gb, login):
    """Issue 9 §4: the print page lists the periods in the order of the year, whatever order they
    were entered in (quarter 2 was entered first)."""
    assert gb.q2.pk < gb.q1.pk
    response = login(gb.deputy).get(reverse("journal:print_index"))
    group = next(g for g in response.context["groups"] if g["class_group"] == gb.class_a)
    quarters = [p for p in group["periods"] if p.kind == "quarter"]
    assert quarters == [gb.q1, gb.q2, gb.q3, gb.q4]
    html = response.content.decode()
    positions = [html.index(reverse("journal:print_period_sheet", args=[gb.class_a.pk, p.pk])) for p in quarters]
    assert positions == sorted(positions)
