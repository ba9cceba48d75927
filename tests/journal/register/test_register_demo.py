"""The demo register builder (one test: it builds a whole school, twice, to prove it re-runs)."""

import pytest
from django.contrib.auth import authenticate
from django.db.models import Count, Sum

from journal.register.demo import DEMO_PASSWORD, build_register
from journal.register.models import (
    AcademicYear,
    ClassGroup,
    Consent,
    Guardian,
    PeriodKind,
    StaffMember,
    Student,
    StudentStatus,
    TeachingAssignment,
)
from portal import access
from portal.models import User
from portal.roles import Role


@pytest.mark.django_db
def test_demo_register_is_a_realistic_school_and_rebuilds():
    school = build_register(seed=2026)
    counts = {model.__name__: model.objects.filter(school=school).count()
              for model in (Student, Guardian, StaffMember, ClassGroup, TeachingAssignment, Consent)}
    school = build_register(seed=2026)  # re-runnable: the same school again, no duplicates
    assert counts == {model.__name__: model.objects.filter(school=school).count()
                      for model in (Student, Guardian, StaffMember, ClassGroup, TeachingAssignment, Consent)}

    assert 950 <= Student.objects.filter(school=school, status=StudentStatus.STUDYING).count() <= 1100
    assert ClassGroup.objects.filter(school=school).count() == 33
    assert ClassGroup.objects.filter(school=school, language="ru").exists()
    assert 50 <= counts["StaffMember"] <= 65
    assert not ClassGroup.objects.filter(school=school, class_teacher__isnull=True).exists()
    year = AcademicYear.objects.get(school=school, is_current=True)
    assert year.name == "2026–2027"
    assert year.periods.filter(kind=PeriodKind.QUARTER, grade_to=9).count() == 4
    assert year.periods.filter(kind=PeriodKind.HALF, grade_from=10).count() == 2
    assert year.holidays.count() >= 3
    # every class has every subject of its curriculum, loads are realistic
    for c in ClassGroup.objects.filter(school=school):
        planned = set(year.curriculum.filter(grade=c.grade).values_list("subject_id", flat=True))
        assert planned == set(c.assignments.values_list("subject_id", flat=True)), str(c)
    loads = StaffMember.objects.filter(school=school).annotate(h=Sum("assignments__hours_per_week"))
    assert max(m.h or 0 for m in loads) <= 30
    # parents: 1–2 per student, some with children in several classes
    per_student = Student.objects.filter(school=school).annotate(n=Count("guardian_links"))
    assert all(1 <= s.n <= 2 for s in per_student)
    assert Guardian.objects.filter(school=school).annotate(n=Count("child_links")).filter(n__gte=3).exists()
    # consent: most have it, a few do not
    without = Student.objects.filter(school=school).exclude(consents__in=Consent.objects.valid()).count()
    assert 0 < without < 100
    # the demo accounts
    for username, role in [("director", Role.DIRECTOR), ("deputy", Role.DEPUTY), ("sysadmin", Role.SYSADMIN),
                           ("teacher", Role.TEACHER), ("classteacher", Role.TEACHER), ("parent", Role.PARENT),
                           ("student", Role.STUDENT)]:
        user = authenticate(username=username, password=DEMO_PASSWORD)
        assert user is not None, username
        assert access.has_role(user, school, role), username
    teacher = User.objects.get(username="teacher")
    classes = {str(a.class_group) for a in TeachingAssignment.objects.filter(teacher__user=teacher)}
    assert classes == {"5 «А»", "6 «А»", "7 «А»", "8 «А»", "9 «А»"}
    assert ClassGroup.objects.get(school=school, grade=5, letter="А").class_teacher.user.username == "classteacher"
    children = access.children_of(User.objects.get(username="parent"), school)
    assert children.count() == 3 and len({c.class_group_id for c in children}) == 3
    assert Student.objects.get(user__username="student").class_group.grade == 5
    assert school.director_name and school.deputy_name
