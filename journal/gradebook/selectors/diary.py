"""Reads of the diary of a student (R-J7): the week (lessons, topics, homework, grades,
absences), grades by subject for a study period, and the attendance summary. Each view costs a
fixed number of queries."""

import datetime
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from journal.register.models import TeachingAssignment
from journal.register.selectors.subgroups import student_subgroups

from ..models import (
    AbsenceStatus,
    Attendance,
    Grade,
    Lesson,
    LessonStatus,
    PeriodGrade,
    PeriodGradeKind,
    Weekday,
)
from ..reports import ABSENCE_MARKS, average, final_label
from .calendar import YearCalendar
from .timetable import bell_map, events_between


def student_assignments(student):
    """The teaching assignments of the student's class that concern the student: whole-class
    subjects, and of a split subject the subgroups in which the student has a grade or an
    absence (all of them while there is none)."""
    if student.class_group_id is None:
        return []
    assignments = list(
        TeachingAssignment.objects.filter(class_group_id=student.class_group_id)
        .select_related("subject", "teacher")
        .order_by("subject__order", "subject__name_ky", "subgroup")
    )
    split = [a.pk for a in assignments if a.subgroup]
    if not split:
        return assignments
    from journal.register.models import SubgroupMembership

    mine_by_subject = student_subgroups(student)
    divided = set(SubgroupMembership.objects.filter(class_group_id=student.class_group_id)
                  .values_list("subject_id", flat=True).distinct())
    if divided:  # subjects the deputy has split: the student's own subgroup only
        assignments = [a for a in assignments
                       if not a.subgroup or a.subject_id not in divided or mine_by_subject.get(a.subject_id) == a.subgroup]
        split = [a.pk for a in assignments if a.subgroup and a.subject_id not in divided]
        if not split:
            return assignments
    mine = set(
        Grade.objects.filter(student=student, lesson__assignment_id__in=split)
        .values_list("lesson__assignment_id", flat=True).distinct()
    ) | set(
        Attendance.objects.filter(student=student, lesson__assignment_id__in=split)
        .values_list("lesson__assignment_id", flat=True).distinct()
    )
    subjects_known = {a.subject_id for a in assignments if a.pk in mine}
    return [a for a in assignments if not a.subgroup or a.pk in mine or a.subject_id not in subjects_known]


def _grade_label(grade):
    t = grade.grade_type
    return {"value": grade.value, "type": t.name if t else "", "short": (t.short_ky or t.short_ru) if t else "",
            "comment": grade.comment, "is_written": bool(t and t.is_written)}


def diary_week(student, monday, *, school):
    """The week Monday–Saturday of a student: days with lessons (time, subject, teacher, topic,
    homework and its file, the student's grades and absence) and the events of the week."""
    saturday = monday + datetime.timedelta(days=5)
    assignments = student_assignments(student)
    by_id = {a.pk: a for a in assignments}
    lessons = list(
        Lesson.objects.filter(assignment_id__in=list(by_id), date__range=(monday, saturday))
        .select_related("plan_topic", "substitute_teacher")
        .order_by("date", "lesson_number", "pk")
    )
    ids = [lesson.pk for lesson in lessons]
    grades = defaultdict(list)
    for g in Grade.objects.filter(student=student, lesson_id__in=ids).select_related("grade_type").order_by("position"):
        grades[g.lesson_id].append(_grade_label(g))
    absences = {a.lesson_id: a for a in Attendance.objects.filter(student=student, lesson_id__in=ids)}
    bells = bell_map(school)
    days = []
    for offset in range(6):
        day = monday + datetime.timedelta(days=offset)
        items = []
        for lesson in (x for x in lessons if x.date == day):
            a = by_id[lesson.assignment_id]
            absence = absences.get(lesson.pk)
            items.append({
                "lesson": lesson,
                "assignment": a,
                "subject": a.subject,
                "teacher": lesson.substitute_teacher or a.teacher,
                "bell": bells.get(lesson.lesson_number),
                "topic": lesson.topic or (lesson.plan_topic.title if lesson.plan_topic_id else ""),
                "homework": lesson.homework,
                "homework_file": lesson.homework_file if lesson.homework_file else None,
                "grades": grades.get(lesson.pk, []),
                "absence": {"status": absence.status, "label": absence.get_status_display(),
                            "mark": ABSENCE_MARKS.get(absence.status, "")} if absence else None,
                "cancelled": lesson.status == LessonStatus.CANCELLED,
            })
        if items or offset < 5:
            days.append({"date": day, "label": Weekday(day.isoweekday()).label, "lessons": items})
    events = list(events_between(school=school, start=monday, end=saturday + datetime.timedelta(days=1),
                                 class_groups=[student.class_group_id]))
    for d in days:
        d["events"] = [e for e in events if e.start <= d["date"] <= (e.end or e.start)]
    return {"days": days, "monday": monday, "saturday": saturday,
            "grades_count": sum(len(v) for v in grades.values()), "absences_count": len(absences)}


