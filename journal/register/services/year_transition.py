"""The new school year (R-J9): promote the classes, graduate the leavers, keep the repeaters.

`year_transition_plan` computes what would happen without writing anything (the preview);
`year_transition_apply` re-computes the plan from the same choices and applies it in one
transaction: the new academic year (with its study periods, holidays and curriculum copied from
the old one when it is new), next year's classes (5 «А» → 6 «А», same letter, language and class
teacher unless changed), the students' new classes and statuses with history, the movement
records (PROMOTION, REPEAT, GRADUATION) and the graduates' logins deactivated. A second
transition from the same year is refused.

Two drafts are part of the plan (issue 9 §6): the teaching assignments of every promoted class are
copied to its new class (same teacher, subject and subgroup, the new grade's curriculum hours) unless
the deputy leaves a row out in the preview, and the new grade-1 classes are created with the letters
the deputy chooses (by default the letters of this year's grade 1)."""

import datetime
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from journal.register.models import (
    AcademicYear,
    ClassGroup,
    CurriculumHours,
    Holiday,
    Language,
    MovementKind,
    MovementReason,
    MovementRecord,
    StaffMember,
    Student,
    StudentStatus,
    StudyPeriod,
    TeachingAssignment,
)
from journal.register.services.accounts import student_accounts_set_active
from journal.register.services.subgroups import subgroups_carry_over
from portal.public_cache import purge_school

LAST_GRADE = 11
LEAVING_GRADE = 9  # after grade 9 a pupil may leave for a college or work


@dataclass
class ClassPlan:
    old: ClassGroup
    new_grade: int | None
    class_teacher_id: int | None
    existing_new: ClassGroup | None = None
    promoted: list = field(default_factory=list)
    repeaters: list = field(default_factory=list)
    graduates: list = field(default_factory=list)

    @property
    def new_label(self):
        return f"{self.new_grade} «{self.old.letter}»" if self.new_grade else ""

    @property
    def size(self):
        return len(self.promoted) + len(self.repeaters) + len(self.graduates)

    @property
    def may_leave(self):
        return self.old.grade == LEAVING_GRADE


@dataclass
class AssignmentDraft:
    """One teaching assignment of the new year, copied from `old` (a draft until confirmed)."""

    old: TeachingAssignment
    new_grade: int
    letter: str
    hours_per_week: object
    skipped: bool = False  # left out by the deputy
    reason: str = ""  # why it cannot be copied (nothing to choose)

    @property
    def new_label(self):
        return f"{self.new_grade} «{self.letter}»"

    @property
    def copied(self):
        return not self.skipped and not self.reason


@dataclass
class FirstGradeDraft:
    letter: str
    language: str
    exists: bool = False

    @property
    def label(self):
        return f"1 «{self.letter}»"

    @property
    def language_label(self):
        return Language(self.language).label if self.language in Language.values else self.language


@dataclass
class TransitionPlan:
    school: object
    from_year: AcademicYear
    to_name: str
    to_start: datetime.date
    to_end: datetime.date
    order_date: datetime.date
    order_number: str
    to_year: AcademicYear | None = None  # an existing (not current) year with this name
    classes: list = field(default_factory=list)
    new_repeat_classes: list = field(default_factory=list)  # (grade, letter, language) created for repeaters only
    assignments: list = field(default_factory=list)  # AssignmentDraft, in class and subject order
    first_grade: list = field(default_factory=list)  # FirstGradeDraft
    errors: list = field(default_factory=list)

    @property
    def assignments_copied(self):
        return [a for a in self.assignments if a.copied]

    @property
    def is_valid(self):
        return not self.errors

    @property
    def promoted_count(self):
        return sum(len(c.promoted) for c in self.classes)

    @property
    def repeater_count(self):
        return sum(len(c.repeaters) for c in self.classes)

    @property
    def graduate_count(self):
        return sum(len(c.graduates) for c in self.classes)

    @property
    def student_count(self):
        return sum(c.size for c in self.classes)


@dataclass
class TransitionResult:
    to_year: AcademicYear
    classes_created: int
    assignments_created: int
    promoted: int
    repeaters: int
    graduates: int


