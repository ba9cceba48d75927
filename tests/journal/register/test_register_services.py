"""Services and selectors of the register: people, parents, staff, classes, curriculum,
academic years and periods, consent, roles."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from journal.register import factories as f
from journal.register import selectors
from journal.register.models import Consent, PeriodKind, StudentGuardian, StudentStatus
from journal.register.services import consent as consent_services
from journal.register.services import people, roles
from journal.register.services import school as school_services
from portal import access
from portal.models import Membership
from portal.roles import Role
from tests.journal.register.register_helpers import give_consent, register_school_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


# --- students ------------------------------------------------------------------------------------

def test_student_create_validates_pin_structure_and_mismatch_is_only_a_warning(small_school):
    # issue 9 §3: a sex or birth-date mismatch is a warning the deputy can override (the forms and the
    # import show it); the structure (14 digits, sex digit 1/2, a real date) is an error
    s = small_school
    student = people.student_create(
        school=s.school, last_name="Садыков", first_name="Эмир", sex="m", birth_date=datetime.date(2015, 3, 14),
        pin="21403201512345", class_group=s.class_a,
    )
    assert student.status == StudentStatus.STUDYING and student.class_group == s.class_a
    overridden = people.student_create(school=s.school, last_name="Садыкова", first_name="Айпери", sex="f",
                                       birth_date=datetime.date(2015, 3, 14), pin="21403201512346")
    assert overridden.pin == "21403201512346"
    with pytest.raises(ValidationError):  # not a date at all
        people.student_create(school=s.school, last_name="А", first_name="Б", sex="f", pin="13213201512346")
    with pytest.raises(ValidationError):  # 13 digits
        people.student_create(school=s.school, last_name="А", first_name="Б", sex="f", pin="1140320151234")


def test_student_pin_unique_in_school_and_class_of_other_school_refused(small_school):
    s = small_school
    people.student_create(school=s.school, last_name="А", first_name="Б", sex="m", pin="21403201512345")
    with pytest.raises(ValidationError):
        people.student_create(school=s.school, last_name="В", first_name="Г", sex="m", pin="21403201512345")
    # the same PIN in another school is another register
    people.student_create(school=s.other_school, last_name="В", first_name="Г", sex="m", pin="21403201512345")
    with pytest.raises(ValidationError):
        people.student_create(school=s.school, last_name="Д", first_name="Е", sex="m", class_group=s.other_class)


def test_student_update_is_recorded_in_history(small_school):
    s = small_school
    student = s.students_a[2]
    people.student_update(student=student, address="Токтогул көч., 5")
    people.student_update(student=student, class_group=s.class_b)
    with translation.override("en"):
        history = selectors.person_history(student)
    changes = [c for entry in history for c in entry["changes"]]
    assert {"field": "Address", "old": "—", "new": "Токтогул көч., 5"} in changes
    assert {"field": "Class", "old": "5 «А»", "new": "5 «Б»"} in changes


# --- parents -------------------------------------------------------------------------------------

def test_parent_of_several_children_is_one_record(small_school):
    s = small_school
    link1, reused1 = people.guardian_add_to_student(
        student=s.students_a[3], relation="father", last_name="Токтогулов", first_name="Марат",
        phone="+996 (555) 12-34-56",
    )
    link2, reused2 = people.guardian_add_to_student(
        student=s.students_b[3], relation="father", last_name="токтогулов", first_name="Марат", phone="0555 123456",
    )
    assert not reused1 and reused2
    assert link1.guardian_id == link2.guardian_id
    assert link1.guardian.children.count() == 2


def test_guardian_link_relation_and_unlink_deactivates_login(small_school):
    s = small_school
    guardian = s.guardian  # has a login, children students_a[1] and students_b[1]
    people.guardian_link(student=s.students_a[1], guardian=guardian, relation="grandmother")
    assert StudentGuardian.objects.get(student=s.students_a[1], guardian=guardian).relation == "grandmother"
    people.guardian_unlink(student=s.students_a[1], guardian=guardian)
    guardian.user.refresh_from_db()
    assert guardian.user.is_active  # still a child at the school
    people.guardian_unlink(student=s.students_b[1], guardian=guardian)
    guardian.user.refresh_from_db()
    assert not guardian.user.is_active
    people.guardian_delete(guardian=guardian)
    with pytest.raises(ValidationError):
        people.guardian_link(student=s.other_student, guardian=f.GuardianFactory(school=s.school), relation="mother")


def test_guardian_with_children_cannot_be_deleted(small_school):
    with pytest.raises(ValidationError):
        people.guardian_delete(guardian=small_school.guardian)


# --- staff -----------------------------------------------------------------------------------------

def test_staff_create_with_r_s8_fields_and_subjects(small_school):
    s = small_school
    physics = f.SubjectFactory(school=s.school, name_ky="Физика", name_ru="Физика")
    member = people.staff_create(
        school=s.school, last_name="Маматов", first_name="Нурбек", patronymic="Асанович", position="teacher",
        education_level="higher", education_ky="ОшМУ, 2005-ж.", education_ru="ОшГУ, 2005 г.", qualification="highest",
        specialty_ky="Физика мугалими", specialty_ru="Учитель физики", training_ky="2025 — 72 саат",
        training_ru="2025 — 72 часа", total_experience=20, specialty_experience=18, subjects=[physics],
    )
    assert list(member.subjects.all()) == [physics]
    people.staff_update(member=member, subjects=[], total_experience=21)
    member.refresh_from_db()
    assert member.total_experience == 21 and not member.subjects.exists()
    with pytest.raises(ValidationError):
        people.staff_update(member=member, subjects=[f.SubjectFactory(school=s.other_school)])


def test_staff_leaving_deactivates_login(small_school):
    s = small_school
    people.staff_update(member=s.teacher, is_active=False)
    s.teacher_user.refresh_from_db()
    assert not s.teacher_user.is_active


# --- classes, assignments, curriculum ----------------------------------------------------------------

def test_class_save_and_assignment_rules(small_school):
    s = small_school
    c = school_services.class_save(school=s.school, year=s.year, grade=6, letter="в", language="ru",
                                   class_teacher=s.teacher, room="204")
    assert c.letter == "В" and str(c) == "6 «В»"
    with pytest.raises(ValidationError):  # 6 «В» exists
        school_services.class_save(school=s.school, year=s.year, grade=6, letter="В", language="ky")
    with pytest.raises(ValidationError):  # a teacher of another school
        school_services.class_save(school=s.school, year=s.year, grade=7, letter="А",
                                   class_teacher=f.StaffMemberFactory(school=s.other_school))
    english = f.SubjectFactory(school=s.school, name_ky="Англис тили", name_ru="Английский язык")
    g1 = school_services.assignment_save(class_group=c, teacher=s.teacher, subject=english, subgroup=1, hours_per_week=3)
    school_services.assignment_save(class_group=c, teacher=s.other_teacher, subject=english, subgroup=2,
                                    hours_per_week=3)
    assert english in s.teacher.subjects.all()
    with pytest.raises(ValidationError):  # the same subgroup twice
        school_services.assignment_save(class_group=c, teacher=s.teacher, subject=english, subgroup=1)
    school_services.assignment_delete(assignment=g1)


def test_assignment_with_a_journal_is_not_deleted(small_school):
    from journal.gradebook.models import Lesson

    s = small_school
    Lesson.objects.create(school=s.school, assignment=s.assignment_a, date=datetime.date(2026, 11, 10))
    with pytest.raises(ValidationError):
        school_services.assignment_delete(assignment=s.assignment_a)


def test_curriculum_set_and_class_comparison(small_school):
    s = small_school
    physics = f.SubjectFactory(school=s.school, name_ky="Физика", name_ru="Физика")
    written = school_services.curriculum_set(year=s.year, hours={(5, s.math): 5, (5, physics): 2, (6, s.math): None})
    assert written == 2
    assert school_services.curriculum_set(year=s.year, hours={(5, physics): 0}) == 1
    detail = selectors.class_detail(s.class_a)
    math_row = next(r for r in detail["rows"] if r["subject"] == s.math)
    assert math_row["planned"] == Decimal(5) and math_row["assigned"] == Decimal(5) and not math_row["mismatch"]
    with pytest.raises(ValidationError):
        school_services.curriculum_set(year=s.year, hours={(5, s.math): 40})


def test_year_create_with_scheme_per_grade_level(school):
    year = school_services.year_create(school=school, start_year=2027, make_current=True)
    periods = list(year.periods.all())
    quarters = [p for p in periods if p.kind == PeriodKind.QUARTER]
    halves = [p for p in periods if p.kind == PeriodKind.HALF]
    assert len(quarters) == 4 and all((p.grade_from, p.grade_to) == (1, 9) for p in quarters)
    assert len(halves) == 2 and all((p.grade_from, p.grade_to) == (10, 11) for p in halves)
    assert [p for p in periods if p.kind == PeriodKind.YEAR][0].covers_grade(11)
    assert year.is_current and year.holidays.count() == 4
    school_services.year_set_upper_scheme(year=year, scheme=school_services.SCHEME_QUARTERS)
    assert not year.periods.filter(kind=PeriodKind.HALF).exists()
    assert all(p.grade_to == 11 for p in year.periods.filter(kind=PeriodKind.QUARTER))
    school_services.year_set_upper_scheme(year=year, scheme=school_services.SCHEME_HALVES)
    assert year.periods.filter(kind=PeriodKind.HALF).count() == 2
    other = school_services.year_create(school=school, start_year=2028, make_current=True)
    year.refresh_from_db()
    assert other.is_current and not year.is_current


def test_period_and_holiday_dates_are_checked(small_school):
    s = small_school
    with pytest.raises(ValidationError):
        school_services.period_update(period=s.period, start=datetime.date(2026, 12, 1), end=datetime.date(2026, 11, 1))
    with pytest.raises(ValidationError):  # outside the year
        school_services.period_update(period=s.period, start=datetime.date(2026, 8, 1), end=datetime.date(2026, 9, 1))
    holiday = school_services.holiday_save(year=s.year, name="Күзгү каникул", start=datetime.date(2026, 11, 2),
                                           end=datetime.date(2026, 11, 8))
    with pytest.raises(ValidationError):
        school_services.holiday_save(year=s.year, holiday=holiday, name="x", start=datetime.date(2026, 11, 8),
                                     end=datetime.date(2026, 11, 2))


# --- consent ---------------------------------------------------------------------------------------

def test_consent_record_and_withdraw(small_school, settings):
    s = small_school
    student = s.students_a[2]
    consent = consent_services.consent_record(person=student, given_by="Исакова Жылдыз",
                                              given_by_relation="мама", given_on=datetime.date(2026, 9, 1))
    assert consent.is_valid and Consent.objects.valid().filter(student=student).exists()
    assert selectors.student_list(s.director, s.school).get(pk=student.pk).has_consent
    consent_services.consent_withdraw(consent=consent, on=datetime.date(2026, 10, 1))
    assert not Consent.objects.valid(on=datetime.date(2026, 11, 1)).filter(student=student).exists()
    assert Consent.objects.valid(on=datetime.date(2026, 9, 15)).filter(student=student).exists()
    with pytest.raises(ValidationError):
        consent_services.consent_withdraw(consent=consent, on=datetime.date(2026, 8, 1))


def test_personal_data_policy(register_school):
    s = register_school
    a2 = s.students_a[2]
    policy = {name: access.personal_data_policy(user, s.school) for name, user in s.users.items() if user}
    # without consent only the system administrator
    assert policy["sysadmin"].student(a2)
    for name in ("director", "deputy", "classteacher", "teacher"):
        assert not access.personal_data_policy(s.users[name], s.school).student(a2), name
    give_consent(a2)
    give_consent(s.guardian_x)
    for name in ("director", "deputy", "sysadmin", "classteacher"):
        assert access.personal_data_policy(s.users[name], s.school).student(a2), name
        assert access.personal_data_policy(s.users[name], s.school).guardian(s.guardian_x), name
    assert not access.personal_data_policy(s.teacher_user, s.school).student(a2)  # subject teacher: names only
    give_consent(s.students_a[1])
    assert access.personal_data_policy(s.parent_user, s.school).student(s.students_a[1])  # own child
    assert not access.personal_data_policy(s.parent_user, s.school).student(a2)


# --- roles -------------------------------------------------------------------------------------------

def test_role_grant_and_revoke_by_director_with_history(small_school):
    s = small_school
    roles.role_grant(school=s.school, user=s.teacher_user, role=Role.DEPUTY, by=s.director)
    assert access.has_role(s.teacher_user, s.school, Role.DEPUTY)
    roles.role_revoke(school=s.school, user=s.teacher_user, role=Role.DEPUTY, by=s.director)
    s.teacher_user.__dict__.pop("_mektep_roles", None)
    assert not access.has_role(s.teacher_user, s.school, Role.DEPUTY)
    assert Membership.history.filter(user_id=s.teacher_user.pk, role=Role.DEPUTY).count() == 2


def test_role_rules(small_school):
    s = small_school
    with pytest.raises(PermissionDenied):  # the administrator helps with teachers only
        roles.role_grant(school=s.school, user=s.teacher_user, role=Role.DEPUTY, by=s.sysadmin)
    roles.role_revoke(school=s.school, user=s.teacher_user, role=Role.TEACHER, by=s.sysadmin)
    with pytest.raises(PermissionDenied):
        roles.role_grant(school=s.school, user=s.teacher_user, role=Role.TEACHER, by=s.deputy)
    with pytest.raises(ValidationError):  # a parent's login is not staff
        roles.role_grant(school=s.school, user=s.parent_user, role=Role.TEACHER, by=s.director)
    with pytest.raises(ValidationError):  # staff roles only
        roles.role_grant(school=s.school, user=s.teacher_user, role=Role.PARENT, by=s.director)
    director_staff = f.StaffMemberFactory(school=s.school, user=s.director)
    assert director_staff
    with pytest.raises(ValidationError):
        roles.role_revoke(school=s.school, user=s.director, role=Role.DIRECTOR, by=s.director)


# --- selectors ---------------------------------------------------------------------------------------

def test_dashboard_figures(register_school):
    s = register_school
    give_consent(s.students_a[0])
    figures = selectors.dashboard_figures(s.school)
    assert figures["students"] == 10 and figures["classes"] == 2
    assert dict(figures["by_grade"])[5] == 10
    assert figures["students_no_consent"] == 9
    assert figures["parents_with_login"] == 1 and figures["students_with_login"] == 1
    assert figures["guardians"] == 3


def test_lists_are_filtered_by_the_policy_in_the_query(register_school, django_assert_max_num_queries):
    s = register_school
    assert set(selectors.student_list(s.teacher_user, s.school)) == set(s.students_a)
    assert set(selectors.guardian_list(s.other_teacher_user, s.school)) == {s.guardian, s.guardian_y}
    assert not selectors.student_list(s.parent_user, s.other_school).exists()
    with django_assert_max_num_queries(6):
        rows = list(selectors.staff_list(s.director, s.school))
        assert [m.current_homerooms for m in rows]