def weighted_average(grades):
    """Average weighted by the grade types' weights (control and written work count more)."""
    total = Decimal(0)
    weight = Decimal(0)
    for g in grades:
        w = Decimal(g.grade_type.weight if g.grade_type else 1)
        total += w * g.value
        weight += w
    if not weight:
        return None
    return (total / weight).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def diary_grades(student, period, year):
    """Grades by subject for a study period: per subject the grades (date, value, type), the
    plain and weighted averages, and the period grades of every period of the year."""
    assignments = student_assignments(student)
    calendar = YearCalendar(year)
    grade_level = student.class_group.grade if student.class_group_id else 1
    periods = [p for p in calendar.periods if p.covers_grade(grade_level)]
    periods.sort(key=lambda p: (p.kind == "year", p.start))
    grades = defaultdict(list)
    if period is not None:
        for g in (
            Grade.objects.filter(
                student=student, lesson__assignment_id__in=[a.pk for a in assignments],
                lesson__date__range=(period.start, period.end),
            ).select_related("grade_type", "lesson").order_by("lesson__date", "lesson__lesson_number", "position")
        ):
            grades[g.lesson.assignment_id].append(g)
    finals = {}
    for pg in PeriodGrade.objects.filter(student=student, period__in=periods, kind=PeriodGradeKind.PERIOD):
        finals[(pg.assignment_id, pg.period_id)] = pg
    subjects = []
    for a in assignments:
        items = grades.get(a.pk, [])
        subjects.append({
            "assignment": a,
            "subject": a.subject,
            "grades": [{"date": g.lesson.date, **_grade_label(g)} for g in items],
            "average": average([g.value for g in items]),
            "weighted": weighted_average(items),
            "finals": [(p, final_label(finals.get((a.pk, p.pk)))) for p in periods],
        })
    return {"subjects": subjects, "periods": periods, "period": period}


def diary_attendance(student, year):
    """Absences and late arrivals of the year: per study period and status, per subject, and
    the list of the latest ones."""
    calendar = YearCalendar(year)
    grade_level = student.class_group.grade if student.class_group_id else 1
    periods = calendar.periods_for(grade_level)
    records = list(
        Attendance.objects.filter(student=student, lesson__date__range=(year.start, year.end))
        .filter(~Q(lesson__status=LessonStatus.CANCELLED))
        .select_related("lesson__assignment__subject")
        .order_by("-lesson__date", "-lesson__lesson_number")
    )
    statuses = list(AbsenceStatus)
    per_period = []
    for p in periods:
        counts = Counter(r.status for r in records if p.start <= r.lesson.date <= p.end)
        per_period.append({"period": p, "pairs": [(s, counts.get(s, 0)) for s in statuses],
                           "any": any(counts.values()),
                           "missed": sum(counts.get(s, 0) for s in statuses if s != AbsenceStatus.LATE)})
    totals = Counter(r.status for r in records)
    per_subject = Counter(r.lesson.assignment.subject for r in records if r.status != AbsenceStatus.LATE)
    return {
        "statuses": statuses,
        "per_period": per_period,
        "totals": [(s, totals.get(s, 0)) for s in statuses],
        "missed": sum(totals.get(s, 0) for s in statuses if s != AbsenceStatus.LATE),
        "per_subject": sorted(per_subject.items(), key=lambda kv: (-kv[1], kv[0].order)),
        "recent": records[:30],
    }
