"""The movement report's arithmetic: start + arrived − left = end, per class and for the school."""

import datetime

import pytest

from journal.register import factories as f
from journal.register.models import MovementReason, Student
from journal.register.reports.movement import movement_report
from journal.register.services.movement import student_arrive, student_depart, student_transfer

pytestmark = pytest.mark.django_db

D = datetime.date


def newcomer(n):
    return Student(last_name=f"Жаңы{n}", first_name="Эмир", sex="m", birth_date=D(2015, 1, 1))


def row_for(report, class_group):
    return next(r for r in report.rows if r.class_group == class_group)


def assert_balanced(report):
    for row in report.rows + ([report.total] if report.total else []):
        assert row.start + row.arrived - row.left == row.end, row


def test_no_movement(small_school):
    s = small_school
    report = movement_report(school=s.school, start=D(2026, 9, 1), end=D(2027, 5, 31))
    a = row_for(report, s.class_a)
    assert (a.start, a.arrived, a.left, a.end) == (5, 0, 0, 5)
    assert (report.total.start, report.total.end) == (10, 10)
    assert s.other_class not in [r.class_group for r in report.rows]
    assert_balanced(report)


def test_arrival_departure_and_transfer(small_school):
    s = small_school
    student_arrive(student=newcomer(1), class_group=s.class_a, date=D(2026, 10, 1), reason=MovementReason.FROM_SCHOOL)
    student_depart(student=s.students_b[0], date=D(2026, 10, 2), reason=MovementReason.OTHER_SCHOOL)
    student_depart(student=s.students_b[2], date=D(2026, 10, 3), reason=MovementReason.ABROAD)
    student_transfer(student=s.students_a[3], class_group=s.class_b, date=D(2026, 10, 4))

    report = movement_report(school=s.school, start=D(2026, 9, 1), end=D(2026, 12, 31))
    a, b = row_for(report, s.class_a), row_for(report, s.class_b)
    assert (a.start, a.arrived_outside, a.arrived_internal, a.left_outside, a.left_internal, a.end) == (5, 1, 0, 0, 1, 5)
    assert (b.start, b.arrived_outside, b.arrived_internal, b.left_outside, b.left_internal, b.end) == (5, 0, 1, 2, 0, 4)
    assert b.left_by_reason == {MovementReason.OTHER_SCHOOL: 1, MovementReason.ABROAD: 1}
    # the transfer is not movement of the school
    t = report.total
    assert (t.start, t.arrived, t.left, t.end) == (10, 1, 2, 9)
    assert t.arrived_internal is None and t.left_internal is None
    assert [value for value, _label in report.reason_columns] == [MovementReason.OTHER_SCHOOL, MovementReason.ABROAD]
    assert_balanced(report)
    # the grade 5 subtotal adds both classes up, moves between them included
    grade5 = next(r for r in report.rows if r.kind == "grade")
    assert (grade5.start, grade5.arrived, grade5.left, grade5.end) == (10, 2, 3, 9)


def test_same_student_arrives_and_leaves_in_the_period(small_school):
    s = small_school
    record = student_arrive(student=newcomer(1), class_group=s.class_b, date=D(2026, 10, 1))
    student_depart(student=record.student, date=D(2026, 11, 15), reason=MovementReason.RELOCATION)
    report = movement_report(school=s.school, start=D(2026, 9, 1), end=D(2026, 12, 31))
    b = row_for(report, s.class_b)
    assert (b.start, b.arrived, b.left, b.end) == (5, 1, 1, 5)
    assert_balanced(report)
    # a period between the arrival and the departure sees them on the roll at both ends
    middle = movement_report(school=s.school, start=D(2026, 10, 10), end=D(2026, 11, 1))
    b = row_for(middle, s.class_b)
    assert (b.start, b.arrived, b.left, b.end) == (6, 0, 0, 6)


def test_periods_before_and_after_the_movement(small_school):
    s = small_school
    student_depart(student=s.students_a[2], date=D(2026, 11, 15), reason=MovementReason.OTHER_SCHOOL)
    student_transfer(student=s.students_a[3], class_group=s.class_b, date=D(2026, 12, 1))
    student_transfer(student=s.students_a[3], class_group=s.class_a, date=D(2027, 2, 1))

    before = movement_report(school=s.school, start=D(2026, 9, 1), end=D(2026, 11, 14))
    a = row_for(before, s.class_a)
    assert (a.start, a.arrived, a.left, a.end) == (5, 0, 0, 5)

    after = movement_report(school=s.school, start=D(2026, 11, 16), end=D(2027, 1, 31))
    a, b = row_for(after, s.class_a), row_for(after, s.class_b)
    assert (a.start, a.arrived, a.left, a.end) == (4, 0, 1, 3)
    assert (b.start, b.arrived, b.left, b.end) == (5, 1, 0, 6)
    assert (after.total.start, after.total.arrived, after.total.left, after.total.end) == (9, 0, 0, 9)

    # a period ending on the day of a record includes it; one starting on that day too
    day = movement_report(school=s.school, start=D(2026, 11, 15), end=D(2026, 11, 15))
    assert (day.total.start, day.total.left, day.total.end) == (10, 1, 9)
    for report in (before, after, day):
        assert_balanced(report)


def test_class_teacher_sees_only_their_class_without_school_total(small_school):
    s = small_school
    from journal.register.models import ClassGroup

    report = movement_report(school=s.school, start=D(2026, 9, 1), end=D(2026, 12, 31),
                             classes=ClassGroup.objects.filter(pk=s.class_a.pk))
    assert [r.class_group for r in report.rows] == [s.class_a]
    assert report.total is None


def test_level_subtotals_and_many_classes(small_school):
    s = small_school
    c1 = f.ClassGroupFactory(school=s.school, year=s.year, grade=1, letter="А")
    c10 = f.ClassGroupFactory(school=s.school, year=s.year, grade=10, letter="А")
    for _ in range(3):
        f.StudentFactory(school=s.school, class_group=c1)
    f.StudentFactory(school=s.school, class_group=c10)
    student_arrive(student=newcomer(1), class_group=c1, date=D(2026, 9, 2), reason=MovementReason.NEW_PUPIL)
    report = movement_report(school=s.school, start=D(2026, 9, 1), end=D(2026, 9, 30))
    levels = [r for r in report.rows if r.kind == "level"]
    assert [(r.start, r.end) for r in levels] == [(3, 4), (10, 10), (1, 1)]
    assert (report.total.start, report.total.arrived, report.total.end) == (14, 1, 15)
    assert_balanced(report)


def test_hand_edited_class_is_flagged(small_school):
    s = small_school
    student_transfer(student=s.students_a[3], class_group=s.class_b, date=D(2026, 10, 1))
    student = Student.objects.get(pk=s.students_a[3].pk)
    student.class_group = s.class_a  # changed without a record
    student.save()
    report = movement_report(school=s.school, start=D(2026, 9, 1), end=D(2026, 12, 31))
    assert report.inconsistent == [student]
    assert_balanced(report)


def test_report_query_count(small_school, django_assert_max_num_queries):
    s = small_school
    for n in range(5):
        student_arrive(student=newcomer(n), class_group=s.class_a, date=D(2026, 10, 1 + n))
    with django_assert_max_num_queries(4):
        report = movement_report(school=s.school, start=D(2026, 9, 1), end=D(2026, 12, 31))
        [r.label for r in report.rows]
