"""Many schools in one database (issue 12 §5): no query of the main private pages without a school
condition.

With two schools in the database, the SQL of each page is captured and every SELECT that reads a
school-owned table (a table of a model with a `school` field, or reaching one through its foreign
keys, e.g. study periods through their year) must be restricted to the user's school:
- directly: a `"school_id" = <the school>` (or `IN (…)` holding only the school) anywhere in the
  statement — in the WHERE, in a JOIN's ON or in a subquery, so joined and nested rows count; or
- by key: `"table"."id" = n` / `"table"."fk_id" IN (…)` with literal ids (a prefetch, or a row
  fetched by its key after an access check); then every id given must be a row of the school, which
  the test looks up in the database.
A statement with neither fails the test, printed with the page it came from.
"""

import re

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.journal.gradebook.conftest import gb  # noqa: F401  (the fixture)

SCHOOL_APPS = {"portal", "journal", "gradebook", "reports", "queries", "archive"}
NOT_OWNED = {"portal_user", "portal_school"}  # users may belong to several schools; the school row itself

TABLE_RE = re.compile(r'(?:FROM|JOIN)\s+"(\w+)"', re.I)
SCHOOL_COND_RE = re.compile(r'"school_id"\s*(?:=\s*(\d+)|IN\s*\(([\d,\s]+)\))', re.I)
KEY_COND_RE = re.compile(r'(?:"(\w+)"|([UT]\d+))\."(\w+)"\s*(?:=\s*(\d+)\b(?!\s*\.)|IN\s*\(([\d,\s]+)\))', re.I)
ALIAS_RE = re.compile(r'"(\w+)"\s+(?:AS\s+)?([UT]\d+)\b')
# The user's own rows, read by the logged-in user's id: they choose the school of the request
# (portal.access) and count the day's page views (one Visit per user and day, unique).
USER_KEYED = {"portal_membership", "portal_visit"}


def _models_by_table():
    return {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)}


def school_path(model, depth=3):
    """The lookup from `model` to its school (e.g. "year__school"), or None if it has none."""
    if model._meta.db_table == "portal_school":
        return "pk"
    names = {f.name: f for f in model._meta.fields}
    if "school" in names and names["school"].is_relation:
        return "school"
    if depth == 0:
        return None
    for f in model._meta.fields:
        if f.many_to_one and f.related_model is not None and f.related_model._meta.db_table not in NOT_OWNED:
            rest = school_path(f.related_model, depth - 1)
            if rest:
                return f"{f.name}__{rest}"
    return None


def owned_tables():
    return {table for table, model in _models_by_table().items()
            if model._meta.app_label in SCHOOL_APPS and table not in NOT_OWNED and "historical" not in table
            and school_path(model)}


def _ids(single, many):
    return {int(single)} if single else {int(x) for x in many.split(",") if x.strip()}


def key_rows_in_school(sql, school):
    """True if the statement is restricted by literal keys and every key is a row of `school`."""
    tables = _models_by_table()
    aliases = dict((alias, table) for table, alias in ALIAS_RE.findall(sql))
    found = False
    for table, alias, column, single, many in KEY_COND_RE.findall(sql):
        model = tables.get(table or aliases.get(alias, ""))
        if model is None:
            continue
        field = next((f for f in model._meta.concrete_fields if f.column == column), None)
        if field is None:
            continue
        target = model if field.primary_key else (field.related_model if field.is_relation else None)
        if target is None:
            continue
        path = school_path(target)
        if path is None:
            if target._meta.db_table in NOT_OWNED:
                continue  # e.g. by user: says nothing about the school
            return False
        ids = _ids(single, many)
        if not ids:
            continue
        found = True
        if path == "pk":
            if ids != {school.pk}:
                return False
        elif target._default_manager.filter(pk__in=ids).exclude(**{path: school}).exists():
            return False
    return found


def users_own_rows(sql, tables, user):
    """Only the user's own membership/visit rows, read by the user's id."""
    return (user is not None and tables & USER_KEYED and not tables & (owned_tables() - USER_KEYED)
            and re.search(rf'"user_id"\s*=\s*{user.pk}\b', sql))


def unrestricted(queries, school, other_school, user=None):
    """The SELECTs on school-owned tables without a condition restricting them to `school`."""
    owned = owned_tables()
    bad = []
    for q in queries:
        sql = q["sql"]
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        tables = set(TABLE_RE.findall(sql))
        if not tables & owned or users_own_rows(sql, tables, user):
            continue
        schools = [_ids(a, b) for a, b in SCHOOL_COND_RE.findall(sql)]
        if schools and all(ids == {school.pk} for ids in schools):
            continue
        assert not any(other_school.pk in ids for ids in schools), f"reads the other school: {sql}"
        if key_rows_in_school(sql, school):
            continue
        bad.append(sql)
    return bad


