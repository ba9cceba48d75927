"""The datasets of the query constructor, declared in code (R-I8).

Users pick among these, never type SQL: each dataset names its base queryset (always one of
portal.access's querysets for the requesting user, so a teacher sees only their own rows and no
query ever mixes schools), its fields with translated labels, and the aggregates it allows.
Every name a user sends (field, filter, grouping, aggregate, sort) is checked against this
declaration before a query is built.

Personal fields (R-I15) are shown per row only when portal.access.PersonalData allows it — the
same consent rule as the register's tables — and can be neither filtered, grouped nor sorted on
(that would reveal them through the order or the group sizes)."""

import re
from dataclasses import dataclass, field

from django.db.models import Avg, Count, F, FloatField, Q, Sum
from django.db.models.functions import Cast, NullIf
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from journal.gradebook.models import AbsenceStatus, LessonStatus, PeriodGradeKind, PeriodGradeSpecial
from journal.register.models import MovementKind, MovementReason, PeriodKind, Position, Sex, StudentStatus
from journal.register.selectors.people import consent_exists
from portal import access

TEXT, INT, DATE, CHOICE, CLASS = "text", "int", "date", "choice", "class"

# the operators of a filter, per kind of field
OPERATORS = {
    "contains": _("contains"),
    "eq": _("equals"),
    "gte": _("at least"),
    "lte": _("at most"),
}
KIND_OPERATORS = {
    TEXT: ("contains", "eq"),
    INT: ("eq", "gte", "lte"),
    DATE: ("eq", "gte", "lte"),
    CHOICE: ("eq",),
    CLASS: ("eq",),
}


def _lang():
    return "ru" if (get_language() or "ky").startswith("ru") else "ky"


@dataclass(frozen=True)
class Field:
    """One column a user may pick. `paths` are ORM lookups from the dataset's model ("{lang}" is
    replaced by ky or ru); `render` turns their values into the cell."""

    key: str
    label: object
    paths: tuple
    kind: str = TEXT
    choices: object = None            # a TextChoices class: labels of the stored values
    render: object = None             # callable(*values) -> cell; default: the one value
    sort_paths: tuple = ()            # ORM lookups to order by (default: paths)
    personal: bool = False            # hidden without consent; not filtered, grouped or sorted on

    def resolved(self, paths):
        lang = _lang()
        return tuple(p.replace("{lang}", lang) for p in paths)

    @property
    def orm_paths(self):
        return self.resolved(self.paths)

    @property
    def orm_sort(self):
        return self.resolved(self.sort_paths or self.paths)

    @property
    def operators(self):
        return () if self.personal else KIND_OPERATORS[self.kind]

    def cell(self, values):
        if self.render is not None:
            return self.render(*values)
        value = values[0]
        if self.choices is not None and value is not None:
            return str(dict(self.choices.choices).get(value, value))
        return value

    def condition(self, op, value):
        """The Q() of a filter whose value was already parsed (see forms.parse_filter_value)."""
        if self.kind == CLASS:
            grade_path, letter_path = self.orm_paths
            return Q(**{grade_path: value[0], letter_path: value[1]})
        path = self.orm_paths[0]
        lookup = {"contains": "icontains", "eq": "exact", "gte": "gte", "lte": "lte"}[op]
        return Q(**{f"{path}__{lookup}": value})


def _name(last, first, patronymic=""):
    return " ".join(p for p in (last, first, patronymic) if p)


def _class(grade, letter):
    return f"{grade} «{letter}»" if grade else ""


CLASS_PATTERN = re.compile(r"^\s*(\d{1,2})\s*[«\"']?\s*([^\s«»\"']{1,3})\s*[»\"']?\s*$")


def parse_class(text):
    """«5А», «5 А», «5 «А»» → (5, "А"); None when it is not a class name."""
    match = CLASS_PATTERN.match(text or "")
    if not match:
        return None
    return int(match.group(1)), match.group(2).upper()