def next_year_name(year):
    """2026–2027 → 2027–2028 (any dash); otherwise from the start date."""
    match = re.fullmatch(r"\s*(\d{4})\s*([–—-])\s*(\d{4})\s*", year.name)
    if match:
        return f"{int(match.group(1)) + 1}{match.group(2)}{int(match.group(3)) + 1}"
    return f"{year.start.year + 1}–{year.start.year + 2}"


def _shift(date, years):
    try:
        return date.replace(year=date.year + years)
    except ValueError:  # 29 February
        return date.replace(year=date.year + years, day=28)


def first_grade_letters_default(year):
    return list(ClassGroup.objects.filter(year=year, grade=1).order_by("letter").values_list("letter", flat=True))


def parse_letters(text):
    """«А, Б В» → ["А", "Б", "В"] (commas, spaces or semicolons between letters, upper case)."""
    return [part.upper() for part in re.split(r"[\s,;]+", text or "") if part]


def transition_defaults(year):
    return {
        "first_grade_letters": " ".join(first_grade_letters_default(year)),
        "to_name": next_year_name(year),
        "to_start": _shift(year.start, 1),
        "to_end": _shift(year.end, 1),
        "order_date": _shift(year.start, 1) - datetime.timedelta(days=1),
    }


def already_done(from_year):
    return MovementRecord.objects.filter(
        kind__in=(MovementKind.PROMOTION, MovementKind.REPEAT), class_from__year=from_year
    ).exists()


def too_early(year):
    """A message when `year` was just created by a transition and has not started: moving its
    classes on again now would promote everyone twice."""
    if year.start <= timezone.localdate():
        return None
    if not MovementRecord.objects.filter(kind=MovementKind.PROMOTION, class_to__year=year).exists():
        return None
    return _("The classes were moved to %(year)s, which starts on %(date)s: the next transition is possible "
             "once that year has begun.") % {"year": year.name, "date": year.start.strftime("%d.%m.%Y")}


