"""Reads of the school register. Every list starts from the access policy's queryset
(portal.access), so what a user may not see never leaves the database."""

import datetime
from collections import defaultdict

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from portal import access
from portal.models import Membership, User, Visit
from portal.roles import Role

from ..models import (
    AcademicYear,
    AccountIssue,
    ClassGroup,
    Consent,
    CurriculumHours,
    Guardian,
    StaffMember,
    Student,
    StudentGuardian,
    StudentStatus,
    Subject,
    TeachingAssignment,
)

HIDDEN = "•••"


def current_year(school):
    if school is None:
        return None
    return AcademicYear.objects.filter(school=school, is_current=True).first() or (
        AcademicYear.objects.filter(school=school).order_by("-start").first()
    )


# --- consent ---------------------------------------------------------------------------------

def consent_exists(field, school):
    """An Exists() that is true when the row's person (`field`: "student", "guardian",
    "staff_member") has a valid register consent today. The school is a constant of the
    sub-select, not only a correlation: PostgreSQL hashes the sub-select once per query, and
    with the school it reads that school's consents by index instead of every school's."""
    return Exists(Consent.objects.valid().filter(school=school, **{field: OuterRef("pk")}))


def with_consent(qs, school):
    field = {Student: "student", Guardian: "guardian", StaffMember: "staff_member"}[qs.model]
    return qs.annotate(has_consent=consent_exists(field, school))


# --- lists -----------------------------------------------------------------------------------

def student_list(user, school):
    # the parents are counted in a subquery: a join and GROUP BY over every selected column
    # cost more than the rest of the query on a school's 1,000 students
    guardians = (StudentGuardian.objects.filter(student=OuterRef("pk")).order_by().values("student")
                 .annotate(n=Count("pk")).values("n"))
    return with_consent(
        access.students_visible(user, school)
        .select_related("class_group", "user")
        .annotate(guardian_count=Coalesce(Subquery(guardians, output_field=IntegerField()), 0)),
        school,
    ).order_by("class_group__grade", "class_group__letter", "sort_key", "pk")


def guardian_list(user, school):
    links = StudentGuardian.objects.select_related("student__class_group").order_by("student__sort_key")
    return with_consent(
        access.guardians_visible(user, school).select_related("user"), school
    ).prefetch_related(Prefetch("child_links", queryset=links)).order_by("sort_key", "pk")


def staff_list(user, school):
    year = current_year(school)
    return with_consent(access.staff_visible(user, school).select_related("user"), school).prefetch_related(
        Prefetch("subjects", queryset=Subject.objects.order_by("order", "name_ky")),
        Prefetch("homerooms", queryset=ClassGroup.objects.filter(year=year), to_attr="current_homerooms"),
    ).annotate(
        hours=Sum("assignments__hours_per_week", filter=Q(assignments__year=year)),
    ).order_by("sort_key", "pk")


def class_list(user, school, year=None):
    year = year or current_year(school)
    return (
        access.classes_visible(user, school)
        .filter(year=year)
        .select_related("class_teacher")
        .annotate(
            student_count=Count("students", filter=Q(students__status=StudentStatus.STUDYING), distinct=True),
            girls=Count("students", filter=Q(students__status=StudentStatus.STUDYING, students__sex="f"), distinct=True),
        )
        .order_by("grade", "letter")
    )


def class_detail(class_group):
    """A class's students (studying), teaching assignments and curriculum comparison."""
    students = with_consent(
        class_group.students.filter(status=StudentStatus.STUDYING).select_related("user")
        .annotate(guardian_count=Count("guardian_links", distinct=True)),
        class_group.school_id,
    ).order_by("sort_key")
    assignments = list(
        TeachingAssignment.objects.filter(class_group=class_group)
        .select_related("teacher", "subject")
        .order_by("subject__order", "subject__name_ky", "subgroup")
    )
    curriculum = {
        c.subject_id: c.hours_per_week
        for c in CurriculumHours.objects.filter(year=class_group.year_id, grade=class_group.grade)
    }
    by_subject = defaultdict(list)
    for a in assignments:
        by_subject[a.subject_id].append(a)
    subjects = Subject.objects.filter(pk__in=set(curriculum) | set(by_subject)).order_by("order", "name_ky")
    rows = []
    for subject in subjects:
        items = by_subject.get(subject.pk, [])
        # split lessons: each subgroup has the class's hours; count the hours once
        assigned = max([a.hours_per_week for a in items], default=0)
        planned = curriculum.get(subject.pk)
        rows.append({"subject": subject, "assignments": items, "planned": planned, "assigned": assigned,
                     "mismatch": planned is not None and assigned != planned})
    return {"students": students, "assignments": assignments, "rows": rows,
            "has_split": any(a.subgroup for a in assignments),
            "planned_total": sum(curriculum.values()), "assigned_total": sum(r["assigned"] for r in rows)}


