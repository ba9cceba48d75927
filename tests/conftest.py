"""Shared fixtures: a small school with one user per role (built with the register factories).

`small_school` gives: two classes (5 «А» with class teacher and subject teacher, 5 «Б»), students
in both, a parent with a child in each class, a second school for the "another school" checks.
"""

import os
from types import SimpleNamespace

import pytest

from journal.register import factories as f
from portal.roles import Role

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# Debian's Chromium (Playwright never downloads a browser of its own); see ../shared/STACK.md.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def browser():
    """A headless Chromium for the browser tests (overrides pytest-playwright's own)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """The cache outlives a test's database, which is rolled back without signals: a test starts
    with an empty one (the site and school of a host, sessions, … are kept there)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def school(db):
    return f.SchoolFactory(code="school-a", name_ky="№1 орто мектеби", name_ru="Средняя школа №1")


@pytest.fixture
def other_school(db):
    return f.SchoolFactory(code="school-b", name_ky="№2 орто мектеби", name_ru="Средняя школа №2")


@pytest.fixture
def small_school(school, other_school):
    year = f.AcademicYearFactory(school=school)
    period = f.StudyPeriodFactory(year=year)
    class_a = f.ClassGroupFactory(school=school, year=year, grade=5, letter="А")
    class_b = f.ClassGroupFactory(school=school, year=year, grade=5, letter="Б")

    director = f.user_with_role(school, Role.DIRECTOR, "director", first_name="Бактыгүл", last_name="Касенова")
    deputy = f.user_with_role(school, Role.DEPUTY, "deputy", first_name="Эльмира", last_name="Кадырова")
    sysadmin = f.user_with_role(school, Role.SYSADMIN, "sysadmin")

    class_teacher_user = f.user_with_role(school, Role.TEACHER, "classteacher")
    class_teacher = f.StaffMemberFactory(school=school, user=class_teacher_user)
    class_a.class_teacher = class_teacher
    class_a.save()
    teacher_user = f.user_with_role(school, Role.TEACHER, "teacher")
    teacher = f.StaffMemberFactory(school=school, user=teacher_user)
    other_teacher_user = f.user_with_role(school, Role.TEACHER, "teacher_b")
    other_teacher = f.StaffMemberFactory(school=school, user=other_teacher_user)

    math = f.SubjectFactory(school=school, name_ky="Математика", name_ru="Математика")
    assignment_a = f.TeachingAssignmentFactory(class_group=class_a, teacher=teacher, subject=math)
    assignment_b = f.TeachingAssignmentFactory(class_group=class_b, teacher=other_teacher, subject=math)

    students_a = [f.StudentFactory(school=school, class_group=class_a) for _ in range(5)]
    students_b = [f.StudentFactory(school=school, class_group=class_b) for _ in range(5)]

    student_user = f.user_with_role(school, Role.STUDENT, "student")
    students_a[0].user = student_user
    students_a[0].save()

    parent_user = f.user_with_role(school, Role.PARENT, "parent")
    guardian = f.GuardianFactory(school=school, user=parent_user)
    f.StudentGuardianFactory(student=students_a[1], guardian=guardian)
    f.StudentGuardianFactory(student=students_b[1], guardian=guardian)

    # another school with its own class, student and teacher
    other_year = f.AcademicYearFactory(school=other_school)
    other_class = f.ClassGroupFactory(school=other_school, year=other_year, grade=5, letter="А")
    other_student = f.StudentFactory(school=other_school, class_group=other_class)
    other_school_teacher = f.user_with_role(other_school, Role.TEACHER, "teacher_other_school")

    return SimpleNamespace(
        school=school, year=year, period=period, class_a=class_a, class_b=class_b,
        director=director, deputy=deputy, sysadmin=sysadmin,
        class_teacher_user=class_teacher_user, class_teacher=class_teacher,
        teacher_user=teacher_user, teacher=teacher, other_teacher_user=other_teacher_user, other_teacher=other_teacher,
        math=math, assignment_a=assignment_a, assignment_b=assignment_b,
        students_a=students_a, students_b=students_b, student_user=student_user,
        parent_user=parent_user, guardian=guardian,
        other_school=other_school, other_class=other_class, other_student=other_student,
        other_school_teacher=other_school_teacher,
    )


@pytest.fixture(scope="session", autouse=True)
def _serialized_rollback_over_recreated_content_types():
    """Browser tests restore the migrated database (serialized_rollback) after the flush of the
    test before. Two things broke that restore: (1) Wagtail's Page and Task look their content
    type up in __init__, and the snapshot builds them before the content-type rows, so an empty
    content-type cache made them create content types under new ids, which the snapshot's own rows
    then collided with; (2) a flush that emitted post_migrate (a transactional test without
    serialized rollback) leaves content types and permissions re-created under new ids. So: when
    the database is in the flushed state (no Wagtail root page, which the snapshot always has) drop
    re-created content types and permissions, restore the content types first, warm the cache
    with them, then restore the rest."""
    import json

    from django.contrib.contenttypes.models import ContentType
    from django.db.backends.base.creation import BaseDatabaseCreation

    original = BaseDatabaseCreation.deserialize_db_from_string

    def deserialize(self, data):
        connection = self.connection
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM wagtailcore_page")
            if cursor.fetchone()[0] == 0:
                qn = connection.ops.quote_name
                for table in ("auth_group_permissions", "portal_user_user_permissions", "auth_permission",
                              "django_content_type"):
                    cursor.execute(f"DELETE FROM {qn(table)}")  # noqa: S608 - fixed table names
        objects = json.loads(data)
        types = [o for o in objects if o["model"] == "contenttypes.contenttype"]
        original(self, json.dumps(types))
        ContentType.objects.clear_cache()
        for content_type in ContentType.objects.using(connection.alias):
            ContentType.objects._add_to_cache(connection.alias, content_type)
        return original(self, json.dumps([o for o in objects if o["model"] != "contenttypes.contenttype"]))

    BaseDatabaseCreation.deserialize_db_from_string = deserialize
    yield
    BaseDatabaseCreation.deserialize_db_from_string = original
