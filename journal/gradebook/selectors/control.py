"""The fill control of the class journal (R-J13, section 5 of issue 4): for the deputy and the
director, per teacher and teaching assignment, over a date range —

- lessons held in the range (not cancelled, up to today),
- of them without a topic, without homework, without attendance taken,
- students with too few grades in the current study period (R-J20, pro-rated by the share of
  the period's lessons already held; thresholds in gradebook/rules.py),
- plan progress: plan topics due by the end of the range (by their planned date) vs topics
  given (distinct plan topics of the lessons, plus lessons with a topic typed by hand).

Everything is aggregated in the database: a fixed number of queries for the whole school.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Q

from journal.register.models import StudentStatus, TeachingAssignment

from ..models import AssessmentRule, Grade, Lesson, LessonStatus, PlanTopic
from ..rules import min_grades_by_progress, min_grades_for_hours
from .calendar import YearCalendar, today

DEFAULT_DAYS = 14


def default_range(on_date=None):
    """The last two weeks up to today."""
    end = on_date or today()
    return end - datetime.timedelta(days=DEFAULT_DAYS - 1), end


@dataclass
class ControlRow:
    assignment: object
    lessons: int = 0
    no_topic: int = 0
    no_homework: int = 0
    no_attendance: int = 0
    students: int = 0
    few_grades: int = 0
    min_grades: int = 0         # the pro-rated minimum the students are checked against
    min_grades_period: int = 0  # the full minimum for the period
    period: object = None
    plan_due: int = 0           # plan topics with a planned date up to the end of the range
    plan_given: int = 0         # topics given up to the end of the range (see topics_given)
    has_plan: bool = False
    marks: bool = True          # the class's scale has marks in the period

    @property
    def teacher(self):
        return self.assignment.teacher

    @property
    def behind(self):
        return max(self.plan_due - self.plan_given, 0) if self.has_plan else 0

    @property
    def problems(self):
        return self.no_topic + self.no_homework + self.no_attendance + self.few_grades + self.behind + (
            0 if self.has_plan else 1
        )


SORT_KEYS = {
    "teacher": lambda r: (r.teacher.last_name, r.teacher.first_name, r.assignment.class_group.grade,
                          r.assignment.class_group.letter, r.assignment.subject.order),
    "class": lambda r: (r.assignment.class_group.grade, r.assignment.class_group.letter, r.assignment.subject.order),
    "subject": lambda r: (r.assignment.subject.order, r.assignment.subject.name, r.assignment.class_group.grade,
                          r.assignment.class_group.letter),
    "lessons": lambda r: r.lessons,
    "no_topic": lambda r: r.no_topic,
    "no_homework": lambda r: r.no_homework,
    "no_attendance": lambda r: r.no_attendance,
    "few_grades": lambda r: r.few_grades,
    "behind": lambda r: r.behind,
    "problems": lambda r: r.problems,
}


def fill_control(*, school, year, date_from, date_to, on_date=None, teacher=None, class_group=None, sort="teacher"):
    """ControlRow per teaching assignment of the year (filtered by teacher / class), sorted by
    `sort` (a key of SORT_KEYS, "-" in front for descending)."""
    on_date = on_date or today()
    due_end = min(date_to, on_date)
    assignments = TeachingAssignment.objects.filter(school=school, year=year).select_related(
        "teacher", "class_group", "subject"
    )
    if teacher is not None:
        assignments = assignments.filter(teacher=teacher)
    if class_group is not None:
        assignments = assignments.filter(class_group=class_group)
    rows = {a.pk: ControlRow(assignment=a) for a in assignments}
    if not rows:
        return []
    ids = list(rows)
    not_cancelled = ~Q(status=LessonStatus.CANCELLED)
    lessons = Lesson.objects.filter(school=school, assignment__year=year).filter(not_cancelled)
    if teacher is not None:
        lessons = lessons.filter(assignment__teacher=teacher)
    if class_group is not None:
        lessons = lessons.filter(assignment__class_group=class_group)

    # 1. lessons of the range and what is missing in them
    if date_from <= due_end:
        for row in (
            lessons.filter(date__range=(date_from, due_end))
            .values("assignment")
            .annotate(
                total=Count("pk"),
                no_topic=Count("pk", filter=Q(topic="", plan_topic__isnull=True)),
                no_homework=Count("pk", filter=Q(homework="") & (Q(homework_file="") | Q(homework_file__isnull=True))),
                no_attendance=Count("pk", filter=Q(attendance_taken=False)),
            )
            .order_by()
        ):
            r = rows.get(row["assignment"])
            if r:
                r.lessons, r.no_topic = row["total"], row["no_topic"]
                r.no_homework, r.no_attendance = row["no_homework"], row["no_attendance"]

    # 2. plan progress up to the end of the range
    plans = PlanTopic.objects.filter(assignment_id__in=ids)
    for row in plans.values("assignment").annotate(n=Count("pk")).order_by():
        rows[row["assignment"]].has_plan = row["n"] > 0
    for row in plans.filter(planned_date__lte=due_end).values("assignment").annotate(n=Count("pk")).order_by():
        rows[row["assignment"]].plan_due = row["n"]
    for row in lessons.filter(date__lte=due_end).values("assignment").annotate(n=topics_given()).order_by():
        if row["assignment"] in rows:
            rows[row["assignment"]].plan_given = row["n"]

    # 3. students with too few grades in the study period that contains the end of the range
    _few_grades(rows, school=school, year=year, due_end=due_end, lessons=lessons)

    result = list(rows.values())
    descending = sort.startswith("-")
    key = SORT_KEYS.get(sort.lstrip("-"), SORT_KEYS["teacher"])
    result.sort(key=key, reverse=descending)
    return result


def topics_given():
    """Aggregate over lessons: the distinct plan topics they cover, plus the lessons whose topic
    was typed without choosing it from the plan."""
    return Count("plan_topic", distinct=True) + Count("pk", filter=Q(plan_topic__isnull=True) & ~Q(topic=""))


def _few_grades(rows, *, school, year, due_end, lessons):
    from ..services.scales import scale_for

    calendar = YearCalendar(year)
    periods = list(calendar.periods)
    rules = list(AssessmentRule.objects.filter(school=school, year=year).prefetch_related("periods"))
    scales = {}
    by_period = defaultdict(list)
    for r in rows.values():
        period = calendar.period_on(due_end, r.assignment.class_group.grade)
        if period is not None:
            r.period = period
            by_period[period.pk].append(r)
    class_ids = {r.assignment.class_group_id for r in rows.values()}
    from journal.register.models import Student, SubgroupMembership

    # the students studying in the classes now: who counts, and the size of each class
    class_of = dict(
        Student.objects.filter(class_group_id__in=class_ids, status=StudentStatus.STUDYING)
        .order_by().values_list("pk", "class_group")
    )
    class_sizes = Counter(class_of.values())
    class_of_assignment = {r.assignment.pk: r.assignment.class_group_id for r in rows.values()}
    # a split subject: each subgroup's students (a class not split yet counts as a whole)
    subgroup_sizes, split = {}, set()
    for cg, subject, number, n in (
        SubgroupMembership.objects.filter(class_group_id__in=class_ids, student__status=StudentStatus.STUDYING,
                                          student__class_group=F("class_group"))
        .values("class_group", "subject", "number").annotate(n=Count("pk")).order_by()
        .values_list("class_group", "subject", "number", "n")
    ):
        subgroup_sizes[(cg, subject, number)] = n
        split.add((cg, subject))
    # one query each for the whole school, each period's assignments with that period's dates
    in_period, graded_in_period = Q(pk__in=[]), Q(pk__in=[])
    for period_rows in by_period.values():
        period = period_rows[0].period
        end = min(period.end, due_end)
        ids = [r.assignment.pk for r in period_rows]
        in_period |= Q(assignment_id__in=ids, date__range=(period.start, period.end))
        if period.start <= end:
            graded_in_period |= Q(lesson__assignment_id__in=ids, lesson__date__range=(period.start, end))
    # share of each assignment's lessons of the period already held (up to the end of the range)
    progress = {
        row["assignment"]: (row["held"], row["total"])
        for row in lessons.filter(in_period).values("assignment")
        .annotate(total=Count("pk"), held=Count("pk", filter=Q(date__lte=due_end)))
        .order_by()
    }
    # grades per assignment and student, then only the students studying in the assignment's
    # class (joining the students in SQL made PostgreSQL pick a nested loop over every grade of
    # the period: seconds on a full year)
    counts = defaultdict(list)
    for assignment_id, student_id, n in (
        Grade.objects.filter(graded_in_period, school=school)
        .values("lesson__assignment", "student")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("lesson__assignment", "student", "n")
    ):
        if class_of.get(student_id) == class_of_assignment[assignment_id]:
            counts[assignment_id].append(n)
    for period_rows in by_period.values():
        period = period_rows[0].period
        for r in period_rows:
            a = r.assignment
            key = (a.class_group_id, period.pk)
            if key not in scales:
                scales[key] = scale_for(a.class_group, period, year=year, rules=rules, periods=periods).marks_allowed
            r.marks = scales[key]
            if not r.marks:
                continue  # no marks in this class and period (grade 1; grade 2 in the first half-year)
            held, total = progress.get(a.pk, (0, 0))
            r.min_grades_period = min_grades_for_hours(a.hours_per_week)
            r.min_grades = min_grades_by_progress(a.hours_per_week, held=held, total=total)
            graded = counts.get(a.pk, [])
            if a.subgroup and (a.class_group_id, a.subject_id) in split:
                r.students = subgroup_sizes.get((a.class_group_id, a.subject_id, a.subgroup), 0)
            else:
                r.students = class_sizes.get(a.class_group_id, 0)
            enough = sum(1 for n in graded if n >= r.min_grades)
            r.few_grades = max(r.students - enough, 0) if r.min_grades > 0 else 0


def totals_by_teacher(rows):
    """Sum of the rows per teacher, in the rows' order of first appearance."""
    totals = {}
    for r in rows:
        t = totals.setdefault(r.teacher.pk, {
            "teacher": r.teacher, "assignments": 0, "lessons": 0, "no_topic": 0, "no_homework": 0,
            "no_attendance": 0, "few_grades": 0, "behind": 0,
        })
        t["assignments"] += 1
        for name in ("lessons", "no_topic", "no_homework", "no_attendance", "few_grades", "behind"):
            t[name] += getattr(r, name)
    return list(totals.values())
