"""Reads of the calendar-thematic plan: the check of its hours against the curriculum and the
lessons actually scheduled (R-J13, R-J16), for one assignment or a whole list at once."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from journal.register.models import CurriculumHours

from ..models import Lesson, LessonStatus, PlanTopic
from .calendar import YearCalendar, today
from .control import topics_given

# A plan within this many hours of the target counts as matching (the weeks of a year are
# counted in whole weeks, so one hour either way is rounding, not a missing topic).
TOLERANCE = 1


@dataclass
class PlanCheck:
    assignment: object
    hours_per_week: Decimal
    weeks: int
    required: int          # curriculum hours for the year
    plan_hours: int        # sum of the plan's hours
    topics: int
    scheduled: int         # lessons in the journal (not cancelled)
    given: int             # topics given up to today (plan topics of the lessons + typed topics)
    planned_by_today: int  # plan topics whose planned date is up to today

    @property
    def gap_curriculum(self):
        """Plan hours minus curriculum hours: negative means topics are missing."""
        return self.plan_hours - self.required

    @property
    def gap_scheduled(self):
        """Scheduled lessons minus plan hours: negative means too few lessons for the plan."""
        return self.scheduled - self.plan_hours

    @property
    def matches_curriculum(self):
        return abs(self.gap_curriculum) <= TOLERANCE

    @property
    def matches_schedule(self):
        return abs(self.gap_scheduled) <= TOLERANCE

    @property
    def behind(self):
        """Topics the teacher is behind the plan's dates (0 when on time or ahead)."""
        return max(self.planned_by_today - self.given, 0)

    @property
    def ok(self):
        return self.topics > 0 and self.matches_curriculum and self.matches_schedule


def _subquery(qs, expression):
    return Coalesce(
        Subquery(qs.values("assignment").annotate(v=expression).values("v")[:1], output_field=IntegerField()),
        Value(0),
    )


def plan_checks(assignments, *, year, on_date=None):
    """PlanCheck for every assignment of the queryset, in a fixed number of queries."""
    on_date = on_date or today()
    topics = PlanTopic.objects.filter(assignment=OuterRef("pk"))
    lessons = Lesson.objects.filter(assignment=OuterRef("pk")).exclude(status=LessonStatus.CANCELLED)
    qs = assignments.select_related("class_group", "subject", "teacher").annotate(
        plan_hours=_subquery(topics, Sum("hours")),
        topic_count=_subquery(topics, Count("pk")),
        planned_by_today=_subquery(topics.filter(planned_date__lte=on_date), Count("pk")),
        scheduled=_subquery(lessons, Count("pk")),
        given=_subquery(lessons.filter(date__lte=on_date), topics_given()),
    )
    curriculum = {
        (c.grade, c.subject_id): c.hours_per_week for c in CurriculumHours.objects.filter(year=year)
    }
    calendar = YearCalendar(year)
    weeks_of_grade = {}
    result = []
    for a in qs:
        grade = a.class_group.grade
        if grade not in weeks_of_grade:
            weeks_of_grade[grade] = calendar.school_weeks(grade)
        weeks = weeks_of_grade[grade]
        hours = curriculum.get((grade, a.subject_id), a.hours_per_week) or Decimal(0)
        result.append(PlanCheck(
            assignment=a, hours_per_week=hours, weeks=weeks, required=int(round(hours * weeks)),
            plan_hours=a.plan_hours, topics=a.topic_count, scheduled=a.scheduled, given=a.given,
            planned_by_today=a.planned_by_today,
        ))
    return result


def plan_check(assignment, *, on_date=None):
    from journal.register.models import TeachingAssignment

    checks = plan_checks(TeachingAssignment.objects.filter(pk=assignment.pk), year=assignment.year, on_date=on_date)
    return checks[0]


def plan_topics(assignment):
    """The plan's topics in order, each with the number of lessons linked to it."""
    return list(
        PlanTopic.objects.filter(assignment=assignment).order_by("order").annotate(
            lesson_count=Count("lessons", filter=~Q(lessons__status=LessonStatus.CANCELLED))
        )
    )
