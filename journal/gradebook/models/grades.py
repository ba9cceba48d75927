"""Assessment: the scale rules, grade types, grades, attendance and period grades."""

from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Scale(models.TextChoices):
    NONE = "none", _("No marks")
    FIVE = "five", _("5-point scale")
    POINTS = "points", _("Points")


class AssessmentRule(models.Model):
    """Which scale applies to a range of grade levels, optionally only in some study periods.

    The most specific rule wins (one naming a period beats one without). Default (R-J17): no
    marks in grade 1 all year and in grade 2 in the first half-year; 5-point scale otherwise."""

    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="assessment_rules")
    year = models.ForeignKey("journal.AcademicYear", on_delete=models.CASCADE, related_name="assessment_rules")
    grade_from = models.PositiveSmallIntegerField(_("from grade"))
    grade_to = models.PositiveSmallIntegerField(_("to grade"))
    periods = models.ManyToManyField("journal.StudyPeriod", verbose_name=_("only in periods"), blank=True)
    scale = models.CharField(_("scale"), max_length=10, choices=Scale.choices, default=Scale.FIVE)
    max_points = models.PositiveSmallIntegerField(_("maximum points"), null=True, blank=True)

    class Meta:
        verbose_name = _("assessment rule")
        verbose_name_plural = _("assessment rules")
        ordering = ["grade_from"]

    def __str__(self):
        return f"{self.grade_from}–{self.grade_to}: {self.get_scale_display()}"


class GradeType(models.Model):
    """Kind of work graded: oral answer, written work, test, control work, homework, …"""

    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="grade_types")
    code = models.SlugField(_("code"), max_length=20)
    name_ky = models.CharField(_("name (Kyrgyz)"), max_length=100)
    name_ru = models.CharField(_("name (Russian)"), max_length=100)
    short_ky = models.CharField(_("short name (Kyrgyz)"), max_length=10, blank=True)
    short_ru = models.CharField(_("short name (Russian)"), max_length=10, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=4, decimal_places=2, default=1)
    is_written = models.BooleanField(_("written work"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("grade type")
        verbose_name_plural = _("grade types")
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["school", "code"], name="grade_type_unique_code")]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.name_ru if (get_language() or "ky").startswith("ru") else self.name_ky


class JournalAuditFields(models.Model):
    """The audit fields every journal entry (grade, absence, period grade) carries: when and by
    whom it was last changed, and the version the optimistic-concurrency check compares (each
    write raises it by one). The full change log is each model's own `history`."""

    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey("portal.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class Grade(JournalAuditFields):
    """A mark of a student in a lesson. Several per lesson allowed (position 0, 1, 2…)."""

    # school: no index of its own, the (school, lesson, value) index serves every lookup by it
    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="+", db_index=False)
    # lesson and student: no index of their own, the unique (lesson, student, position) and the
    # (student, lesson) index serve every lookup by them. Each index of this, the busiest table,
    # is one more page written per grade: with 20 schools a new grade wrote 23.7 KB of WAL after a
    # checkpoint with these two, 13.2 KB without.
    lesson = models.ForeignKey("gradebook.Lesson", on_delete=models.CASCADE, related_name="grades", db_index=False)
    student = models.ForeignKey("journal.Student", on_delete=models.CASCADE, related_name="grades", db_index=False)
    position = models.PositiveSmallIntegerField(pgettext_lazy("order in a cell", "position"), default=0)
    grade_type = models.ForeignKey(GradeType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(pgettext_lazy("mark", "grade"))
    comment = models.CharField(_("comment"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = pgettext_lazy("mark", "grade")
        verbose_name_plural = _("grades")
        constraints = [
            models.UniqueConstraint(fields=["lesson", "student", "position"], name="grade_unique_position"),
        ]
        indexes = [
            models.Index(fields=["student", "lesson"]),
            # a school's grades in the order of its lessons, with their values: the query
            # constructor's groupings per assignment (the year's grades by class and subject) read
            # this index alone, a school's part of it, however many schools share the table and
            # however their rows lie in it (issue 12 §5)
            models.Index(fields=["school", "lesson", "value"], name="grade_school_lesson_value"),
        ]

    def __str__(self):
        return str(self.value)


class AbsenceStatus(models.TextChoices):
    ILL = "ill", _("Absent: ill")
    EXCUSED = "excused", _("Absent: excused")
    UNEXCUSED = "unexcused", _("Absent: unexcused")
    LATE = "late", _("Late")


class Attendance(JournalAuditFields):
    """An absence or a late arrival of a student at a lesson (present students have no row)."""

    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="+")
    # the unique (lesson, student) index serves lookups by lesson
    lesson = models.ForeignKey("gradebook.Lesson", on_delete=models.CASCADE, related_name="attendance", db_index=False)
    student = models.ForeignKey("journal.Student", on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("status"), max_length=10, choices=AbsenceStatus.choices)
    comment = models.CharField(_("comment"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["lesson", "student"], name="attendance_unique")]


class PeriodGradeKind(models.TextChoices):
    PERIOD = "period", _("Period grade")
    EXAM = "exam", _("Exam")
    FINAL = "final", _("Final grade")


class PeriodGradeSpecial(models.TextChoices):
    NONE = "", _("—")
    NOT_CERTIFIED = "na", _("Not certified (н/а)")
    EXEMPT = "exempt", _("Exempt")


class PeriodGrade(JournalAuditFields):
    """Quarter / half-year / year grade (and exam, final) of a student in a subject."""

    # school: no index of its own, the (school, period, …) index serves every lookup by it
    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="+", db_index=False)
    # the unique (period, assignment, student, kind) index serves lookups by period
    period = models.ForeignKey("journal.StudyPeriod", on_delete=models.CASCADE, related_name="period_grades",
                               db_index=False)
    assignment = models.ForeignKey("journal.TeachingAssignment", on_delete=models.CASCADE, related_name="period_grades")
    student = models.ForeignKey("journal.Student", on_delete=models.CASCADE, related_name="period_grades")
    kind = models.CharField(_("kind"), max_length=10, choices=PeriodGradeKind.choices, default=PeriodGradeKind.PERIOD)
    value = models.PositiveSmallIntegerField(pgettext_lazy("mark", "grade"), null=True, blank=True)
    special = models.CharField(_("special mark"), max_length=10, choices=PeriodGradeSpecial.choices, blank=True, default="")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("period grade")
        verbose_name_plural = _("period grades")
        constraints = [
            models.UniqueConstraint(fields=["period", "assignment", "student", "kind"], name="period_grade_unique"),
            models.CheckConstraint(
                condition=models.Q(value__isnull=False) | ~models.Q(special=""), name="period_grade_value_or_special"
            ),
        ]
        indexes = [
            # a school's period grades of a period with their marks: the school's quarter report
            # (reports.selectors.achievement) reads this index alone, the school's part of it,
            # however many schools share the table (issue 12 §5); without INCLUDE on SQLite
            models.Index(fields=["school", "period", "kind", "assignment", "student"], include=["value", "special"],
                         name="period_grade_school_period"),
        ]