def choices_fingerprint(*, to_name, to_start, to_end, order_date, order_number, repeat_ids, leave_ids, teachers,
                        skip_assignment_ids=(), first_grade_letters=None):
    """A short hash of the choices: the confirmation must be for the very plan that was previewed."""
    parts = [to_name, str(to_start), str(to_end), str(order_date), order_number,
             ",".join(str(i) for i in sorted(repeat_ids)), ",".join(str(i) for i in sorted(leave_ids)),
             ",".join(f"{k}:{v or ''}" for k, v in sorted(teachers.items())),
             ",".join(str(i) for i in sorted(skip_assignment_ids)),
             "default" if first_grade_letters is None else ",".join(first_grade_letters)]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def year_transition_plan(*, school, from_year, to_name, to_start, to_end, order_date, order_number="",
                         repeat_ids=(), leave_ids=(), teachers=None, skip_assignment_ids=(), first_grade_letters=None):
    """What the transition would do, with every problem found (nothing is written).

    repeat_ids: students kept down; leave_ids: grade 9 students who leave the school;
    teachers: {old class id: new class teacher's StaffMember id or None} for the classes whose
    class teacher changes; skip_assignment_ids: this year's teaching assignments not to copy;
    first_grade_letters: the letters of the new grade-1 classes (None: this year's grade-1 letters)."""
    teachers = teachers or {}
    repeat_ids, leave_ids = set(repeat_ids), set(leave_ids)
    plan = TransitionPlan(school=school, from_year=from_year, to_name=(to_name or "").strip(), to_start=to_start,
                          to_end=to_end, order_date=order_date, order_number=(order_number or "").strip())
    if from_year.school_id != school.pk:
        raise ValidationError(_("The academic year belongs to another school."))
    if not from_year.is_current:
        plan.errors.append(_("Only the current academic year can be moved to a new year."))
    early = too_early(from_year)
    if early:
        plan.errors.append(early)
    if already_done(from_year):
        plan.errors.append(_("The classes of %(year)s have already been moved to the next year.")
                           % {"year": from_year.name})
    if not plan.to_name:
        plan.errors.append(_("Enter the name of the new academic year."))
    elif plan.to_name == from_year.name:
        plan.errors.append(_("The new academic year needs a name of its own."))
    existing = AcademicYear.objects.filter(school=school, name=plan.to_name).exclude(pk=from_year.pk).first()
    if existing is not None:
        plan.to_year = existing
        plan.to_start, plan.to_end = existing.start, existing.end
    if plan.to_start and plan.to_end and plan.to_end <= plan.to_start:
        plan.errors.append(_("The new academic year must end after it starts."))
    if plan.to_start and plan.to_start <= from_year.start:
        plan.errors.append(_("The new academic year must start after %(date)s.")
                           % {"date": from_year.start.strftime("%d.%m.%Y")})
    if order_date and plan.to_start and not (from_year.start <= order_date < plan.to_start + datetime.timedelta(days=30)):
        plan.errors.append(_("The date of the order must fall between the start of %(year)s and the first month of "
                             "the new year.") % {"year": from_year.name})

    old_classes = list(ClassGroup.objects.filter(school=school, year=from_year).select_related("class_teacher"))
    if not old_classes:
        plan.errors.append(_("The academic year %(year)s has no classes.") % {"year": from_year.name})
    students_by_class = defaultdict(list)
    for student in (Student.objects.filter(school=school, class_group__year=from_year, status=StudentStatus.STUDYING)
                    .order_by("sort_key")):
        students_by_class[student.class_group_id].append(student)
    all_ids = {s.pk for group in students_by_class.values() for s in group}

    unknown = (repeat_ids | leave_ids) - all_ids
    if unknown:
        plan.errors.append(_("Some chosen students are not in the classes of %(year)s.") % {"year": from_year.name})
    both = repeat_ids & leave_ids
    if both:
        plan.errors.append(_("A student cannot both stay in the same grade and leave the school."))

    staff_ids = set(StaffMember.objects.filter(school=school).values_list("pk", flat=True))
    target_classes = {}
    if plan.to_year is not None:
        target_classes = {(c.grade, c.letter): c for c in ClassGroup.objects.filter(school=school, year=plan.to_year)}
    for old in sorted(old_classes, key=lambda c: (c.grade, c.letter)):
        teacher_id = teachers.get(old.pk, old.class_teacher_id)
        if teacher_id is not None and teacher_id not in staff_ids:
            plan.errors.append(_("Unknown class teacher for %(cls)s.") % {"cls": old})
            teacher_id = None
        new_grade = old.grade + 1 if old.grade < LAST_GRADE else None
        cp = ClassPlan(old=old, new_grade=new_grade, class_teacher_id=teacher_id)
        if new_grade:
            cp.existing_new = target_classes.get((new_grade, old.letter))
        for student in students_by_class.get(old.pk, []):
            if student.pk in repeat_ids:
                cp.repeaters.append(student)
            elif old.grade == LAST_GRADE:
                cp.graduates.append(student)
            elif student.pk in leave_ids and old.grade == LEAVING_GRADE:
                cp.graduates.append(student)
            elif student.pk in leave_ids:
                plan.errors.append(_("%(name)s (%(cls)s): only grade 9 students can leave with the transition.")
                                   % {"name": student.full_name, "cls": old})
                cp.promoted.append(student)
            else:
                cp.promoted.append(student)
        plan.classes.append(cp)

    _plan_first_grade(plan, old_classes, target_classes, first_grade_letters)
    promoted_keys = {(cp.new_grade, cp.old.letter) for cp in plan.classes if cp.new_grade}
    promoted_keys |= {(1, d.letter) for d in plan.first_grade}
    for cp in plan.classes:
        key = (cp.old.grade, cp.old.letter)
        if cp.repeaters and key not in promoted_keys and key not in target_classes:
            plan.new_repeat_classes.append((cp.old.grade, cp.old.letter, cp.old.language))
    _plan_assignments(plan, target_classes, set(skip_assignment_ids))

    if order_date:
        moving = [s.pk for cp in plan.classes for s in (*cp.promoted, *cp.repeaters, *cp.graduates)]
        late = (MovementRecord.objects.filter(student_id__in=moving).values("student_id")
                .annotate(last=Max("date")).filter(last__gt=order_date).count())
        if late:
            plan.errors.append(_("%(n)s students have movement records dated after the order date %(date)s.")
                               % {"n": late, "date": order_date.strftime("%d.%m.%Y")})
    return plan