def pages(s):
    """(user, url) of the main private pages of the small school."""
    return [
        (s.deputy, reverse("journal:student_list")),
        (s.deputy, reverse("journal:guardian_list")),
        (s.deputy, reverse("journal:staff_list")),
        (s.deputy, reverse("journal:class_list")),
        (s.teacher_user, reverse("journal:grid", args=[s.assignment_a.pk])),
        (s.teacher_user, reverse("journal:teacher_home")),
        (s.parent_user, reverse("journal:diary")),
        (s.parent_user, reverse("journal:diary_student", args=[s.students_a[1].pk]) + "?date=2026-11-10"),
        (s.director, reverse("journal:reports_achievement")),
        (s.deputy, reverse("journal:fill_control")),
    ]


@pytest.fixture
def two_full_schools(gb):  # noqa: F811
    """The small school, and in the other school a teacher, subject, assignment and lessons too."""
    from journal.gradebook import factories as gf
    from journal.register import factories as f

    other_teacher = f.StaffMemberFactory(school=gb.other_school)
    subject = f.SubjectFactory(school=gb.other_school)
    assignment = f.TeachingAssignmentFactory(class_group=gb.other_class, teacher=other_teacher, subject=subject)
    f.StudyPeriodFactory(year=gb.other_class.year)
    gf.LessonFactory(assignment=assignment, date=gb.lesson.date, lesson_number=1)
    return gb


@pytest.mark.django_db
def test_every_select_of_the_main_pages_is_restricted_to_the_school(client, two_full_schools):
    s = two_full_schools
    # The movement book's daily job (the first request of a day applies the due movements of every
    # school, as `manage.py apply_movements` does at night) is deployment-wide maintenance, not a
    # page's read: count it as done today.
    cache.set("mektep:movements-applied", timezone.localdate().isoformat())
    failures = []
    for user, url in pages(s):
        client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, url
        failures += [f"{url}: {sql}" for sql in unrestricted(ctx.captured_queries, s.school, s.other_school, user)]
    assert not failures, "SELECTs without a school condition:\n" + "\n\n".join(failures)


@pytest.mark.django_db
def test_the_scan_catches_a_query_without_school(two_full_schools):
    """The scanner itself: an unrestricted read and a read of the other school's row are caught."""
    from journal.register.models import Student, Subject, TeachingAssignment
    from portal.models import Membership

    s = two_full_schools
    with CaptureQueriesContext(connection) as ctx:
        list(Student.objects.all())
        list(Student.objects.filter(school=s.school))
        list(Student.objects.filter(pk=s.students_a[0].pk))
        list(Student.objects.filter(pk=s.other_student.pk))
        list(Membership.objects.filter(user=s.teacher_user))
        list(Membership.objects.filter(user=s.other_school_teacher))
        for class_group in (s.class_a, s.other_class):
            list(Subject.objects.filter(pk__in=TeachingAssignment.objects.filter(
                class_group=class_group).values("subject_id")))
    bad = unrestricted(ctx.captured_queries, s.school, s.other_school, s.teacher_user)
    assert len(bad) == 4
    assert "WHERE" not in bad[0]
    assert str(s.other_student.pk) in bad[1]
    assert f'"user_id" = {s.other_school_teacher.pk}' in bad[2]
    assert f'"class_group_id" = {s.other_class.pk}' in bad[3]


def subselects_reading(sql, table):
    """The sub-selects of a statement that read `table` in their own FROM: each from its
    '(SELECT' to the matching ')'."""
    found = []
    for match in re.finditer(rf'FROM "{table}"', sql):
        start = sql.rindex("(SELECT", 0, match.start())
        depth = 0
        for end in range(start, len(sql)):
            depth += {"(": 1, ")": -1}.get(sql[end], 0)
            if depth == 0:
                found.append(sql[start:end + 1])
                break
    return found


@pytest.mark.django_db
def test_the_lists_consent_subselect_reads_only_the_schools_consents(client, two_full_schools):
    """PostgreSQL runs the consent sub-select of a list once and hashes it: correlated only by
    the person, it read every school's consents (a sequential scan growing with the schools of
    the deployment). It carries the school as a constant."""
    s = two_full_schools
    client.force_login(s.deputy)
    for name in ("journal:student_list", "journal:guardian_list", "journal:staff_list"):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(name)).status_code == 200
        subselects = [sub for q in ctx.captured_queries for sub in subselects_reading(q["sql"], "journal_consent")]
        assert subselects, name
        for sub in subselects:
            assert re.search(rf'"school_id" = {s.school.pk}\b', sub), f"{name}: {sub}"


