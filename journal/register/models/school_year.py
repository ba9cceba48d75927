"""The school year: academic years, study periods, holidays, subjects, classes, curriculum,
teaching assignments."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from portal.lang import in_language


def _is_ru():
    return (get_language() or "ky").startswith("ru")


class AcademicYear(models.Model):
    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="years")
    name = models.CharField(pgettext_lazy("title of a thing", "name"), max_length=20,
                            help_text=_("For example 2026–2027"))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    is_current = models.BooleanField(_("current year"), default=False)
    # set by the year-end archive (R-J21): the year's journal is then read-only, except the
    # deputy's corrections with a reason (journal.gradebook.services.common)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    class Meta:
        verbose_name = _("academic year")
        verbose_name_plural = _("academic years")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="year_unique_name"),
            models.UniqueConstraint(
                fields=["school"], condition=models.Q(is_current=True), name="year_one_current"
            ),
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="year_end_after_start"),
        ]

    def __str__(self):
        return self.name


def grade_range(first, last):
    """«1–11», or one value when the range has one grade («5», not «5–5»)."""
    return str(first) if first == last else f"{first}–{last}"


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("Quarter")
    HALF = "half", _("Half-year")
    YEAR = "year", _("Year")


class StudyPeriod(models.Model):
    """A quarter, half-year or the year, for a range of grade levels (the scheme is per school
    and grade level: grades 10–11 may use half-years)."""

    year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices)
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    grade_from = models.PositiveSmallIntegerField(
        _("from grade"), default=1, validators=[MinValueValidator(1), MaxValueValidator(11)]
    )
    grade_to = models.PositiveSmallIntegerField(
        _("to grade"), default=11, validators=[MinValueValidator(1), MaxValueValidator(11)]
    )
    is_closed = models.BooleanField(_("closed"), default=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        "portal.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("study period")
        verbose_name_plural = _("study periods")
        ordering = ["year", "grade_from", "start", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kind", "number", "grade_from", "grade_to"], name="period_unique"
            ),
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="period_end_after_start"),
        ]

    def __str__(self):
        return f"{self.label} ({self.grades_label})"

    @property
    def label(self):
        """The period's name as people say it: «1-чейрек», «2-жарым жыл» / «1 четверть», «Год»."""
        if self.kind == PeriodKind.YEAR:
            return gettext("Year")
        if self.kind == PeriodKind.HALF:
            return gettext("%(n)s half-year") % {"n": self.number}
        return gettext("%(n)s quarter") % {"n": self.number}

    @property
    def grades_label(self):
        return grade_range(self.grade_from, self.grade_to)

    def covers_grade(self, grade):
        return self.grade_from <= grade <= self.grade_to

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The end is before the start.")
        if self.year_id and self.start and self.end and (self.start < self.year.start or self.end > self.year.end):
            errors["start"] = _("The period must lie within the academic year.")
        if self.grade_from and self.grade_to and self.grade_from > self.grade_to:
            errors["grade_to"] = _("The last grade is below the first grade.")
        if errors:
            raise ValidationError(errors)


class Holiday(models.Model):
    year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="holidays")
    name = models.CharField(_("name (Kyrgyz)"), max_length=100)
    name_ru = models.CharField(_("name (Russian)"), max_length=100, blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    grade_from = models.PositiveSmallIntegerField(_("from grade"), default=1)
    grade_to = models.PositiveSmallIntegerField(_("to grade"), default=11)

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="holiday_end_after_start"),
        ]

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end is before the start.")})
        if self.grade_from and self.grade_to and self.grade_from > self.grade_to:
            raise ValidationError({"grade_to": _("The last grade is below the first grade.")})

    def __str__(self):
        return self.title

    @property
    def title(self):
        """The holiday's name in the reader's language (the Kyrgyz one, labelled, when no Russian is given)."""
        return in_language(self.name, self.name_ru)

    @property
    def grades_label(self):
        return grade_range(self.grade_from, self.grade_to)