# --- person pages ------------------------------------------------------------------------------

def student_detail(user, school, pk):
    return access.get_or_404(
        with_consent(access.students_visible(user, school), school)
        .select_related("class_group__class_teacher", "user"),
        pk=pk,
    )


def student_guardian_links(student):
    return with_consent_links(
        StudentGuardian.objects.filter(student=student).select_related("guardian__user").order_by("pk")
    )


def with_consent_links(qs):
    return qs.annotate(guardian_has_consent=Exists(Consent.objects.valid().filter(guardian=OuterRef("guardian_id"))))


def person_consents(person):
    return Consent.objects.filter(**{Consent.subject_field(person): person}).select_related("recorded_by").order_by("-given_on", "-pk")


# --- history (R-I4, R-I16) ---------------------------------------------------------------------

def _display(field, value, cache):
    if value is None or value == "":
        return "—"
    if field is None:
        return str(value)
    if field.is_relation:
        model = field.related_model
        key = (model, value)
        if key not in cache:
            cache[key] = str(model._default_manager.filter(pk=value).first() or value)
        return cache[key]
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def _record_changes(model, new, old, hidden_fields, cache):
    delta = new.diff_against(old)
    changes = []
    for change in delta.changes:
        try:
            field = model._meta.get_field(change.field)
        except Exception:  # noqa: BLE001 - a field removed since
            field = None
        label = capfirst(str(field.verbose_name)) if field is not None else change.field
        if change.field in hidden_fields:
            old_v, new_v = HIDDEN, HIDDEN
        else:
            old_v, new_v = _display(field, change.old, cache), _display(field, change.new, cache)
        changes.append({"field": label, "old": old_v, "new": new_v})
    return changes


def person_history(person, *, hidden_fields=()):
    """Every change of a person's record, newest first: who, when, field, old → new. For a
    student also the parents linked and unlinked; for everyone the consents recorded."""
    model = type(person)
    cache = {}
    entries = []
    records = list(person.history.select_related("history_user").order_by("history_date", "history_id"))
    prev = None
    for rec in records:
        if prev is None or rec.history_type == "+":
            entries.append({"date": rec.history_date, "user": rec.history_user, "action": _("Record created"),
                            "changes": []})
        else:
            changes = _record_changes(model, rec, prev, hidden_fields, cache)
            if changes:
                entries.append({"date": rec.history_date, "user": rec.history_user, "action": _("Changed"),
                                "changes": changes})
        prev = rec

    kind = person._meta.model_name
    if kind in ("student", "guardian"):
        links = StudentGuardian.history.filter(**{f"{kind}_id": person.pk}).select_related("history_user").order_by(
            "history_date", "history_id")
        relation_field = StudentGuardian._meta.get_field("relation")
        other = "guardian" if kind == "student" else "student"
        other_model = Guardian if kind == "student" else Student
        names = {p.pk: p.full_name for p in other_model.objects.filter(pk__in={getattr(r, f"{other}_id") for r in links})}
        for rec in links:
            name = names.get(getattr(rec, f"{other}_id"), "?")
            relation = _display(relation_field, rec.relation, cache)
            action = {"+": _("Parent linked") if kind == "student" else _("Child linked"),
                      "~": _("Relation changed"),
                      "-": _("Parent unlinked") if kind == "student" else _("Child unlinked")}[rec.history_type]
            entries.append({"date": rec.history_date, "user": rec.history_user, "action": action,
                            "changes": [{"field": name, "old": "", "new": relation}]})
    for rec in Consent.history.filter(**{f"{Consent.subject_field(person)}_id": person.pk}).select_related("history_user").order_by("history_date"):
        if rec.history_type == "+":
            action = _("Consent recorded")
        elif rec.history_type == "-":
            action = _("Consent deleted")
        elif rec.withdrawn_on:
            action = _("Consent withdrawn")
        else:
            action = _("Consent changed")
        entries.append({"date": rec.history_date, "user": rec.history_user, "action": action,
                        "changes": [{"field": _display(Consent._meta.get_field("scope"), rec.scope, cache),
                                     "old": "", "new": rec.given_on.strftime("%d.%m.%Y")}]})
    entries.sort(key=lambda e: e["date"], reverse=True)
    return entries


# --- dashboard ---------------------------------------------------------------------------------