def _period(kind, number):
    if kind is None:
        return ""
    from journal.register.models import StudyPeriod

    return StudyPeriod(kind=kind, number=number).label


def _yes_no(value):
    return str(_("yes") if value else _("no"))


# --- building blocks shared by the datasets --------------------------------------------------

def person_field(prefix, key="student", label=None):
    p = f"{prefix}__" if prefix else ""
    return Field(key, label or _("student"), (f"{p}last_name", f"{p}first_name", f"{p}patronymic"),
                 render=_name, sort_paths=(f"{p}sort_key",))


def class_field(prefix, key="class", label=None):
    return Field(key, label or _("class"), (f"{prefix}__grade", f"{prefix}__letter"), kind=CLASS, render=_class)


def grade_level_field(prefix, key="grade_level"):
    return Field(key, _("parallel (grade level)"), (f"{prefix}__grade",), kind=INT)


def subject_field(prefix):
    return Field("subject", _("subject"), (f"{prefix}__subject__name_{{lang}}",),
                 sort_paths=(f"{prefix}__subject__order", f"{prefix}__subject__name_{{lang}}"))


def teacher_field(prefix):
    return Field("teacher", _("teacher"), (f"{prefix}__teacher__last_name", f"{prefix}__teacher__first_name",
                                           f"{prefix}__teacher__patronymic"),
                 render=_name, sort_paths=(f"{prefix}__teacher__sort_key",))


def year_field(prefix):
    return Field("year", _("academic year"), (f"{prefix}__year__name",))


def journal_fields(assignment):
    """Class, grade level, subject, teacher and year of a journal row, through its assignment."""
    return [
        class_field(f"{assignment}__class_group"),
        grade_level_field(f"{assignment}__class_group"),
        subject_field(assignment),
        teacher_field(assignment),
        year_field(assignment),
    ]


# --- aggregates -------------------------------------------------------------------------------

AGGREGATES = {
    "count": _("Count"),
    "average": _("Average grade"),
    "share_45": _("Share of 4 and 5, %"),
    "share_2": _("Share of 2, %"),
    "absences": _("Absences"),
}
AGGREGATE_FORMATS = {"count": "0", "average": "0.00", "share_45": "0.0", "share_2": "0.0", "absences": "0"}
AGGREGATE_DIGITS = {"average": 2, "share_45": 1, "share_2": 1}


def _share(measure, condition):
    """100 × rows meeting `condition` ÷ rows with a value, in the database (NULL when none)."""
    return Cast(Count("pk", filter=condition), FloatField()) * 100.0 / NullIf(
        Cast(Count(measure), FloatField()), 0.0)