class Subject(models.Model):
    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="subjects")
    name_ky = models.CharField(_("name (Kyrgyz)"), max_length=100)
    name_ru = models.CharField(_("name (Russian)"), max_length=100)
    short_ky = models.CharField(_("short name (Kyrgyz)"), max_length=20, blank=True)
    short_ru = models.CharField(_("short name (Russian)"), max_length=20, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        ordering = ["order", "name_ky"]
        constraints = [models.UniqueConstraint(fields=["school", "name_ky"], name="subject_unique_name")]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.name_ru if _is_ru() else self.name_ky

    @property
    def short_name(self):
        short = self.short_ru if _is_ru() else self.short_ky
        return short or self.name


class Language(models.TextChoices):
    KYRGYZ = "ky", _("Kyrgyz")
    RUSSIAN = "ru", _("Russian")
    UZBEK = "uz", _("Uzbek")
    TAJIK = "tg", _("Tajik")
    ENGLISH = "en", _("English")


class ClassGroup(models.Model):
    """A class of one academic year: 5 «А». Promotion creates next year's class."""

    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="classes")
    year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="classes")
    grade = models.PositiveSmallIntegerField(
        pgettext_lazy("grade level", "grade"), validators=[MinValueValidator(1), MaxValueValidator(11)]
    )
    letter = models.CharField(_("letter"), max_length=3)
    language = models.CharField(
        _("language of instruction"), max_length=5, choices=Language.choices, default=Language.KYRGYZ
    )
    class_teacher = models.ForeignKey(
        "journal.StaffMember",
        verbose_name=_("class teacher"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="homerooms",
    )
    room = models.CharField(_("room"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["grade", "letter"]
        constraints = [
            models.UniqueConstraint(fields=["school", "year", "grade", "letter"], name="class_unique"),
        ]

    def __str__(self):
        return f"{self.grade} «{self.letter}»"

    def get_absolute_url(self):
        return reverse("journal:class_detail", args=[self.pk])

    def clean(self):
        if self.year_id and self.school_id and self.year.school_id != self.school_id:
            raise ValidationError(_("The academic year belongs to another school."))


class CurriculumHours(models.Model):
    """Hours per week of a subject for a grade level in a year (the curriculum, окуу планы)."""

    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="+")
    year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="curriculum")
    grade = models.PositiveSmallIntegerField(pgettext_lazy("grade level", "grade"))
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="curriculum")
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1)

    class Meta:
        verbose_name = _("curriculum hours")
        verbose_name_plural = _("curriculum hours")
        constraints = [
            models.UniqueConstraint(fields=["year", "grade", "subject"], name="curriculum_unique"),
        ]


class TeachingAssignment(models.Model):
    """A teacher teaches a subject in a class (optionally one subgroup of a split lesson)."""

    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="+")
    year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="assignments")
    teacher = models.ForeignKey(
        "journal.StaffMember", verbose_name=_("teacher"), on_delete=models.PROTECT, related_name="assignments"
    )
    class_group = models.ForeignKey(
        ClassGroup, verbose_name=_("class"), on_delete=models.CASCADE, related_name="assignments"
    )
    subject = models.ForeignKey(
        Subject, verbose_name=_("subject"), on_delete=models.PROTECT, related_name="assignments"
    )
    subgroup = models.PositiveSmallIntegerField(
        _("subgroup"), default=0, help_text=_("0 for the whole class, 1 or 2 for a split lesson")
    )
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1, default=1)

    class Meta:
        verbose_name = _("teaching assignment")
        verbose_name_plural = _("teaching assignments")
        ordering = ["class_group__grade", "class_group__letter", "subject__order", "subject_id", "subgroup", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["class_group", "subject", "subgroup"], name="assignment_unique"
            ),
        ]

    def __str__(self):
        sub = f" ({self.subgroup})" if self.subgroup else ""
        return f"{self.class_group} — {self.subject}{sub}"

    def clean(self):
        errors = {}
        school_id = self.school_id
        if self.class_group_id:
            if school_id and self.class_group.school_id != school_id:
                errors["class_group"] = _("The class belongs to another school.")
            if self.year_id and self.class_group.year_id != self.year_id:
                errors["class_group"] = _("The class belongs to another academic year.")
        if self.teacher_id and school_id and self.teacher.school_id != school_id:
            errors["teacher"] = _("The teacher works at another school.")
        if self.subject_id and school_id and self.subject.school_id != school_id:
            errors["subject"] = _("The subject belongs to another school.")
        if self.subgroup not in (0, 1, 2, 3):
            errors["subgroup"] = _("The subgroup is 0 (whole class), 1, 2 or 3.")
        if errors:
            raise ValidationError(errors)


class SubgroupMembership(models.Model):
    """Which subgroup of a split subject (foreign language, technology, informatics, PE) a student
    is in, in their class: one subgroup per subject. A teaching assignment with subgroup 1 shows
    only the students of subgroup 1 — in the grid, the lesson page, the diary and the prints.
    A class whose split subject has no memberships yet shows every student (not split yet)."""

    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="+")
    class_group = models.ForeignKey(ClassGroup, verbose_name=_("class"), on_delete=models.CASCADE,
                                    related_name="subgroup_memberships")
    subject = models.ForeignKey(Subject, verbose_name=_("subject"), on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey("journal.Student", verbose_name=_("student"), on_delete=models.CASCADE,
                                related_name="subgroup_memberships")
    number = models.PositiveSmallIntegerField(_("subgroup"))

    class Meta:
        verbose_name = _("subgroup membership")
        verbose_name_plural = _("subgroups")
        constraints = [
            models.UniqueConstraint(fields=["class_group", "subject", "student"], name="one_subgroup_per_subject"),
        ]
        indexes = [models.Index(fields=["class_group", "subject", "number"])]

    def __str__(self):
        return f"{self.class_group} — {self.subject} ({self.number}): {self.student}"
