"""Lessons from the timetable: one lesson per timetable entry per school day (R-I12).

Idempotent: a lesson is identified by (assignment, date, lesson number); running again
creates only what is missing. When the timetable changed, lessons that are no longer in it are
removed only if they lie in the future (from today) and nobody has touched them — no grades,
no absences, no topic, no homework, no comment, attendance not taken, not moved, cancelled or
substituted, never edited (`updated_by` empty and `version` 1). Filled lessons are never deleted.
"""

from collections import defaultdict

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from ..models import Attendance, Grade, Lesson, LessonStatus, TimetableEntry
from ..selectors.calendar import YearCalendar
from ..selectors.calendar import today as local_today

BATCH = 2000


def untouched_lessons(queryset):
    """The lessons of the queryset that nobody has filled or edited (safe to regenerate)."""
    return (
        queryset.filter(
            status=LessonStatus.PLANNED, topic="", homework="", homework_file="", comment="",
            plan_topic__isnull=True, substitute_teacher__isnull=True, attendance_taken=False,
            updated_by__isnull=True, version=1, grade_type__isnull=True,
        )
        .exclude(Exists(Grade.objects.filter(lesson=OuterRef("pk"))))
        .exclude(Exists(Attendance.objects.filter(lesson=OuterRef("pk"))))
    )


def expected_lessons(*, school, year, date_from, date_to, class_groups=None, calendar=None):
    """{(assignment_id, date, lesson_number)} the timetable asks for between the dates."""
    calendar = calendar or YearCalendar(year)
    entries = TimetableEntry.objects.filter(school=school, year=year, valid_from__lte=date_to).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=date_from)
    )
    if class_groups is not None:
        entries = entries.filter(class_group__in=class_groups)
    by_class = defaultdict(lambda: defaultdict(list))
    grade_of = {}
    for row in entries.values(
        "class_group_id", "class_group__grade", "weekday", "lesson_number", "assignment_id", "valid_from", "valid_to"
    ):
        by_class[row["class_group_id"]][row["weekday"]].append(row)
        grade_of[row["class_group_id"]] = row["class_group__grade"]
    days_of_grade = {}
    expected = set()
    for class_id, by_weekday in by_class.items():
        grade = grade_of[class_id]
        if grade not in days_of_grade:
            days_of_grade[grade] = calendar.school_days(grade, date_from, date_to)
        for day in days_of_grade[grade]:
            for row in by_weekday.get(day.isoweekday(), ()):
                if row["valid_from"] <= day and (row["valid_to"] is None or row["valid_to"] >= day):
                    expected.add((row["assignment_id"], day, row["lesson_number"]))
    return expected


@transaction.atomic
def lessons_generate(*, school, year, date_from=None, date_to=None, class_groups=None, today=None):
    """Create the lessons the timetable asks for between the dates (default: the whole year)
    and remove untouched future lessons it no longer asks for.

    Returns {"created", "deleted", "kept", "kept_filled"}: kept_filled counts lessons that are
    not in the timetable any more but were kept because they are filled or in the past."""
    start = max(date_from or year.start, year.start)
    end = min(date_to or year.end, year.end)
    today = today or local_today()
    if end < start:
        return {"created": 0, "deleted": 0, "kept": 0, "kept_filled": 0}
    expected = expected_lessons(
        school=school, year=year, date_from=start, date_to=end, class_groups=class_groups
    )
    existing = Lesson.objects.filter(school=school, assignment__year=year, date__range=(start, end))
    if class_groups is not None:
        existing = existing.filter(assignment__class_group__in=class_groups)
    have = {}
    for pk, assignment_id, day, number in existing.values_list("pk", "assignment_id", "date", "lesson_number"):
        have.setdefault((assignment_id, day, number), pk)
    missing = sorted(expected - have.keys(), key=lambda k: (k[1], k[0], k[2]))
    Lesson.objects.bulk_create(
        [
            Lesson(school=school, assignment_id=a, date=day, lesson_number=n, status=LessonStatus.PLANNED)
            for a, day, n in missing
        ],
        batch_size=BATCH,
    )
    first_deletable = max(start, today)
    stale = [pk for key, pk in have.items() if key not in expected and key[1] >= first_deletable]
    stale_total = sum(1 for key in have if key not in expected)
    deleted = 0
    for i in range(0, len(stale), BATCH):
        chunk = untouched_lessons(Lesson.objects.filter(pk__in=stale[i:i + BATCH]))
        ids = list(chunk.values_list("pk", flat=True))
        Lesson.objects.filter(pk__in=ids).delete()
        deleted += len(ids)
    return {
        "created": len(missing),
        "deleted": deleted,
        "kept": len(have) - stale_total,
        "kept_filled": stale_total - deleted,
    }


def default_range(year, today=None):
    """The range the deputy's button generates by default: from today (or the year start,
    before the year begins) to the end of the year."""
    today = today or local_today()
    start = min(max(today, year.start), year.end)
    return start, year.end