@dataclass(frozen=True)
class Dataset:
    key: str
    label: object
    base: object                          # callable(user, school) -> queryset (from portal.access)
    fields: tuple
    default_fields: tuple
    aggregates: tuple = ("count",)
    measure: str = ""                     # the grade value averaged and shared
    absence: object = None                # Q() of a row that is an absence
    person: str = ""                      # "student", "guardian", "staff": the row is a person
    person_paths: dict = field(default_factory=dict)   # attribute of the policy's person -> ORM path
    assignment: str = ""                  # journal rows: the path to their teaching assignment
    help: object = ""

    @property
    def field_map(self):
        return {f.key: f for f in self.fields}

    def queryset(self, user, school):
        qs = self.base(user, school)
        if self.person:
            qs = qs.annotate(has_consent=consent_exists({"staff": "staff_member"}.get(self.person, self.person), school))
        return qs

    def partial_expressions(self, keys):
        """Sums that combine across groups (for a two-stage grouping): count, values counted,
        their sum, counts of 4–5, of 2, of absences."""
        m = self.measure
        # COUNT(*) and counts of the measure, not of the row's id: the grades' partials then need
        # only the school, lesson and value, which the (school, lesson, value) index holds, and
        # PostgreSQL reads that index alone
        out = {"p_count": Count("*")}
        if {"average", "share_45", "share_2"} & set(keys):
            out["p_values"] = Count(m)
            out["p_sum"] = Sum(m)
            out["p_45"] = Count(m, filter=Q(**{f"{m}__gte": 4, f"{m}__lte": 5}))
            out["p_2"] = Count(m, filter=Q(**{m: 2}))
        if "absences" in keys:
            out["p_absences"] = Count("pk", filter=self.absence)
        return out

    @staticmethod
    def combine(key, p):
        """The aggregate `key` from summed partials (None where nothing is counted)."""
        if key == "count":
            return p["p_count"]
        if key == "absences":
            return p["p_absences"]
        if not p["p_values"]:
            return None
        part = {"average": p["p_sum"], "share_45": 100.0 * p["p_45"], "share_2": 100.0 * p["p_2"]}[key]
        return part / p["p_values"]

    def aggregate_expression(self, key):
        m = self.measure
        if key == "count":
            # people's lists may repeat a person through a join (a parent of two classes); a
            # journal row never repeats, and COUNT(DISTINCT) would force a sort of every row
            return Count("pk", distinct=bool(self.person))
        if key == "average":
            return Avg(Cast(F(m), FloatField()))
        if key == "share_45":
            return _share(m, Q(**{f"{m}__gte": 4, f"{m}__lte": 5}))
        if key == "share_2":
            return _share(m, Q(**{m: 2}))
        if key == "absences":
            return Count("pk", filter=self.absence)
        raise KeyError(key)


# --- the datasets -----------------------------------------------------------------------------

STUDENT_PERSON = {"pk": "pk", "school_id": "school_id", "user_id": "user_id", "class_group_id": "class_group_id"}
GUARDIAN_PERSON = {"pk": "pk", "school_id": "school_id", "user_id": "user_id"}
STAFF_PERSON = {"pk": "pk", "school_id": "school_id", "user_id": "user_id"}

GRADE_HELP = _("Averages and shares are over numeric grades; «not certified» and «exempt» are counted "
               "only in the count.")

