"""Issue 9 §1: a student who left mid-period stays in the grid (marked as left) for the dates they
were in the class; a student who arrived appears from the arrival date; lessons outside their time
in the class take no input."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from journal.gradebook.selectors.grid import journal_grid
from journal.gradebook.services.grades import grade_set
from journal.register.models import MovementReason, Student
from journal.register.services.movement import student_arrive, student_depart

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def moved(gb):
    """Lessons of 5 «А» maths on 10, 11, 12, 13, 16, 17 November; one student leaves on the 12th,
    a new one arrives on the 13th."""
    leaver = gb.students_a[2]
    student_depart(student=leaver, date=D(2026, 11, 12), reason=MovementReason.OTHER_SCHOOL)
    newcomer = Student(last_name="Жаңыбаев", first_name="Нурбек", sex="m")
    student_arrive(student=newcomer, class_group=gb.class_a, date=D(2026, 11, 13), reason=MovementReason.NEW_PUPIL)
    gb.leaver, gb.newcomer = leaver, newcomer
    return gb


def _row(grid, student):
    return next(r for r in grid.rows if r.student.pk == student.pk)


def test_leaver_stays_for_the_dates_in_the_class_and_newcomer_appears_from_arrival(moved):
    grid = journal_grid(assignment=moved.assignment_a, period=moved.q2)
    leaver, newcomer = _row(grid, moved.leaver), _row(grid, moved.newcomer)
    assert leaver.left and not newcomer.left
    dates = [c.lesson.date.day for c in grid.columns]
    assert dates == [10, 11, 12, 13, 16, 17]
    assert [c.off for c in leaver.cells] == [False, False, False, True, True, True]
    assert [c.off for c in newcomer.cells] == [True, True, True, False, False, False]
    assert len(grid.rows) == 6  # five who were there + the newcomer


def test_marks_outside_the_time_in_the_class_are_refused(moved, school_day):
    school_day(D(2026, 12, 7))
    by = moved.teacher_user
    lessons = {lesson.date.day: lesson for lesson in moved.lessons}
    with pytest.raises(ValidationError, match="12"):
        grade_set(lesson=lessons[13], student=moved.leaver, value=5, by=by)
    with pytest.raises(ValidationError, match="13"):
        grade_set(lesson=lessons[11], student=moved.newcomer, value=5, by=by)
    grade_set(lesson=lessons[12], student=moved.leaver, value=4, by=by)  # the last day in the class
    grade_set(lesson=lessons[13], student=moved.newcomer, value=5, by=by)


def test_grid_page_marks_the_leaver_and_disables_cells(moved, login):
    page = login(moved.teacher_user).get(reverse("journal:grid", args=[moved.assignment_a.pk]), {"period": moved.q2.pk})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'class="is-left"' in html and "12.11" in html and "13.11" in html
    assert html.count('data-off="1"') == 6