@pytest.mark.django_db
def test_a_teachers_classes_are_read_from_the_teachers_own_rows(two_full_schools):
    """The classes a teacher sees (the grid's menu, announcements, the forum) start from the
    teacher's staff row of the school: no join through every school's assignments, no DISTINCT."""
    from portal import access

    s = two_full_schools
    for queryset in (access.classes_visible(s.teacher_user, s.school),
                     access.taught_classes(s.teacher_user, s.school)):
        with CaptureQueriesContext(connection) as ctx:
            classes = list(queryset)
        assert s.class_a in classes and s.other_class not in classes
        sql = ctx.captured_queries[-1]["sql"]
        assert "DISTINCT" not in sql and "JOIN" not in sql, sql
        for table in ("journal_teachingassignment", "journal_staffmember"):
            subselects = subselects_reading(sql, table)
            assert subselects, table
            for sub in subselects:
                assert re.search(rf'"school_id" = {s.school.pk}\b', sub), sub


@pytest.mark.django_db
def test_the_years_grades_are_read_from_the_schools_part_of_one_index(two_full_schools):
    """The query constructor's year of grades by class and subject (and every grouping per
    assignment) needs of a grade only its school, lesson and value: the (school, lesson, value)
    index holds them, so PostgreSQL reads the school's part of that index and not the table,
    whatever the other schools' grades and however the rows lie in the table."""
    from journal.gradebook import factories as gf
    from journal.queries.selectors import year_grades_by_class_subject

    s = two_full_schools
    gf.GradeFactory(lesson=s.lesson, student=s.students_a[0], value=5)
    with CaptureQueriesContext(connection) as ctx:
        result = year_grades_by_class_subject(s.director, s.school, s.year)
    assert result.rows
    [sql] = [q["sql"] for q in ctx.captured_queries if 'FROM "gradebook_grade"' in q["sql"]]
    assert re.search(rf'"gradebook_grade"\."school_id" = {s.school.pk}\b', sql), sql
    grade_columns = set(re.findall(r'"gradebook_grade"\."(\w+)"', sql))
    assert grade_columns <= {"school_id", "lesson_id", "value"}, grade_columns
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a test database is too small to prefer it
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            cursor.execute("RESET enable_seqscan")
        assert "Index Only Scan using grade_school_lesson_value on gradebook_grade" in plan, plan


@pytest.mark.django_db
def test_the_planner_knows_a_lessons_assignment_decides_its_school():
    """Functional-dependency statistics on the lessons' (school, assignment) (gradebook migration
    0008): without them PostgreSQL multiplied the shares of the two conditions and planned the
    year's grades of a school for a twentieth of its rows."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's extended statistics")
    with connection.cursor() as cursor:
        cursor.execute("SELECT stxkind, stxkeys::text FROM pg_statistic_ext WHERE stxname = %s",
                       ["gradebook_lesson_school_assignment"])
        [(kinds, keys)] = cursor.fetchall()
        cursor.execute("SELECT attnum, attname FROM pg_attribute WHERE attrelid = 'gradebook_lesson'::regclass")
        names = dict(cursor.fetchall())
    assert "f" in kinds  # dependencies
    assert {names[int(n)] for n in keys.split()} == {"school_id", "assignment_id"}


@pytest.mark.django_db
def test_the_school_report_reads_the_periods_grades_from_the_schools_part_of_one_index(client, two_full_schools):
    """The school's quarter report counts the period grades of a period: the (school, period,
    kind, assignment, student) index with the marks included holds every column it needs, so
    PostgreSQL reads the school's part of that index alone (gradebook migration 0009)."""
    s = two_full_schools
    client.force_login(s.director)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("journal:reports_achievement")).status_code == 200
    [sql] = [q["sql"] for q in ctx.captured_queries if '"gradebook_periodgrade" pg' in q["sql"]]
    assert re.search(rf'pg\."school_id" = {s.school.pk}\b', sql), sql
    read = set(re.findall(r'\bpg\.(?:"(\w+)"|(\w+))', sql))
    columns = {a or b for a, b in read}
    assert columns <= {"school_id", "period_id", "kind", "assignment_id", "student_id", "value", "special"}, columns
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            cursor.execute("RESET enable_seqscan")
            cursor.execute("RESET enable_bitmapscan")
        assert "Index Only Scan using period_grade_school_period on gradebook_periodgrade pg" in plan, plan
