"""What the public school website may read from the register (read-only).

The website (cms) never imports journal models; it calls these functions. Only staff marked
as public (and still working at the school) are shown; no student appears by name — only
counts.

What the site shows about a staff member is the approved copy of the public fields (R-S15,
StaffPublicProfile): a change made in the register shows only once the site administrator has
approved it, and a staff member whose data was never approved is not shown.
"""

from django.db.models import Count, Prefetch, Q, QuerySet

from ..models import AcademicYear, ClassGroup, StaffMember, StaffPublicProfile, StudentStatus, Subject
from ..services.public_profile import apply_approved


class ApprovedStaffQuerySet(QuerySet):
    """Staff members read with their approved public values in place of the working ones."""

    def _fetch_all(self):
        fresh = self._result_cache is None
        super()._fetch_all()
        if fresh:
            for member in self._result_cache:
                if isinstance(member, StaffMember):
                    apply_approved(member)


def _approved_staff(school):
    return (ApprovedStaffQuerySet(StaffMember).filter(school=school)
            .exclude(public_profile__isnull=False, public_profile__approved__isnull=True)
            .select_related("public_profile"))


def _public_staff(school):
    return _approved_staff(school).filter(is_public=True, is_active=True)


def public_teaching_staff(school, subject_id=None):
    """Teaching staff shown on the website (R-S8), with their subjects prefetched: the
    directory costs a constant number of queries however many teachers there are."""
    if school is None:
        return StaffMember.objects.none()
    qs = _public_staff(school).filter(is_teaching=True)
    if subject_id is not None:
        qs = qs.filter(subjects__id=subject_id)
    return qs.prefetch_related(Prefetch("subjects", queryset=Subject.objects.order_by("order", "name_ky"))).order_by(
        "sort_key", "pk"
    ).distinct()


def public_staff_member(school, pk):
    """One teacher of the public directory, or None."""
    if school is None:
        return None
    return public_teaching_staff(school).filter(pk=pk).first()


def public_subjects(school):
    """Subjects taught by at least one public teacher (the directory's filter)."""
    if school is None:
        return Subject.objects.none()
    return (
        Subject.objects.filter(school=school)
        .filter(
            pk__in=StaffMember.subjects.through.objects.filter(
                staffmember__in=_public_staff(school).filter(is_teaching=True)
            ).values("subject_id")
        )
        .order_by("order", "name_ky")
    )


# levels of general education by grade (the education page's programmes)
LEVEL_GRADES = {"primary": range(1, 5), "basic": range(5, 10), "secondary": range(10, 12)}


def public_students_by_level(school):
    """Studying students of the current year's classes per level of education:
    {"primary": 412, "basic": 480, "secondary": 98}. The one source of these figures on every page."""
    if school is None:
        return {}
    rows = (
        ClassGroup.objects.filter(school=school, year__is_current=True)
        .values("grade")
        .annotate(n=Count("students", filter=Q(students__status=StudentStatus.STUDYING)))
    )
    result = {}
    for row in rows:
        for level, grades in LEVEL_GRADES.items():
            if row["grade"] in grades:
                result[level] = result.get(level, 0) + row["n"]
    return result


def public_school_figures(school):
    """Figures for the home page: teachers, students, classes (counts only). Students are those
    of the current year's classes, the same count the education page shows per level."""
    if school is None:
        return {"teachers": 0, "students": 0, "classes": 0}
    year = AcademicYear.objects.filter(school=school, is_current=True).first()
    classes = ClassGroup.objects.filter(school=school, year=year).count() if year else 0
    return {
        "teachers": _public_staff(school).filter(is_teaching=True).count(),
        "students": sum(public_students_by_level(school).values()),
        "classes": classes,
    }


def public_school_calendar(school):
    """The current academic year with its study periods and holidays, or None."""
    if school is None:
        return None
    return (
        AcademicYear.objects.filter(school=school, is_current=True)
        .prefetch_related("periods", "holidays")
        .first()
    )


def public_students_by_language(school):
    """Number of studying students per language of instruction of their class, for the current
    year: {"ky": 640, "ru": 410}."""
    if school is None:
        return {}
    rows = (
        ClassGroup.objects.filter(school=school, year__is_current=True)
        .values("language")
        .annotate(n=Count("students", filter=Q(students__status=StudentStatus.STUDYING)))
    )
    return {row["language"]: row["n"] for row in rows}


LEADER_POSITIONS = ("director", "deputy_academic", "deputy_education")


def public_leaders(school):
    """The director and the deputies working at the school, director first.

    The head of the school and the deputies are published whatever their "shown on the public
    site" flag says: the regulation of school websites requires it (R-S7)."""
    if school is None:
        return StaffMember.objects.none()
    members = [m for m in _approved_staff(school).filter(is_active=True) if m.position in LEADER_POSITIONS]
    return sorted(members, key=lambda m: (LEADER_POSITIONS.index(m.position), m.sort_key))


def public_bell_schedule(school):
    """The bell times the timetable uses, grouped by shift: [(1, [{"number", "start", "end"}…]), …].
    Empty when the school has not entered them (the page then shows what the editor typed)."""
    if school is None:
        return []
    from django.apps import apps

    BellTime = apps.get_model("gradebook", "BellTime")
    grouped = {}
    for bell in BellTime.objects.filter(school=school).order_by("shift", "number"):
        grouped.setdefault(bell.shift, []).append({"number": bell.number, "start": bell.start, "end": bell.end})
    return sorted(grouped.items())


def public_school_week(school):
    """The school week by grade from the current year's timetable: [(first grade, last grade,
    days a week)], consecutive grades with the same week merged, e.g. [(1, 4, 5), (5, 11, 6)].
    A grade's week is the number of weekdays its classes have lessons on."""
    if school is None:
        return []
    from django.apps import apps

    TimetableEntry = apps.get_model("gradebook", "TimetableEntry")
    days = {}
    for grade, weekday in (
        TimetableEntry.objects.filter(school=school, year__is_current=True)
        .values_list("class_group__grade", "weekday").distinct()
    ):
        days.setdefault(grade, set()).add(weekday)
    ranges = []
    for grade in sorted(days):
        n = len(days[grade])
        if ranges and ranges[-1][2] == n and ranges[-1][1] == grade - 1:
            ranges[-1] = (ranges[-1][0], grade, n)
        else:
            ranges.append((grade, grade, n))
    return ranges


def public_staff_photo(school, pk):
    """The approved photo of a staff member the public site shows (a file field), or None."""
    if school is None:
        return None
    member = _public_staff(school).filter(pk=pk).first()
    if member is None or not member.photo:
        return None
    return member.photo


def pending_profiles(school):
    """Staff members whose public data changed in the register and waits for approval (R-S15),
    oldest change first (the Wagtail admin's listing and dashboard panel)."""
    if school is None:
        return StaffPublicProfile.objects.none()
    return (StaffPublicProfile.objects.filter(staff__school=school, pending__isnull=False)
            .select_related("staff", "requested_by").order_by("pending_since", "pk"))
