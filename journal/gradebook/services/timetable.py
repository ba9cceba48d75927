"""Writes of the timetable (R-I12): a class's weekly timetable, bell times, school events.

The timetable changes during the year, so entries carry a validity range. Saving a class's
week "from a date" closes the entries that change on the day before and creates new ones from
that date on; entries that stay the same are kept as they are.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from journal.register.models import TeachingAssignment
from portal import access
from portal.public_cache import purge_school

from ..models import BellTime, SchoolEvent, TimetableEntry
from ..selectors.timetable import MAX_LESSONS, clashes, valid_on

MAX_PER_SLOT = 2  # a split lesson: two subgroups at the same time


def _check_slots(class_group, slots):
    """Validate {(weekday, number): [(assignment_id, room), …]}; returns the assignments by id."""
    assignments = {
        a.pk: a for a in TeachingAssignment.objects.filter(class_group=class_group).select_related("subject")
    }
    errors = []
    for (weekday, number), items in sorted(slots.items()):
        where = _("day %(day)s, lesson %(n)s") % {"day": weekday, "n": number}
        if not 1 <= weekday <= 6 or not 1 <= number <= MAX_LESSONS:
            errors.append(_("%(where)s: no such day or lesson number.") % {"where": where})
            continue
        ids = [a for a, _room in items]
        if len(items) > MAX_PER_SLOT:
            errors.append(_("%(where)s: at most two subgroups at a time.") % {"where": where})
        if len(set(ids)) != len(ids):
            errors.append(_("%(where)s: the same subject is entered twice.") % {"where": where})
        unknown = [a for a in ids if a not in assignments]
        if unknown:
            errors.append(_("%(where)s: the subject is not taught in this class.") % {"where": where})
            continue
        if len(items) > 1:
            chosen = [assignments[a] for a in ids]
            if any(a.subgroup == 0 for a in chosen) or len({a.subgroup for a in chosen}) != len(chosen):
                errors.append(
                    _("%(where)s: two subjects at the same time are only possible for different subgroups.")
                    % {"where": where}
                )
        for _a, room in items:
            if len(room) > 20:
                errors.append(_("%(where)s: the room is too long (at most 20 characters).") % {"where": where})
    if errors:
        raise ValidationError(errors)
    return assignments


@transaction.atomic
def timetable_save(*, class_group, slots, valid_from, user):
    """Save a class's week from `valid_from` on.

    slots: {(weekday, lesson_number): [(assignment_id, room), …]} — the whole week; a slot
    missing from it is a free period. Returns {"created", "closed", "deleted", "kept",
    "clashes"} where clashes are the warnings (teacher or room twice at once) that touch
    this class. Entries that started after `valid_from` are replaced by the new week."""
    school = class_group.school
    if not access.can_edit_timetable(user, school):
        raise PermissionDenied
    year = class_group.year
    if not year.start <= valid_from <= year.end:
        raise ValidationError(
            _("The date must be within the academic year (%(start)s – %(end)s).")
            % {"start": f"{year.start:%d.%m.%Y}", "end": f"{year.end:%d.%m.%Y}"}
        )
    slots = {
        key: [(int(a), (room or "").strip()) for a, room in items]
        for key, items in slots.items()
        if items
    }
    _check_slots(class_group, slots)

    wanted = {(w, n, a, room) for (w, n), items in slots.items() for a, room in items}
    entries = TimetableEntry.objects.filter(class_group=class_group, year=year)
    later = entries.filter(valid_from__gt=valid_from)
    deleted = later.count()
    later.delete()
    kept = closed = 0
    the_day_before = valid_from - datetime.timedelta(days=1)
    for entry in entries.filter(valid_on(valid_from)):
        key = (entry.weekday, entry.lesson_number, entry.assignment_id, entry.room)
        if key in wanted:
            wanted.discard(key)
            if entry.valid_to is not None:
                entry.valid_to = None
                entry.save(update_fields=["valid_to"])
            kept += 1
        elif entry.valid_from >= valid_from:
            entry.delete()
            deleted += 1
        else:
            entry.valid_to = the_day_before
            entry.save(update_fields=["valid_to"])
            closed += 1
    new = []
    for weekday, number, assignment_id, room in sorted(wanted):
        entry = TimetableEntry(
            school=school, year=year, class_group=class_group, weekday=weekday, lesson_number=number,
            assignment_id=assignment_id, room=room, valid_from=valid_from,
        )
        entry.full_clean(exclude=["school", "year", "class_group", "assignment"])
        new.append(entry)
    TimetableEntry.objects.bulk_create(new)
    purge_school(school)  # the public school week: a bulk insert sends no signal
    warnings = [
        c for c in clashes(school=school, year=year, day=valid_from)
        if any(e.class_group_id == class_group.pk for e in c.entries)
    ]
    return {"created": len(new), "closed": closed, "deleted": deleted, "kept": kept, "clashes": warnings}


@transaction.atomic
def bell_times_save(*, school, shift, rows, user):
    """Replace a shift's bell times. rows: [(number, start, end)] with times or None (a row
    with no times is dropped)."""
    if not access.can_edit_timetable(user, school):
        raise PermissionDenied
    errors = []
    clean = []
    previous_end = None
    for number, start, end in rows:
        if start is None and end is None:
            continue
        if start is None or end is None:
            errors.append(_("Lesson %(n)s: enter both the start and the end.") % {"n": number})
            continue
        if end <= start:
            errors.append(_("Lesson %(n)s: the end must be after the start.") % {"n": number})
        if previous_end is not None and start < previous_end:
            errors.append(_("Lesson %(n)s starts before the previous lesson ends.") % {"n": number})
        previous_end = end
        clean.append(BellTime(school=school, shift=shift, number=number, start=start, end=end))
    if errors:
        raise ValidationError(errors)
    BellTime.objects.filter(school=school, shift=shift).delete()
    for bell in clean:
        bell.full_clean(validate_unique=False)
    BellTime.objects.bulk_create(clean)
    purge_school(school)  # the public bell schedule: a bulk insert sends no signal
    return clean


@transaction.atomic
def event_save(*, school, user, event=None, classes=(), **fields):
    """Create (event=None) or update a school event."""
    if not access.can_edit_timetable(user, school):
        raise PermissionDenied
    if event is None:
        event = SchoolEvent(school=school)
    elif event.school_id != school.pk:
        raise PermissionDenied
    for name, value in fields.items():
        setattr(event, name, value)
    if event.end and event.end < event.start:
        raise ValidationError({"end": _("The end must not be before the start.")})
    event.full_clean()
    event.save()
    if any(c.school_id != school.pk for c in classes):
        raise PermissionDenied
    event.classes.set(classes)
    return event


@transaction.atomic
def event_delete(*, event, user):
    if not access.can_edit_timetable(user, event.school):
        raise PermissionDenied
    event.delete()