def _plan_first_grade(plan, old_classes, target_classes, letters):
    """The new grade-1 classes: the chosen letters, each in the language of this year's grade-1
    class of that letter (or of this year's first grade-1 class)."""
    old_first = {c.letter: c for c in old_classes if c.grade == 1}
    if letters is None:
        letters = sorted(old_first)
    seen = set()
    fallback = old_first[min(old_first)].language if old_first else ClassGroup._meta.get_field("language").default
    for letter in letters:
        letter = letter.strip().upper()
        if not letter:
            continue
        if len(letter) > 3 or not letter.isalpha():
            plan.errors.append(_("«%(letter)s» is not a class letter: write letters such as А Б В, separated by "
                                 "spaces.") % {"letter": letter})
            continue
        if letter in seen:
            plan.errors.append(_("The letter «%(letter)s» is given twice for grade 1.") % {"letter": letter})
            continue
        seen.add(letter)
        language = old_first[letter].language if letter in old_first else fallback
        plan.first_grade.append(FirstGradeDraft(letter=letter, language=language,
                                                exists=(1, letter) in target_classes))


def _plan_assignments(plan, target_classes, skip_ids):
    """Copy each promoted class's teaching assignments to its new class (a draft in the preview)."""
    curriculum_year = plan.to_year or plan.from_year
    hours = {(c.grade, c.subject_id): c.hours_per_week
             for c in CurriculumHours.objects.filter(year=curriculum_year)}
    curriculum_grades = {grade for grade, _subject in hours}
    staying = {cp.old.pk: cp for cp in plan.classes if cp.new_grade and (cp.promoted or cp.old.grade != LEAVING_GRADE)}
    taken = set()
    if target_classes:
        taken = {(a.class_group_id, a.subject_id, a.subgroup) for a in
                 TeachingAssignment.objects.filter(class_group__in=list(target_classes.values()))}
    old = (TeachingAssignment.objects.filter(year=plan.from_year, class_group_id__in=list(staying))
           .select_related("teacher", "subject", "class_group")
           .order_by("class_group__grade", "class_group__letter", "subject__order", "subject__name_ky", "subgroup"))
    for assignment in old:
        cp = staying[assignment.class_group_id]
        key = (cp.new_grade, assignment.subject_id)
        draft = AssignmentDraft(old=assignment, new_grade=cp.new_grade, letter=cp.old.letter,
                                hours_per_week=hours.get(key, assignment.hours_per_week),
                                skipped=assignment.pk in skip_ids)
        existing = target_classes.get((cp.new_grade, cp.old.letter))
        if not assignment.teacher.is_active:
            draft.reason = _("the teacher no longer works at the school")
        elif cp.new_grade in curriculum_grades and key not in hours:
            draft.reason = _("not in the curriculum of grade %(grade)s") % {"grade": cp.new_grade}
        elif existing is not None and (existing.pk, assignment.subject_id, assignment.subgroup) in taken:
            draft.reason = _("already assigned in the new class")
        plan.assignments.append(draft)


def _copy_year_setup(from_year, to_year):
    years = to_year.start.year - from_year.start.year
    StudyPeriod.objects.bulk_create([
        StudyPeriod(year=to_year, kind=p.kind, number=p.number, start=_shift(p.start, years), end=_shift(p.end, years),
                    grade_from=p.grade_from, grade_to=p.grade_to)
        for p in from_year.periods.all()
    ])
    Holiday.objects.bulk_create([
        Holiday(year=to_year, name=h.name, name_ru=h.name_ru, start=_shift(h.start, years), end=_shift(h.end, years),
                grade_from=h.grade_from, grade_to=h.grade_to)
        for h in from_year.holidays.all()
    ])
    CurriculumHours.objects.bulk_create([
        CurriculumHours(school_id=c.school_id, year=to_year, grade=c.grade, subject_id=c.subject_id,
                        hours_per_week=c.hours_per_week)
        for c in from_year.curriculum.all()
    ])