def dashboard_figures(school):
    year = current_year(school)
    studying = Student.objects.filter(school=school, status=StudentStatus.STUDYING)
    by_grade = dict(
        studying.filter(class_group__year=year).values_list("class_group__grade").annotate(n=Count("pk")).order_by()
    )
    valid = Consent.objects.valid()
    guardians = Guardian.objects.filter(school=school, child_links__student__status=StudentStatus.STUDYING).distinct()
    staff = StaffMember.objects.filter(school=school, is_active=True)
    week_ago = timezone.localdate() - datetime.timedelta(days=6)
    return {
        "year": year,
        "students": studying.count(),
        "by_grade": [(g, by_grade.get(g, 0)) for g in range(1, 12)],
        "classes": ClassGroup.objects.filter(school=school, year=year).count() if year else 0,
        "staff": staff.count(),
        "teachers": staff.filter(is_teaching=True).count(),
        "guardians": guardians.count(),
        "parents_with_login": guardians.filter(user__isnull=False, user__is_active=True).count(),
        "students_with_login": studying.filter(user__isnull=False, user__is_active=True).count(),
        "students_no_consent": studying.exclude(pk__in=valid.filter(student__isnull=False).values("student_id")).count(),
        "guardians_no_consent": guardians.exclude(pk__in=valid.filter(guardian__isnull=False).values("guardian_id")).count(),
        "staff_no_consent": staff.exclude(pk__in=valid.filter(staff_member__isnull=False).values("staff_member_id")).count(),
        "active_week": Visit.objects.filter(school=school, date__gte=week_ago).values("user").distinct().count(),
        "no_class_teacher": ClassGroup.objects.filter(school=school, year=year, class_teacher__isnull=True).count()
        if year else 0,
    }


# --- logins ------------------------------------------------------------------------------------

def accounts_overview(school, year):
    """Per class of the year: students and parents, how many have a login."""
    classes = list(ClassGroup.objects.filter(school=school, year=year).select_related("class_teacher").order_by(
        "grade", "letter"))
    students = Student.objects.filter(class_group__in=classes, status=StudentStatus.STUDYING)
    s_counts = {
        row["class_group"]: row
        for row in students.values("class_group").annotate(
            total=Count("pk"), with_login=Count("pk", filter=Q(user__isnull=False, user__is_active=True))
        ).order_by()
    }
    p_rows = (
        StudentGuardian.objects.filter(student__in=students)
        .values("student__class_group", "guardian_id", "guardian__user_id", "guardian__user__is_active")
        .distinct()
    )
    p_counts = defaultdict(lambda: {"total": set(), "with_login": set()})
    for row in p_rows:
        entry = p_counts[row["student__class_group"]]
        entry["total"].add(row["guardian_id"])
        if row["guardian__user_id"] and row["guardian__user__is_active"]:
            entry["with_login"].add(row["guardian_id"])
    result = []
    for c in classes:
        s = s_counts.get(c.pk, {"total": 0, "with_login": 0})
        p = p_counts[c.pk]
        result.append({"class": c, "students": s["total"], "students_with_login": s["with_login"],
                       "parents": len(p["total"]), "parents_with_login": len(p["with_login"])})
    return result


def class_people_for_logins(class_group):
    """The class's studying students and their parents, with their logins and last issue."""
    students = list(
        class_group.students.filter(status=StudentStatus.STUDYING).select_related("user").order_by("sort_key")
    )
    guardians = list(
        Guardian.objects.filter(child_links__student__in=students).select_related("user").distinct().order_by(
            "sort_key")
    )
    user_ids = [p.user_id for p in students + guardians if p.user_id]
    last_issue = dict(
        AccountIssue.objects.filter(user_id__in=user_ids).values("user_id").annotate(at=Max("issued_at")).values_list(
            "user_id", "at")
    )
    for p in students + guardians:
        p.last_issued = last_issue.get(p.user_id)
    return students, guardians


# --- roles -------------------------------------------------------------------------------------

def role_grid(school):
    """Staff members of the school with their login and active roles."""
    staff = list(StaffMember.objects.filter(school=school).select_related("user").order_by("sort_key"))
    roles = defaultdict(set)
    for user_id, role in Membership.objects.filter(
        school=school, is_active=True, user_id__in=[m.user_id for m in staff if m.user_id]
    ).values_list("user_id", "role"):
        roles[user_id].add(role)
    for m in staff:
        m.roles = roles.get(m.user_id, set())
    return staff


def role_changes(school, limit=30):
    return Membership.history.filter(school_id=school.pk).select_related("history_user", "user").order_by(
        "-history_date")[:limit]


# --- visits (R-I6, R-J12) ----------------------------------------------------------------------

