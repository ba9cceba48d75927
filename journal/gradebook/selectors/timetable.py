"""Reads of the timetable: a class's week, a teacher's week, clashes, bell times, events."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from ..models import BellTime, SchoolEvent, TimetableEntry, Weekday

MAX_LESSONS = 8
WEEKDAYS = list(Weekday)


def valid_on(day):
    """Q for timetable entries valid on the day."""
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def entries_on(*, school, year, day, class_group=None, teacher=None):
    """Timetable entries valid on the day (subject, teacher and class loaded in the query)."""
    qs = TimetableEntry.objects.filter(school=school, year=year).filter(valid_on(day))
    if class_group is not None:
        qs = qs.filter(class_group=class_group)
    if teacher is not None:
        qs = qs.filter(assignment__teacher=teacher)
    return qs.select_related(
        "class_group", "assignment__subject", "assignment__teacher"
    ).order_by("weekday", "lesson_number", "assignment__subgroup", "pk")


def for_student(entries, student):
    """A student's own lessons among their class's entries: of a split subject only the lessons
    of the student's subgroup (a subject not split yet in the class keeps all its lessons)."""
    from journal.register.models import SubgroupMembership

    rows = SubgroupMembership.objects.filter(class_group_id=student.class_group_id).values_list(
        "subject_id", "student_id", "number")
    split, mine = set(), {}
    for subject_id, student_id, number in rows:
        split.add(subject_id)
        if student_id == student.pk:
            mine[subject_id] = number
    return [e for e in entries
            if not e.assignment.subgroup or e.assignment.subject_id not in split
            or mine.get(e.assignment.subject_id) == e.assignment.subgroup]


def bell_map(school, shift=1):
    """{lesson number: BellTime} of a shift."""
    return {b.number: b for b in BellTime.objects.filter(school=school, shift=shift)}


@dataclass
class Slot:
    number: int
    bell: object = None
    entries: list = field(default_factory=list)
    clash: list = field(default_factory=list)


@dataclass
class Day:
    weekday: int
    label: str
    date: datetime.date | None
    slots: list


def week_grid(entries, bells, *, monday=None, max_lessons=None, days=None):
    """Arrange entries into days × lesson numbers. `days`: ISO weekdays to show (default:
    Monday–Friday, plus Saturday when any entry falls on it). Lesson numbers run to the last
    used one (at least 5, at most MAX_LESSONS unless entries go further)."""
    entries = list(entries)
    by_slot = defaultdict(list)
    for entry in entries:
        by_slot[(entry.weekday, entry.lesson_number)].append(entry)
    last = max([e.lesson_number for e in entries] + [5])
    count = max_lessons or last
    if days is None:
        days = [1, 2, 3, 4, 5] + ([6] if any(e.weekday == 6 for e in entries) else [])
    grid = []
    for weekday in days:
        date = monday + datetime.timedelta(days=weekday - 1) if monday else None
        slots = [Slot(number=n, bell=bells.get(n), entries=by_slot.get((weekday, n), [])) for n in range(1, count + 1)]
        grid.append(Day(weekday=weekday, label=Weekday(weekday).label, date=date, slots=slots))
    return grid


@dataclass
class Clash:
    kind: str  # "teacher" or "room"
    weekday: int
    lesson_number: int
    what: str
    entries: list

    @property
    def message(self):
        classes = ", ".join(sorted({str(e.class_group) for e in self.entries}))
        day = Weekday(self.weekday).label
        if self.kind == "teacher":
            return _("%(day)s, lesson %(n)s: teacher %(teacher)s is in %(classes)s at the same time.") % {
                "day": day, "n": self.lesson_number, "teacher": self.what, "classes": classes}
        return _("%(day)s, lesson %(n)s: room %(room)s is used by %(classes)s at the same time.") % {
            "day": day, "n": self.lesson_number, "room": self.what, "classes": classes}


def clashes(*, school, year, day):
    """Clashes in the timetable valid on the day: a teacher in two places at once (two classes,
    or two subgroups), a room used twice. One query."""
    entries = list(entries_on(school=school, year=year, day=day))
    by_teacher = defaultdict(list)
    by_room = defaultdict(list)
    for entry in entries:
        key = (entry.weekday, entry.lesson_number)
        by_teacher[(*key, entry.assignment.teacher_id)].append(entry)
        room = entry.room.strip().lower()
        if room:
            by_room[(*key, room)].append(entry)
    found = []
    for (weekday, number, _teacher), group in by_teacher.items():
        if len(group) > 1:
            found.append(Clash("teacher", weekday, number, group[0].assignment.teacher.short_name, group))
    for (weekday, number, _room), group in by_room.items():
        # the same room for two subgroups of one class with one teacher is still two groups
        if len({(e.class_group_id, e.assignment_id) for e in group}) > 1:
            found.append(Clash("room", weekday, number, group[0].room, group))
    found.sort(key=lambda c: (c.weekday, c.lesson_number, c.kind))
    return found


def clashes_by_slot(clash_list, class_group):
    """{(weekday, number): [message…]} of the clashes that touch the class."""
    result = defaultdict(list)
    for clash in clash_list:
        if any(e.class_group_id == class_group.pk for e in clash.entries):
            result[(clash.weekday, clash.lesson_number)].append(clash.message)
    return result


def hours_check(assignments, entries):
    """Per assignment of a class: lessons a week in the timetable vs the assignment's hours."""
    counts = defaultdict(int)
    for entry in entries:
        counts[entry.assignment_id] += 1
    rows = []
    for assignment in assignments:
        planned = assignment.hours_per_week
        scheduled = counts.get(assignment.pk, 0)
        rows.append({
            "assignment": assignment,
            "hours": planned,
            "scheduled": scheduled,
            # half hours (0.5) are taught every other week: allow rounding either way
            "ok": abs(scheduled - float(planned)) < 1,
        })
    return rows


def events_between(*, school, start, end, class_groups=None):
    """School events overlapping the dates. `class_groups`: only events for the whole school
    or for one of these classes (None: all events)."""
    qs = SchoolEvent.objects.filter(school=school, start__lte=end).filter(
        Q(end__isnull=True, start__gte=start) | Q(end__gte=start)
    )
    if class_groups is not None:
        qs = qs.filter(Q(classes__isnull=True) | Q(classes__in=class_groups)).distinct()
    return qs.prefetch_related("classes").order_by("start", "time", "pk")