@transaction.atomic
def year_transition_apply(*, school, from_year, recorded_by=None, **choices):
    """Apply the transition in one transaction (or raise ValidationError with the plan's errors)."""
    from_year = AcademicYear.objects.select_for_update().get(pk=from_year.pk)
    plan = year_transition_plan(school=school, from_year=from_year, **choices)
    if not plan.is_valid:
        raise ValidationError(plan.errors)

    to_year = plan.to_year
    created_year = to_year is None
    from_year.is_current = False
    from_year.save(update_fields=["is_current"])
    if created_year:
        to_year = AcademicYear(school=school, name=plan.to_name, start=plan.to_start, end=plan.to_end, is_current=True)
        to_year.full_clean()
        to_year.save()
        _copy_year_setup(from_year, to_year)
    else:
        to_year.is_current = True
        to_year.save(update_fields=["is_current"])

    targets = {(c.grade, c.letter): c for c in ClassGroup.objects.filter(school=school, year=to_year)}
    created = 0
    for cp in plan.classes:
        if not cp.new_grade or (cp.new_grade, cp.old.letter) in targets:
            continue
        if cp.old.grade == LEAVING_GRADE and not cp.promoted and not cp.repeaters:
            continue
        new = ClassGroup(school=school, year=to_year, grade=cp.new_grade, letter=cp.old.letter,
                         language=cp.old.language, class_teacher_id=cp.class_teacher_id, room=cp.old.room)
        new.full_clean(validate_constraints=False)
        new.save()
        targets[(new.grade, new.letter)] = new
        created += 1
    for draft in plan.first_grade:
        if (1, draft.letter) not in targets:
            new = ClassGroup(school=school, year=to_year, grade=1, letter=draft.letter, language=draft.language)
            new.full_clean(validate_constraints=False)
            new.save()
            targets[(1, draft.letter)] = new
            created += 1
    for grade, letter, language in plan.new_repeat_classes:
        if (grade, letter) not in targets:
            new = ClassGroup(school=school, year=to_year, grade=grade, letter=letter, language=language)
            new.save()
            targets[(grade, letter)] = new
            created += 1

    records, changed, graduates = [], [], []
    common = {"school": school, "date": plan.order_date, "order_number": plan.order_number, "recorded_by": recorded_by}
    for cp in plan.classes:
        for student in cp.promoted:
            new = targets[(cp.new_grade, cp.old.letter)]
            student.class_group_id = new.pk
            changed.append(student)
            records.append(MovementRecord(student=student, kind=MovementKind.PROMOTION, class_from=cp.old,
                                          class_to=new, reason=MovementReason.OTHER, **common))
        for student in cp.repeaters:
            new = targets[(cp.old.grade, cp.old.letter)]
            student.class_group_id = new.pk
            changed.append(student)
            records.append(MovementRecord(student=student, kind=MovementKind.REPEAT, class_from=cp.old,
                                          class_to=new, reason=MovementReason.OTHER, **common))
        for student in cp.graduates:
            student.status = StudentStatus.GRADUATED
            student.left_on = plan.order_date
            graduates.append(student)
            records.append(MovementRecord(student=student, kind=MovementKind.GRADUATION, class_from=cp.old,
                                          class_to=None, reason=MovementReason.GRADUATED, **common))
    if changed:
        moves = [(r.student.pk, r.class_from.pk, r.class_to.pk) for r in records
                 if r.kind in (MovementKind.PROMOTION, MovementKind.REPEAT)]
        bulk_update_with_history(changed, Student, ["class_group"], batch_size=500, default_user=recorded_by,
                                 default_change_reason="new school year")
        subgroups_carry_over(moves=moves)
    if graduates:
        bulk_update_with_history(graduates, Student, ["status", "left_on"], batch_size=500, default_user=recorded_by,
                                 default_change_reason="graduation")
    MovementRecord.objects.bulk_create(records, batch_size=500)
    for student in graduates:
        student_accounts_set_active(student=student, active=False)
    assignments = [
        TeachingAssignment(school=school, year=to_year, teacher_id=d.old.teacher_id,
                           class_group=targets[(d.new_grade, d.letter)], subject_id=d.old.subject_id,
                           subgroup=d.old.subgroup, hours_per_week=d.hours_per_week)
        for d in plan.assignments_copied if (d.new_grade, d.letter) in targets
    ]
    TeachingAssignment.objects.bulk_create(assignments, batch_size=500)
    purge_school(school)  # the students' bulk updates and the copied calendar send no signals
    return TransitionResult(to_year=to_year, classes_created=created, assignments_created=len(assignments),
                            promoted=plan.promoted_count,
                            repeaters=plan.repeater_count, graduates=plan.graduate_count)
