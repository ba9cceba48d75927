"""Timetable views (R-I12): a class's week (read-only for everyone who may see the class), a
teacher's week, the deputy's grid editor with clash warnings, bell times, lesson generation and
the school events calendar."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from journal.register.models import ClassGroup, StaffMember, TeachingAssignment
from portal import access
from portal.roles import Role

from ..forms_planning import GenerateLessonsForm, SchoolEventForm
from ..models import BellTime, SchoolEvent
from ..selectors import timetable as tt
from ..selectors.calendar import monday_of, today
from ..services.lesson_generation import default_range, lessons_generate
from ..services.timetable import bell_times_save, event_delete, event_save, timetable_save
from ._planning import current_year, parse_date, parse_int, private


def _week_of(request, year):
    day = parse_date(request.GET.get("date"), today())
    day = min(max(day, year.start), year.end)
    return monday_of(day), day


def _week_nav(url, monday):
    prev_week = monday - datetime.timedelta(days=7)
    next_week = monday + datetime.timedelta(days=7)
    return {"prev": f"{url}?date={prev_week:%Y-%m-%d}", "next": f"{url}?date={next_week:%Y-%m-%d}",
            "this": url, "monday": monday, "saturday": monday + datetime.timedelta(days=5)}


@private
def timetable_index(request):
    """The timetable's start: staff get the list of classes; a teacher their own week; a
    parent or a student their class."""
    school = request.school
    year = current_year(school)
    user = request.user
    roles = access.roles_of(user, school)
    if not (roles & {Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN}):
        if Role.TEACHER in roles:
            return redirect("journal:timetable_teacher")
        classes = list(access.timetable_classes_visible(user, school).filter(year=year))
        if len(classes) == 1:
            return redirect("journal:timetable_class", class_id=classes[0].pk)
        return render(request, "journal/gradebook/timetable/choose.html", {"classes": classes, "year": year})
    day = parse_date(request.GET.get("date"), today())
    classes = list(ClassGroup.objects.filter(school=school, year=year))
    clashes = tt.clashes(school=school, year=year, day=day)
    start, end = default_range(year)
    form = GenerateLessonsForm(year=year, initial={"date_from": start, "date_to": end})
    return render(request, "journal/gradebook/timetable/index.html", {
        "year": year, "classes": classes, "clashes": clashes, "day": day,
        "can_edit": access.can_edit_timetable(user, school), "generate_form": form,
        "teachers": StaffMember.objects.filter(school=school, assignments__year=year).distinct(),
    })


@private
def timetable_class(request, class_id):
    school = request.school
    class_group = access.get_or_404(
        access.timetable_classes_visible(request.user, school).select_related("year", "class_teacher"), pk=class_id
    )
    year = class_group.year
    monday, day = _week_of(request, year)
    entries = tt.entries_on(school=school, year=year, day=max(monday, year.start), class_group=class_group)
    staff = access.is_school_reader(request.user, school) or Role.TEACHER in access.roles_of(request.user, school)
    # a student, or a parent of one child in the class, sees that child's subgroups only
    family = [] if staff else list(access.diary_students(request.user, school).filter(class_group=class_group))
    if len(family) == 1:
        entries = tt.for_student(list(entries), family[0])
    grid = tt.week_grid(entries, tt.bell_map(school), monday=monday)
    url = reverse("journal:timetable_class", kwargs={"class_id": class_group.pk})
    return render(request, "journal/gradebook/timetable/class.html", {
        "class_group": class_group, "year": year, "grid": grid, "week": _week_nav(url, monday), "today": today(),
        "other_classes": access.timetable_classes_visible(request.user, school).filter(year=year) if staff else [],
        "can_edit": access.can_edit_timetable(request.user, school),
        "events": tt.events_between(school=school, start=monday, end=monday + datetime.timedelta(days=6),
                                    class_groups=[class_group]),
    })


@private
def timetable_teacher(request):
    """A teacher's own week across classes; the school's readers may pick any teacher."""
    school = request.school
    year = current_year(school)
    teachers = StaffMember.objects.filter(school=school)
    if access.is_school_reader(request.user, school):
        teacher_id = parse_int(request.GET.get("teacher"))
        me = teachers.filter(user=request.user).first()
        teacher = access.get_or_404(teachers, pk=teacher_id) if teacher_id else me
        if teacher is None:
            return redirect("journal:timetable")
    else:
        if Role.TEACHER not in access.roles_of(request.user, school):
            raise PermissionDenied
        teacher = teachers.filter(user=request.user).first()
        if teacher is None:
            raise PermissionDenied
    monday, day = _week_of(request, year)
    entries = tt.entries_on(school=school, year=year, day=max(monday, year.start), teacher=teacher)
    grid = tt.week_grid(entries, tt.bell_map(school), monday=monday)
    url = reverse("journal:timetable_teacher")
    nav = _week_nav(url, monday)
    if request.GET.get("teacher"):
        nav = {k: (v + ("&" if "?" in v else "?") + f"teacher={teacher.pk}" if isinstance(v, str) else v)
               for k, v in nav.items()}
    return render(request, "journal/gradebook/timetable/teacher.html", {
        "teacher": teacher, "year": year, "grid": grid, "week": nav, "today": today(),
        "lessons_per_week": len(list(entries)),
    })


def _slots_from_post(post, max_lessons=tt.MAX_LESSONS):
    """{(weekday, number): [(assignment_id, room), …]} from the grid form, and the raw values
    to show again if the save fails."""
    slots, raw = {}, {}
    for weekday in range(1, 7):
        for number in range(1, max_lessons + 1):
            items = []
            for suffix in ("", "2"):
                a = post.get(f"s-{weekday}-{number}-a{suffix}", "").strip()
                room = post.get(f"s-{weekday}-{number}-r{suffix}", "").strip()
                raw[f"{weekday}-{number}-a{suffix}"] = a
                raw[f"{weekday}-{number}-r{suffix}"] = room
                if a:
                    if not a.isdigit():
                        raise ValidationError(_("Choose a subject from the list."))
                    items.append((int(a), room))
            if items:
                slots[(weekday, number)] = items
    return slots, raw


def _raw_from_entries(entries):
    raw = {}
    counts = {}
    for e in entries:
        key = (e.weekday, e.lesson_number)
        suffix = "2" if counts.get(key) else ""
        counts[key] = counts.get(key, 0) + 1
        raw[f"{e.weekday}-{e.lesson_number}-a{suffix}"] = str(e.assignment_id)
        raw[f"{e.weekday}-{e.lesson_number}-r{suffix}"] = e.room
    return raw


@private
def timetable_edit(request, class_id):
    """The deputy's grid form of a class's week (6 days × 8 lessons), valid from a date."""
    school = request.school
    if not access.can_edit_timetable(request.user, school):
        raise PermissionDenied
    class_group = access.get_or_404(ClassGroup.objects.filter(school=school).select_related("year"), pk=class_id)
    year = class_group.year
    default_day = min(max(today(), year.start), year.end)
    valid_from = parse_date(request.POST.get("valid_from") or request.GET.get("date"), default_day)
    assignments = list(
        TeachingAssignment.objects.filter(class_group=class_group).select_related("subject", "teacher")
        .order_by("subject__order", "subject__name_ky", "subgroup")
    )
    errors = []
    if request.method == "POST":
        try:
            slots, raw = _slots_from_post(request.POST)
            result = timetable_save(class_group=class_group, slots=slots, valid_from=valid_from, user=request.user)
        except ValidationError as exc:
            errors = exc.messages
            raw = _raw_from_post(request.POST)
        else:
            messages.success(request, _("The timetable of %(class)s is saved (valid from %(date)s).") % {
                "class": class_group, "date": f"{valid_from:%d.%m.%Y}"})
            for clash in result["clashes"]:
                messages.warning(request, clash.message)
            if result["created"] or result["closed"] or result["deleted"]:
                messages.info(request, _("Generate the lessons again so the journal follows the new timetable."))
            url = reverse("journal:timetable_edit", kwargs={"class_id": class_group.pk})
            return redirect(f"{url}?date={valid_from:%Y-%m-%d}")
    entries = list(tt.entries_on(school=school, year=year, day=valid_from, class_group=class_group))
    if not errors:
        raw = _raw_from_entries(entries)
    clashes = tt.clashes_by_slot(tt.clashes(school=school, year=year, day=valid_from), class_group)
    bells = tt.bell_map(school)
    has_subgroups = any(a.subgroup for a in assignments)
    days = []
    for weekday in tt.WEEKDAYS:
        rows = []
        for number in range(1, tt.MAX_LESSONS + 1):
            rows.append({
                "number": number, "bell": bells.get(number),
                "a": raw.get(f"{weekday.value}-{number}-a", ""), "r": raw.get(f"{weekday.value}-{number}-r", ""),
                "a2": raw.get(f"{weekday.value}-{number}-a2", ""), "r2": raw.get(f"{weekday.value}-{number}-r2", ""),
                "clash": clashes.get((weekday.value, number), []),
            })
        days.append({"weekday": weekday.value, "label": weekday.label, "rows": rows})
    hours = tt.hours_check(assignments, entries)
    return render(request, "journal/gradebook/timetable/edit.html", {
        "class_group": class_group, "year": year, "assignments": assignments, "days": days,
        "valid_from": valid_from, "errors": errors, "hours": hours, "has_subgroups": has_subgroups,
        "other_classes": ClassGroup.objects.filter(school=school, year=year),
        "clash_count": sum(len(v) for v in clashes.values()),
        "subgroup_ids": {str(a.pk) for a in assignments if a.subgroup},
    })


def _raw_from_post(post):
    """What was typed into the grid, to show it again after a failed save."""
    raw = {}
    for key, value in post.items():
        if key.startswith("s-"):
            raw[key[2:]] = value
    return raw


@private
def bell_times(request):
    school = request.school
    can_edit = access.can_edit_timetable(request.user, school)
    shift = 2 if request.GET.get("shift") == "2" or request.POST.get("shift") == "2" else 1
    errors = []
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        rows, raw = [], {}
        for number in range(1, tt.MAX_LESSONS + 1):
            start_raw = request.POST.get(f"start-{number}", "").strip()
            end_raw = request.POST.get(f"end-{number}", "").strip()
            raw[number] = (start_raw, end_raw)
            try:
                start = datetime.datetime.strptime(start_raw, "%H:%M").time() if start_raw else None
                end = datetime.datetime.strptime(end_raw, "%H:%M").time() if end_raw else None
            except ValueError:
                errors.append(_("Lesson %(n)s: write the time as HH:MM.") % {"n": number})
                continue
            rows.append((number, start, end))
        if not errors:
            try:
                bell_times_save(school=school, shift=shift, rows=rows, user=request.user)
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, _("The bell times are saved."))
                return redirect(f"{reverse('journal:bell_times')}?shift={shift}")
        table = [{"number": n, "start": raw[n][0], "end": raw[n][1]} for n in range(1, tt.MAX_LESSONS + 1)]
    else:
        bells = tt.bell_map(school, shift)
        table = [
            {"number": n, "start": f"{bells[n].start:%H:%M}" if n in bells else "",
             "end": f"{bells[n].end:%H:%M}" if n in bells else ""}
            for n in range(1, tt.MAX_LESSONS + 1)
        ]
    return render(request, "journal/gradebook/timetable/bells.html", {
        "table": table, "shift": shift, "errors": errors, "can_edit": can_edit,
        "has_second_shift": BellTime.objects.filter(school=school, shift=2).exists(),
    })


@private
@require_POST
def generate_lessons(request):
    school = request.school
    if not access.can_edit_timetable(request.user, school):
        raise PermissionDenied
    year = current_year(school)
    form = GenerateLessonsForm(request.POST, year=year)
    if not form.is_valid():
        for error in [e for errs in form.errors.values() for e in errs]:
            messages.error(request, error)
        return redirect("journal:timetable")
    result = lessons_generate(
        school=school, year=year, date_from=form.cleaned_data["date_from"], date_to=form.cleaned_data["date_to"]
    )
    messages.success(request, _(
        "Lessons generated: %(created)s new, %(kept)s already there, %(deleted)s removed from the old timetable."
    ) % result)
    if result["kept_filled"]:
        messages.warning(request, _(
            "%(n)s lessons are no longer in the timetable but were kept because they are filled in or past: "
            "the teachers can move or cancel them."
        ) % {"n": result["kept_filled"]})
    return redirect("journal:timetable")


# --- events ------------------------------------------------------------------------------------

@private
def events(request):
    """The school events calendar: upcoming events (and the last month's) for everyone of the
    school; a parent or a student sees the whole-school events and their class's."""
    school = request.school
    year = current_year(school)
    user = request.user
    roles = access.roles_of(user, school)
    if not roles:
        raise PermissionDenied
    start = parse_date(request.GET.get("from"), today() - datetime.timedelta(days=30))
    class_groups = None
    if not (roles & {Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN, Role.TEACHER}):
        class_groups = list(access.timetable_classes_visible(user, school))
    items = tt.events_between(school=school, start=start, end=year.end + datetime.timedelta(days=92),
                              class_groups=class_groups)
    return render(request, "journal/gradebook/timetable/events.html", {
        "events": items, "today": today(), "can_edit": access.can_edit_timetable(user, school), "start": start,
    })


@private
def event_edit(request, event_id=None):
    school = request.school
    if not access.can_edit_timetable(request.user, school):
        raise PermissionDenied
    year = current_year(school)
    event = access.get_or_404(SchoolEvent.objects.filter(school=school), pk=event_id) if event_id else None
    form = SchoolEventForm(request.POST or None, instance=event, school=school, year=year)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        classes = list(data.pop("classes"))
        try:
            event_save(school=school, user=request.user, event=event, classes=classes, **data)
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                for e in errs:
                    form.add_error(field if field in form.fields else None, e)
        else:
            messages.success(request, _("The event is saved."))
            return redirect("journal:events")
    return render(request, "journal/gradebook/timetable/event_form.html", {"form": form, "event": event})


@private
@require_POST
def event_remove(request, event_id):
    school = request.school
    if not access.can_edit_timetable(request.user, school):
        raise PermissionDenied
    event = access.get_or_404(SchoolEvent.objects.filter(school=school), pk=event_id)
    event_delete(event=event, user=request.user)
    messages.success(request, _("The event is deleted."))
    return redirect("journal:events")