DATASETS = {d.key: d for d in (
    Dataset(
        "students", _("Students"), access.students_visible,
        fields=(
            person_field("", key="name", label=_("Surname, name, patronymic")),
            class_field("class_group"),
            grade_level_field("class_group"),
            Field("status", _("status"), ("status",), kind=CHOICE, choices=StudentStatus),
            Field("enrolled_on", _("enrolled on"), ("enrolled_on",), kind=DATE),
            Field("left_on", _("left on"), ("left_on",), kind=DATE),
            Field("sex", _("sex"), ("sex",), kind=CHOICE, choices=Sex, personal=True),
            Field("birth_date", _("birth date"), ("birth_date",), kind=DATE, personal=True),
            Field("pin", _("personal number (PIN)"), ("pin",), personal=True),
            Field("address", _("address"), ("address",), personal=True),
        ),
        default_fields=("name", "class", "status"),
        person="student", person_paths=STUDENT_PERSON,
    ),
    Dataset(
        "parents", _("Parents"), access.guardians_visible,
        fields=(
            person_field("", key="name", label=_("Surname, name, patronymic")),
            class_field("child_links__student__class_group", key="child_class", label=_("child's class")),
            Field("phone", _("phone"), ("phone",), personal=True),
            Field("phone2", _("second phone"), ("phone2",), personal=True),
            Field("email", _("email"), ("email",), personal=True),
            Field("workplace", _("workplace"), ("workplace",), personal=True),
        ),
        default_fields=("name", "child_class"),
        person="guardian", person_paths=GUARDIAN_PERSON,
    ),
    Dataset(
        "staff", _("Staff"), access.staff_visible,
        fields=(
            person_field("", key="name", label=_("Surname, name, patronymic")),
            Field("position", pgettext_lazy("job", "position"), ("position",), kind=CHOICE, choices=Position),
            Field("is_teaching", _("teaching staff"), ("is_teaching",), render=_yes_no),
            Field("is_active", _("works at the school"), ("is_active",), render=_yes_no),
            Field("phone", _("phone"), ("phone",), personal=True),
            Field("email", _("email"), ("email",), personal=True),
            Field("total_experience", _("total experience, years"), ("total_experience",), kind=INT, personal=True),
            Field("hired_on", _("hired on"), ("hired_on",), kind=DATE, personal=True),
        ),
        default_fields=("name", "position"),
        person="staff", person_paths=STAFF_PERSON,
    ),
    Dataset(
        "lessons", _("Lessons"), access.query_lessons,
        fields=(
            Field("date", _("date"), ("date",), kind=DATE),
            *journal_fields("assignment"),
            Field("status", _("status"), ("status",), kind=CHOICE, choices=LessonStatus),
            Field("topic", _("topic"), ("topic",)),
            Field("homework", _("homework"), ("homework",)),
        ),
        default_fields=("date", "class", "subject", "topic"), assignment="assignment",
    ),
    Dataset(
        "grades", _("Grades"), access.query_grades,
        fields=(
            Field("date", _("date"), ("lesson__date",), kind=DATE),
            *journal_fields("lesson__assignment"),
            person_field("student"),
            Field("value", pgettext_lazy("mark", "grade"), ("value",), kind=INT),
            Field("grade_type", _("type"), ("grade_type__name_{lang}",)),
        ),
        default_fields=("date", "class", "subject", "student", "value"),
        aggregates=("count", "average", "share_45", "share_2"), measure="value", assignment="lesson__assignment",
    ),
    Dataset(
        "period_grades", _("Period grades"), access.query_period_grades,
        fields=(
            Field("period", _("study period"), ("period__kind", "period__number"), render=_period,
                  sort_paths=("period__start", "period__kind")),
            Field("period_kind", _("kind of period"), ("period__kind",), kind=CHOICE, choices=PeriodKind),
            Field("period_number", _("number"), ("period__number",), kind=INT),
            *journal_fields("assignment"),
            person_field("student"),
            Field("kind", _("kind"), ("kind",), kind=CHOICE, choices=PeriodGradeKind),
            Field("value", pgettext_lazy("mark", "grade"), ("value",), kind=INT),
            Field("special", _("special mark"), ("special",), kind=CHOICE, choices=PeriodGradeSpecial),
        ),
        default_fields=("period", "class", "subject", "student", "value", "special"),
        aggregates=("count", "average", "share_45", "share_2"), measure="value", help=GRADE_HELP,
        assignment="assignment",
    ),
    Dataset(
        "attendance", _("Attendance"), access.query_attendance,
        fields=(
            Field("date", _("date"), ("lesson__date",), kind=DATE),
            *journal_fields("lesson__assignment"),
            person_field("student"),
            Field("status", _("status"), ("status",), kind=CHOICE, choices=AbsenceStatus),
        ),
        default_fields=("date", "class", "subject", "student", "status"),
        aggregates=("count", "absences"), absence=~Q(status=AbsenceStatus.LATE), assignment="lesson__assignment",
        help=_("Absences count every mark but «late»."),
    ),
    Dataset(
        "movement", _("Movement of students"), access.movements_visible,
        fields=(
            Field("date", _("date"), ("date",), kind=DATE),
            person_field("student"),
            Field("kind", _("kind"), ("kind",), kind=CHOICE, choices=MovementKind),
            class_field("class_from", key="class_from", label=_("from class")),
            class_field("class_to", key="class_to", label=_("to class")),
            Field("reason", _("reason"), ("reason",), kind=CHOICE, choices=MovementReason),
            Field("other_school", _("other school"), ("other_school",)),
            Field("order_number", _("order number"), ("order_number",)),
        ),
        default_fields=("date", "student", "kind", "class_from", "class_to"),
    ),
)}


def dataset(key):
    return DATASETS.get(key)