REPORT_ROLES = [Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN, Role.TEACHER, Role.PARENT, Role.STUDENT]


def visits_report(school, start, end):
    """Who used the system in [start, end]: per user, per role and per class of the current
    year (students by their class, parents by their children's classes)."""
    memberships = Membership.objects.filter(school=school, is_active=True).values_list("user_id", "role")
    roles = defaultdict(set)
    for user_id, role in memberships:
        roles[user_id].add(role)
    users = {u.pk: u for u in User.objects.filter(pk__in=roles.keys()).only(
        "username", "first_name", "last_name", "patronymic", "is_active", "last_login")}
    visits = {
        row["user"]: row
        for row in Visit.objects.filter(user_id__in=users.keys(), date__range=(start, end))
        .filter(Q(school=school) | Q(school__isnull=True))
        .values("user")
        .annotate(days=Count("pk"), logins=Sum("logins"), views=Sum("page_views"), last=Max("date"))
        .order_by()
    }
    year = current_year(school)
    classes = {c.pk: c for c in ClassGroup.objects.filter(school=school, year=year)}
    user_classes = defaultdict(set)
    for user_id, class_id in Student.objects.filter(
        school=school, user_id__in=users.keys(), class_group_id__in=classes.keys(), status=StudentStatus.STUDYING
    ).values_list("user_id", "class_group_id"):
        user_classes[user_id].add(class_id)
    parent_classes = defaultdict(set)
    for user_id, class_id in StudentGuardian.objects.filter(
        guardian__school=school, guardian__user_id__in=users.keys(), student__class_group_id__in=classes.keys(),
        student__status=StudentStatus.STUDYING,
    ).values_list("guardian__user_id", "student__class_group_id"):
        parent_classes[user_id].add(class_id)

    rows = []
    for user_id, user in users.items():
        v = visits.get(user_id, {})
        class_ids = user_classes[user_id] | parent_classes[user_id]
        rows.append({
            "user": user, "name": user.full_name or user.username, "username": user.username,
            "roles": sorted(roles[user_id], key=REPORT_ROLES.index),
            "role_labels": ", ".join(str(Role(r).label) for r in sorted(roles[user_id], key=REPORT_ROLES.index)),
            "class_ids": class_ids,
            "classes": ", ".join(str(classes[c]) for c in sorted(class_ids, key=lambda c: (classes[c].grade, classes[c].letter))),
            "days": v.get("days", 0), "logins": v.get("logins", 0) or 0, "views": v.get("views", 0) or 0,
            "last": v.get("last"), "active": user.is_active,
        })
    rows.sort(key=lambda r: (r["roles"] and REPORT_ROLES.index(r["roles"][0]), r["classes"], r["name"]))

    by_role = []
    for role in REPORT_ROLES:
        members = [r for r in rows if role in r["roles"]]
        used = [r for r in members if r["days"]]
        by_role.append({
            "role": role, "label": Role(role).label, "accounts": len(members), "used": len(used),
            "share": round(100 * len(used) / len(members)) if members else 0,
            "logins": sum(r["logins"] for r in members), "views": sum(r["views"] for r in members),
        })

    students_per_class = dict(
        Student.objects.filter(class_group_id__in=classes.keys(), status=StudentStatus.STUDYING)
        .values_list("class_group_id").annotate(n=Count("pk")).order_by()
    )
    parents_per_class = dict(
        StudentGuardian.objects.filter(student__class_group_id__in=classes.keys(), student__status=StudentStatus.STUDYING)
        .values_list("student__class_group_id").annotate(n=Count("guardian", distinct=True)).order_by()
    )
    by_class = []
    for class_id, c in sorted(classes.items(), key=lambda kv: (kv[1].grade, kv[1].letter)):
        st = [r for r in rows if Role.STUDENT in r["roles"] and class_id in user_classes[r["user"].pk]]
        pa = [r for r in rows if Role.PARENT in r["roles"] and class_id in parent_classes[r["user"].pk]]
        st_used = sum(1 for r in st if r["days"])
        pa_used = sum(1 for r in pa if r["days"])
        by_class.append({
            "class": c, "students": students_per_class.get(class_id, 0), "student_logins": len(st),
            "students_used": st_used,
            "students_share": round(100 * st_used / students_per_class[class_id]) if students_per_class.get(class_id) else 0,
            "parents": parents_per_class.get(class_id, 0), "parent_logins": len(pa), "parents_used": pa_used,
            "parents_share": round(100 * pa_used / parents_per_class[class_id]) if parents_per_class.get(class_id) else 0,
        })
    return {"start": start, "end": end, "rows": rows, "by_role": by_role, "by_class": by_class, "classes": classes}
