"""The diary of parents and students (R-J7): the week, grades by subject, attendance.

A parent sees only their own children (`access.diary_students`), a student only themself;
guessing another student's id gives 404. Mobile first: most parents use a phone."""

import datetime

from django.shortcuts import render
from django.urls import reverse

from journal.register.models import StudyPeriod
from portal import access

from ..selectors.calendar import YearCalendar, monday_of, today
from ..selectors.diary import diary_attendance, diary_grades, diary_week
from ._planning import current_year, parse_date, parse_int, private

SESSION_KEY = "diary_student"


def _students(request):
    return list(
        access.diary_students(request.user, request.school)
        .select_related("class_group__year")
        .order_by("sort_key", "pk")
    )


def _context(request, students, student, tab):
    return {
        "students": students, "student": student, "tab": tab,
        "tabs": [
            ("week", reverse("journal:diary_student", kwargs={"student_id": student.pk})),
            ("grades", reverse("journal:diary_grades", kwargs={"student_id": student.pk})),
            ("attendance", reverse("journal:diary_attendance", kwargs={"student_id": student.pk})),
        ],
    }


def _pick(request, student_id):
    students = _students(request)
    student = access.get_or_404(
        access.diary_students(request.user, request.school).select_related("class_group__year"), pk=student_id
    )
    request.session[SESSION_KEY] = student.pk
    return students, student


def _week(request, students, student):
    year = student.class_group.year if student.class_group_id else current_year(request.school)
    day = parse_date(request.GET.get("date"), today())
    monday = monday_of(day)
    url = reverse("journal:diary_student", kwargs={"student_id": student.pk})
    week = diary_week(student, monday, school=request.school) if student.class_group_id else None
    return render(request, "journal/gradebook/diary/week.html", {
        **_context(request, students, student, "week"), "week": week, "today": today(), "year": year,
        "prev": f"{url}?date={monday - datetime.timedelta(days=7):%Y-%m-%d}",
        "next": f"{url}?date={monday + datetime.timedelta(days=7):%Y-%m-%d}",
        "this_week": url, "monday": monday, "saturday": monday + datetime.timedelta(days=5),
        "is_this_week": monday == monday_of(today()),
    })


@private
def diary(request):
    """The diary's start: the week of the child last looked at (or the first one)."""
    students = _students(request)
    if not students:
        return render(request, "journal/gradebook/diary/empty.html", {})
    remembered = parse_int(request.session.get(SESSION_KEY))
    student = next((s for s in students if s.pk == remembered), students[0])
    return _week(request, students, student)


@private
def diary_student(request, student_id):
    students, student = _pick(request, student_id)
    return _week(request, students, student)


@private
def diary_grades_view(request, student_id):
    students, student = _pick(request, student_id)
    period = None
    if student.class_group_id:
        year = student.class_group.year
        grade_level = student.class_group.grade
        period_id = parse_int(request.GET.get("period"))
        if period_id:
            period = access.get_or_404(
                StudyPeriod.objects.filter(year=year, grade_from__lte=grade_level, grade_to__gte=grade_level),
                pk=period_id,
            )
        else:
            period = YearCalendar(year).period_on(min(max(today(), year.start), year.end), grade_level)
        data = diary_grades(student, period, year)
    else:
        data = None
    return render(request, "journal/gradebook/diary/grades.html", {
        **_context(request, students, student, "grades"), "data": data, "period": period,
        "choices": [p for p in (data["periods"] if data else []) if p.kind != "year"],
    })


@private
def diary_attendance_view(request, student_id):
    students, student = _pick(request, student_id)
    data = diary_attendance(student, student.class_group.year) if student.class_group_id else None
    return render(request, "journal/gradebook/diary/attendance.html", {
        **_context(request, students, student, "attendance"), "data": data,
    })
