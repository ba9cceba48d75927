#!/usr/bin/env python
"""Benchmark of the class journal on the full demo school. See bench/README.md.

    .venv/bin/python bench/run.py [--reps 20] [--rebuild]

Builds the demo school (`manage.py demo_school`) on the configured database unless it is
already there, then requests the real pages with Django's test client, logged in as the demo
teacher, deputy and parent, and prints one line per figure: `name: value unit`.
"""

import argparse
import datetime
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/mektep-bench.sqlite3")
# the queue as in production (tasks wait in the database for the worker), not run in the request
os.environ.setdefault("TASKS_BACKEND", "database")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone, translation  # noqa: E402


def line(name, value, unit=""):
    if value is None:
        print(f"{name}: n/a", flush=True)
    elif isinstance(value, float):
        print(f"{name}: {value:.1f} {unit}".rstrip(), flush=True)
    else:
        print(f"{name}: {value} {unit}".rstrip(), flush=True)


def url_or_none(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def measure(name, request, reps, *, queries=False, expect=(200,)):
    """Run request() reps times (after one warm-up); print p50 and p95 in ms (and the queries
    of the last run). request() returns a response."""
    if request is None:
        line(f"{name}_p50_ms", None)
        line(f"{name}_p95_ms", None)
        if queries:
            line(f"{name}_queries", None)
        return
    response = request()
    if response.status_code not in expect:
        line(f"{name}_p50_ms", None)
        print(f"# {name}: HTTP {response.status_code}", file=sys.stderr)
        return
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        response = request()
        times.append((time.perf_counter() - start) * 1000)
    line(f"{name}_p50_ms", percentile(times, 0.5), "ms")
    line(f"{name}_p95_ms", percentile(times, 0.95), "ms")
    if queries:
        with CaptureQueriesContext(connection) as ctx:
            request()
        line(f"{name}_queries", len(ctx.captured_queries), "queries")
    return percentile(times, 0.5)


# The floor of the school's quarter report: what the database needs to answer the page, hand-written.
# (1) every row the page shows — the classes of the period's grades, each parallel, stage and the
# school total — with the roll from the movement book (at the start, arrived, left, at the end),
# graded, н/а, exempt, only 5, only 4 and 5, one 4, one 3, failing, the marks, pass rate, quality,
# СОУ and the average; and the same mark figures in the previous period and the same period last
# year (the dynamics); (2) the failing students with their subjects and marks; (3) the assessment
# rules of the year (which classes are assessed without marks, R-J17, is decided from them).
RAW_REPORT_SQL = """
WITH cur AS (
    SELECT p.id, p.kind, p.number, p.grade_from, p.grade_to, p.year_id, p.start, p."end",
           y.school_id, y.start AS year_start
    FROM journal_studyperiod p JOIN journal_academicyear y ON y.id = p.year_id
    WHERE p.id = %(period)s
),
periods AS (
    SELECT 'current' AS which, cur.id AS period_id, cur.year_id AS year_id FROM cur
    UNION ALL
    SELECT 'previous', p.id, p.year_id
    FROM journal_studyperiod p JOIN cur ON p.year_id = cur.year_id AND p.kind = cur.kind
         AND p.grade_from = cur.grade_from AND p.grade_to = cur.grade_to AND cur.number > 1 AND p.number = cur.number - 1
    UNION ALL
    SELECT * FROM (
        SELECT 'last_year', p.id, p.year_id
        FROM journal_studyperiod p JOIN journal_academicyear y ON y.id = p.year_id
             JOIN cur ON y.school_id = cur.school_id AND y.start < cur.year_start AND y.start >= %(bound)s
                  AND p.kind = cur.kind AND p.number = cur.number AND p.grade_from = cur.grade_from
                  AND p.grade_to = cur.grade_to
        ORDER BY y.start DESC LIMIT 1
    ) last_year
),
classes AS (
    SELECT pr.which, pr.period_id, cg.id AS class_id, cg.grade,
           CASE WHEN cg.grade <= 4 THEN '1-4' WHEN cg.grade <= 9 THEN '5-9' ELSE '10-11' END AS stage
    FROM periods pr JOIN cur ON TRUE
         JOIN journal_classgroup cg ON cg.year_id = pr.year_id AND cg.school_id = cur.school_id
              AND cg.grade BETWEEN cur.grade_from AND cur.grade_to
),
grades AS (
    SELECT c.which, c.class_id, pg.student_id,
           CASE WHEN pg.special = 'na' THEN -1 WHEN pg.special = 'exempt' THEN -2 ELSE pg.value END AS v
    FROM classes c JOIN journal_teachingassignment ta ON ta.class_group_id = c.class_id
         JOIN gradebook_periodgrade pg ON pg.assignment_id = ta.id AND pg.period_id = c.period_id
              AND pg.kind = 'period'
),
per_student AS (
    SELECT which, class_id, student_id,
           COUNT(*) FILTER (WHERE v = -1) AS na, COUNT(*) FILTER (WHERE v = -2) AS exempt,
           COUNT(*) FILTER (WHERE v = 5) AS n5, COUNT(*) FILTER (WHERE v = 4) AS n4,
           COUNT(*) FILTER (WHERE v = 3) AS n3, COUNT(*) FILTER (WHERE v = 2) AS n2,
           COUNT(*) FILTER (WHERE v = 1) AS n1,
           COALESCE(SUM(v) FILTER (WHERE v >= 0), 0) AS marks_sum, COUNT(v) FILTER (WHERE v >= 0) AS marks_n
    FROM grades GROUP BY which, class_id, student_id
),
figures AS (
    SELECT which, class_id,
           COUNT(*) FILTER (WHERE n5 + n4 + n3 + n2 + n1 + na > 0) AS graded,
           COUNT(*) FILTER (WHERE na > 0) AS not_certified,
           COUNT(*) FILTER (WHERE exempt > 0) AS exempt,
           COUNT(*) FILTER (WHERE n2 + n1 + na = 0 AND n5 > 0 AND n4 = 0 AND n3 = 0) AS excellent,
           COUNT(*) FILTER (WHERE n2 + n1 + na = 0 AND n5 + n4 > 0 AND n3 = 0) AS good,
           COUNT(*) FILTER (WHERE n2 + n1 + na = 0 AND n4 = 1 AND n3 = 0) AS one_four,
           COUNT(*) FILTER (WHERE n2 + n1 + na = 0 AND n3 = 1) AS one_three,
           COUNT(*) FILTER (WHERE n2 + n1 + na > 0) AS failing,
           SUM(n5) AS n5, SUM(n4) AS n4, SUM(n3) AS n3, SUM(n2) AS n2, SUM(n1) AS n1, SUM(na) AS na,
           SUM(marks_sum) AS marks_sum, SUM(marks_n) AS marks_n
    FROM per_student GROUP BY which, class_id
),
moves AS (
    SELECT m.student_id, m.kind, m.date, m.id, m.class_from_id, m.class_to_id, m.date <= cur."end" AS in_period
    FROM journal_movementrecord m JOIN cur ON m.school_id = cur.school_id AND m.date >= cur.start
),
ranked AS (
    SELECT moves.*, ROW_NUMBER() OVER (PARTITION BY student_id ORDER BY date, id) AS first_rank,
           ROW_NUMBER() OVER (PARTITION BY student_id, in_period ORDER BY date DESC, id DESC) AS last_rank
    FROM moves
),
roll AS (
    SELECT CASE WHEN f.student_id IS NOT NULL THEN f.class_from_id ELSE s.class_group_id END AS start_class,
           CASE WHEN l.student_id IS NOT NULL THEN l.class_to_id
                WHEN f.student_id IS NOT NULL THEN f.class_from_id ELSE s.class_group_id END AS end_class
    FROM (SELECT s.id AS student_id FROM journal_student s JOIN cur ON s.school_id = cur.school_id
          WHERE s.status = 'studying' AND s.class_group_id IS NOT NULL
          UNION SELECT student_id FROM moves) people
         LEFT JOIN ranked f ON f.student_id = people.student_id AND f.first_rank = 1
         LEFT JOIN ranked l ON l.student_id = people.student_id AND l.in_period AND l.last_rank = 1
         LEFT JOIN journal_student s ON s.id = people.student_id AND s.status = 'studying'
),
flows AS (
    SELECT class_to_id AS class_id, 1 AS arrived, 0 AS "left" FROM moves
    WHERE in_period AND (kind = 'arrival' OR (kind IN ('transfer', 'promotion', 'repeat')
                                               AND class_from_id IS DISTINCT FROM class_to_id))
    UNION ALL
    SELECT class_from_id, 0, 1 FROM moves
    WHERE in_period AND (kind IN ('departure', 'graduation') OR (kind IN ('transfer', 'promotion', 'repeat')
                                                                  AND class_from_id IS DISTINCT FROM class_to_id))
),
roll_counts AS (
    SELECT class_id, SUM(at_start) AS roll_start, SUM(at_end) AS roll_end, SUM(arrived) AS arrived,
           SUM("left") AS "left"
    FROM (SELECT start_class AS class_id, 1 AS at_start, 0 AS at_end, 0 AS arrived, 0 AS "left" FROM roll
          UNION ALL SELECT end_class, 0, 1, 0, 0 FROM roll
          UNION ALL SELECT class_id, 0, 0, arrived, "left" FROM flows) counted
    GROUP BY class_id
),
class_rows AS (
    SELECT c.which, c.stage, c.grade, c.class_id,
           COALESCE(r.roll_start, 0) AS roll_start, COALESCE(r.arrived, 0) AS arrived,
           COALESCE(r."left", 0) AS "left", COALESCE(r.roll_end, 0) AS roll_end,
           COALESCE(f.graded, 0) AS graded, COALESCE(f.not_certified, 0) AS not_certified,
           COALESCE(f.exempt, 0) AS exempt, COALESCE(f.excellent, 0) AS excellent, COALESCE(f.good, 0) AS good,
           COALESCE(f.one_four, 0) AS one_four, COALESCE(f.one_three, 0) AS one_three,
           COALESCE(f.failing, 0) AS failing, COALESCE(f.n5, 0) AS n5, COALESCE(f.n4, 0) AS n4,
           COALESCE(f.n3, 0) AS n3, COALESCE(f.n2, 0) AS n2, COALESCE(f.n1, 0) AS n1, COALESCE(f.na, 0) AS na,
           COALESCE(f.marks_sum, 0) AS marks_sum, COALESCE(f.marks_n, 0) AS marks_n
    FROM classes c LEFT JOIN figures f ON f.which = c.which AND f.class_id = c.class_id
         LEFT JOIN roll_counts r ON c.which = 'current' AND r.class_id = c.class_id
),
report AS (
    SELECT which, 'class' AS level, stage, grade, class_id, roll_start, arrived, "left", roll_end, graded,
           not_certified, exempt, excellent, good, one_four, one_three, failing, n5, n4, n3, n2, n1, na,
           marks_sum, marks_n
    FROM class_rows
    UNION ALL
    SELECT which, 'grade', stage, grade, NULL, SUM(roll_start), SUM(arrived), SUM("left"), SUM(roll_end),
           SUM(graded), SUM(not_certified), SUM(exempt), SUM(excellent), SUM(good), SUM(one_four),
           SUM(one_three), SUM(failing), SUM(n5), SUM(n4), SUM(n3), SUM(n2), SUM(n1), SUM(na), SUM(marks_sum),
           SUM(marks_n)
    FROM class_rows GROUP BY which, stage, grade
    UNION ALL
    SELECT which, 'stage', stage, NULL, NULL, SUM(roll_start), SUM(arrived), SUM("left"), SUM(roll_end),
           SUM(graded), SUM(not_certified), SUM(exempt), SUM(excellent), SUM(good), SUM(one_four),
           SUM(one_three), SUM(failing), SUM(n5), SUM(n4), SUM(n3), SUM(n2), SUM(n1), SUM(na), SUM(marks_sum),
           SUM(marks_n)
    FROM class_rows GROUP BY which, stage
    UNION ALL
    SELECT which, 'total', NULL, NULL, NULL, SUM(roll_start), SUM(arrived), SUM("left"), SUM(roll_end),
           SUM(graded), SUM(not_certified), SUM(exempt), SUM(excellent), SUM(good), SUM(one_four),
           SUM(one_three), SUM(failing), SUM(n5), SUM(n4), SUM(n3), SUM(n2), SUM(n1), SUM(na), SUM(marks_sum),
           SUM(marks_n)
    FROM class_rows GROUP BY which
)
SELECT report.*,
       ROUND(100.0 * (graded - failing) / NULLIF(graded, 0), 1) AS pass_rate,
       ROUND(100.0 * good / NULLIF(graded, 0), 1) AS quality,
       ROUND((100.0 * n5 + 64 * n4 + 36 * n3 + 16 * n2 + 7 * n1) / NULLIF(n5 + n4 + n3 + n2 + n1 + na, 0), 1) AS sou,
       ROUND(1.0 * marks_sum / NULLIF(marks_n, 0), 2) AS average
FROM report ORDER BY which, stage, grade, level, class_id
"""

RAW_FAILING_SQL = """
SELECT ta.class_group_id, s.id, s.last_name, s.first_name, s.patronymic, sub.id, sub."order", sub.name_ky,
       sub.name_ru, sub.short_ky, sub.short_ru, pg.value, pg.special
FROM gradebook_periodgrade pg JOIN journal_studyperiod p ON p.id = pg.period_id
     JOIN journal_teachingassignment ta ON ta.id = pg.assignment_id
     JOIN journal_classgroup cg ON cg.id = ta.class_group_id
     JOIN journal_student s ON s.id = pg.student_id JOIN journal_subject sub ON sub.id = ta.subject_id
WHERE pg.period_id = %(period)s AND pg.kind = 'period' AND cg.school_id = %(school)s AND cg.year_id = p.year_id
      AND cg.grade BETWEEN p.grade_from AND p.grade_to
      AND (pg.special = 'na' OR (pg.value <= 2 AND pg.special NOT IN ('na', 'exempt')))
ORDER BY cg.grade, cg.letter, s.last_name, s.first_name, s.patronymic, sub."order", sub.id
"""

RAW_RULES_SQL = """
SELECT r.id, r.grade_from, r.grade_to, r.scale, r.max_points, rp.studyperiod_id
FROM gradebook_assessmentrule r LEFT JOIN gradebook_assessmentrule_periods rp ON rp.assessmentrule_id = r.id
WHERE r.school_id = %(school)s AND r.year_id IN (SELECT year_id FROM journal_studyperiod WHERE id = %(period)s)
"""


def raw_report_ms(school, period, reps, *, rows=None):
    """The school's quarter report as hand-written SQL (RAW_REPORT_SQL, RAW_FAILING_SQL,
    RAW_RULES_SQL: every figure of every row the page shows, its dynamics' figures, the failing
    students, the rules): the floor the report page is compared with. `rows`, a dict, receives
    the statements' results of the last run."""
    params = {"period": period.pk, "school": school.pk,
              "bound": period.year.start - datetime.timedelta(days=400)}
    times = []
    for _ in range(reps + 1):
        start = time.perf_counter()
        results = []
        with connection.cursor() as cursor:
            for sql in (RAW_REPORT_SQL, RAW_FAILING_SQL, RAW_RULES_SQL):
                cursor.execute(sql, params)
                results.append(cursor.fetchall())
        times.append((time.perf_counter() - start) * 1000)
    if rows is not None:
        rows.update(zip(("report", "failing", "rules"), results, strict=True))
    return percentile(times[1:], 0.5)


def ensure_demo(rebuild):
    from portal.models import School

    call_command("migrate", verbosity=0)
    school = School.objects.filter(code="demo").first()
    from journal.gradebook.models import Lesson

    if rebuild or school is None or not Lesson.objects.filter(school=school).exists():
        start = time.perf_counter()
        call_command("demo_school", "--force", "--full-year", stdout=sys.stderr)
        line("demo_school_build_s", time.perf_counter() - start, "s")
        school = School.objects.get(code="demo")
    return school


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--rebuild", action="store_true", help="Rebuild the demo school first.")
    parser.add_argument("--load", action="store_true",
                        help="Then the load and fault test (bench/load.py --faults) and the public cache figures "
                             "(bench/page_weight.py) against gunicorn, on the same database.")
    args = parser.parse_args()
    reps = max(args.reps, 1)

    school = ensure_demo(args.rebuild)
    setup_test_environment()  # lets the test client run against this database
    translation.activate("ky")  # reverse() gives /ky/… URLs

    from journal.gradebook.models import Attendance, Grade, Lesson, LessonStatus
    from journal.gradebook.selectors.calendar import YearCalendar
    from journal.gradebook.services.lesson_generation import lessons_generate
    from journal.register.models import AcademicYear, ClassGroup, StudentStatus, StudyPeriod, TeachingAssignment
    from portal import access
    from portal.models import Membership, User
    from portal.roles import Role

    year = AcademicYear.objects.get(school=school, is_current=True)
    today = timezone.localdate()
    line("db_vendor", connection.vendor)
    line("grades_total", Grade.objects.filter(school=school).count(), "grades")
    line("absences_total", Attendance.objects.filter(school=school).count(), "absences")
    line("lessons_total", Lesson.objects.filter(school=school).count(), "lessons")

    def user(username, role):
        u = User.objects.filter(username=username).first()
        if u is None:
            m = Membership.objects.filter(school=school, role=role, is_active=True).select_related("user").first()
            u = m.user if m else None
        return u

    deputy = user("deputy", Role.DEPUTY)
    parent = user("parent", Role.PARENT)

    # the grid: the biggest class's 5-hours-a-week subject, for its first quarter (full of marks)
    sizes = dict(
        ClassGroup.objects.filter(school=school, year=year, students__status=StudentStatus.STUDYING)
        .annotate(n=Count("students")).values_list("pk", "n")
    )
    candidates = list(
        TeachingAssignment.objects.filter(school=school, year=year, hours_per_week__gte=5, subgroup=0,
                                          teacher__user__isnull=False)
        .select_related("class_group", "teacher__user")
    )
    candidates.sort(key=lambda a: -sizes.get(a.class_group_id, 0))
    demo_teacher = User.objects.filter(username="teacher").first()
    mine = [a for a in candidates if demo_teacher and a.teacher.user_id == demo_teacher.pk]
    assignment = (mine or candidates or [None])[0]
    if assignment is None:
        print("# no 5-hours-a-week assignment with a teacher login in the demo school", file=sys.stderr)
        return
    teacher = assignment.teacher.user
    calendar = YearCalendar(year)
    periods = calendar.periods_for(assignment.class_group.grade)
    first = periods[0]
    current = calendar.period_on(today, assignment.class_group.grade)
    line("grid_students", sizes.get(assignment.class_group_id, 0), "students")
    line("grid_lessons", Lesson.objects.filter(assignment=assignment, date__range=(first.start, first.end))
         .exclude(status=LessonStatus.CANCELLED).count(), "lessons")

    t_client, d_client, p_client = Client(), Client(), Client()
    t_client.force_login(teacher)
    d_client.force_login(deputy)
    if parent:
        p_client.force_login(parent)

    # the baseline: the same client, middleware, login and language prefix on a minimal private view
    ping = url_or_none("portal:ping")
    measure("baseline_request", ping and (lambda: d_client.get(ping)), reps)

    grid = url_or_none("journal:grid", assignment.pk)
    measure("journal_grid", grid and (lambda: t_client.get(f"{grid}?period={first.pk}")), reps, queries=True)

    # saving a grade through the grid's cell API (a lesson of the open, current period)
    cell = url_or_none("journal:grid_cell", assignment.pk)
    lesson = (
        Lesson.objects.filter(assignment=assignment, date__range=(current.start, min(current.end, today)))
        .order_by("-date").first() if current else None
    )
    student = assignment.class_group.students.filter(status=StudentStatus.STUDYING).order_by("pk").first()
    if current is not None and current.is_closed:
        # a full-year demo closes every period; the teacher writes in the open, current one
        StudyPeriod.objects.filter(pk=current.pk).update(is_closed=False)
    if cell and lesson and student:
        state = {"version": 0, "value": 4}
        existing = Grade.objects.filter(lesson=lesson, student=student, position=0).first()
        if existing:
            state["version"] = existing.version

        def save_grade():
            state["value"] = 5 if state["value"] == 4 else 4
            body = {"op": "grade", "lesson": lesson.pk, "student": student.pk, "position": 0,
                    "value": state["value"], "version": state["version"], "period": current.pk}
            response = t_client.post(f"{cell}", data=json.dumps(body), content_type="application/json",
                                     HTTP_ACCEPT="application/json")
            if response.status_code == 200:
                saved = [g for g in response.json()["cell"]["g"] if g[0] == 0]
                state["version"] = saved[0][2] if saved else 0
            return response

        measure("grade_save", save_grade, reps, queries=True)
        bench_notifications_grade_save(save_grade, reps)
    else:
        measure("grade_save", None, reps, queries=True)

    # the period-grade sheet of the grid's class (PDF) and part A's period-grades page
    closed = StudyPeriod.objects.filter(year=year, is_closed=True).order_by("start").first() or first
    sheet = url_or_none("journal:print_period_sheet", assignment.class_group_id, closed.pk)
    measure("period_grade_sheet", sheet and (lambda: d_client.get(f"{sheet}")), reps, queries=True)
    page = url_or_none("journal:period_grades", assignment.pk)
    measure("period_grades_page", page and (lambda: t_client.get(f"{page}?period={first.pk}")), reps,
            queries=True)
    journal_pdf = url_or_none("journal:print_class_journal", assignment.pk, first.pk)
    measure("class_journal_pdf", journal_pdf and (lambda: d_client.get(f"{journal_pdf}")), max(reps // 2, 3))

    # the deputy's and the teacher's other pages
    control = url_or_none("journal:fill_control")
    measure("fill_control", control and (lambda: d_client.get(f"{control}")), reps, queries=True)
    plans = url_or_none("journal:plans")
    measure("plans_list", plans and (lambda: d_client.get(f"{plans}?problems=0")), reps, queries=True)
    tt_class = url_or_none("journal:timetable_class", assignment.class_group_id)
    measure("timetable_class", tt_class and (lambda: t_client.get(f"{tt_class}")), reps, queries=True)
    plan_edit = url_or_none("journal:plan_edit", assignment.pk)
    measure("plan_edit", plan_edit and (lambda: t_client.get(f"{plan_edit}")), reps, queries=True)
    home = url_or_none("journal:teacher_home")
    measure("teacher_home", home and (lambda: t_client.get(f"{home}")), reps, queries=True)

    # the parents' diary
    child = access.children_of(parent, school).order_by("pk").first() if parent else None
    if child:
        week = url_or_none("journal:diary_student", child.pk)
        grades = url_or_none("journal:diary_grades", child.pk)
        monday = today - datetime.timedelta(days=today.isoweekday() - 1)
        measure("diary_week", week and (lambda: p_client.get(f"{week}?date={monday:%Y-%m-%d}")), reps,
                queries=True)
        measure("diary_grades", grades and (lambda: p_client.get(f"{grades}")), reps, queries=True)
    else:
        measure("diary_week", None, reps, queries=True)

    # reports: the school's quarter report (achievement summary), one class's, and the same figures
    # as one hand-written SQL aggregate; the deputy's list of every student on one page
    from journal.register.models import PeriodKind

    quarter = (StudyPeriod.objects.filter(year=year, kind=PeriodKind.QUARTER).order_by("start", "grade_from").first()
               or closed)
    report = url_or_none("journal:reports_achievement")
    page_ms = measure("report_school_period", report and (lambda: d_client.get(f"{report}?period={quarter.pk}")),
                      reps, queries=True)
    raw = {}
    raw_ms = raw_report_ms(school, quarter, reps, rows=raw)
    line("report_school_period_raw_sql_ms", raw_ms, "ms")
    line("report_school_period_raw_sql_rows", sum(len(rows) for rows in raw.values()), "rows")
    line("report_school_period_to_raw_sql_ratio", page_ms / raw_ms if page_ms and raw_ms else None, "x")
    measure("report_class_period",
            report and (lambda: d_client.get(f"{report}?period={quarter.pk}&class={assignment.class_group_id}")),
            reps, queries=True)
    students = url_or_none("journal:student_list")
    measure("student_list_all", students and (lambda: d_client.get(f"{students}?per_page=5000")), reps, queries=True)

    # the query constructor: every grade of the year grouped by class and subject, as the deputy
    from journal.queries.selectors.run import year_grades_by_class_subject

    times = []
    for _ in range(reps + 1):
        start = time.perf_counter()
        rows = year_grades_by_class_subject(deputy, school, year)
        times.append((time.perf_counter() - start) * 1000)
    line("query_constructor_year_grades_p50_ms", percentile(times[1:], 0.5), "ms")
    line("query_constructor_year_grades_rows", len(rows.rows), "rows")

    # regenerating the lessons of the whole year (idempotent: nothing to do on the demo)
    start = time.perf_counter()
    result = lessons_generate(school=school, year=year)
    line("lesson_generation_year_ms", (time.perf_counter() - start) * 1000, "ms")
    line("lesson_generation_created", result["created"], "lessons")

    bench_notifications(school, parent, reps)


def bench_notifications_grade_save(save_grade, reps):
    """issue 11 §5: the same grade save with the notification hook off, in the same run as
    `grade_save_p50_ms` (hook on: one task INSERT after commit); then on and off interleaved."""
    from django.conf import settings

    settings.NOTIFICATIONS_ENABLED = False
    try:
        measure("grade_save_without_notifications", save_grade, reps, queries=True)
    finally:
        settings.NOTIFICATIONS_ENABLED = True
    on, off = [], []
    for i in range(reps * 2):
        enabled = i % 2 == 0
        settings.NOTIFICATIONS_ENABLED = enabled
        start = time.perf_counter()
        save_grade()
        (on if enabled else off).append((time.perf_counter() - start) * 1000)
    settings.NOTIFICATIONS_ENABLED = True
    line("grade_save_interleaved_on_p50_ms", percentile(on, 0.5), "ms")
    line("grade_save_interleaved_off_p50_ms", percentile(off, 0.5), "ms")


class Rollback(Exception):
    pass


def bench_notifications(school, parent, reps):
    """issue 11 §6: the notification hook per grade, the digest of 2,000 parents and the
    parent's notifications page. Everything it writes is rolled back."""
    from django.db import transaction

    from journal.gradebook.models import Grade
    from journal.gradebook.signals import written
    from journal.notifications.models import Mode, Notification, RecipientSettings
    from journal.notifications.services.digests import digests_send
    from portal.models import User

    # the hook alone, inside a grade's transaction: what a grade save pays for notifications
    # (the journal signal and one task INSERT into the database queue; rolled back)
    grades = list(Grade.objects.filter(school=school).order_by("-pk")[:max(reps, 20)])
    times = []
    try:
        with transaction.atomic():
            for grade in grades:
                start = time.perf_counter()
                written("grade", grade)
                times.append((time.perf_counter() - start) * 1000)
            raise Rollback
    except Rollback:
        pass
    line("notify_enqueue_per_grade_ms", percentile(times, 0.5), "ms")
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(task_path__endswith="journal_event_task").delete()

    try:
        with transaction.atomic():
            # 2,000 parents with 3 waiting notifications each, about 2 children
            users = User.objects.bulk_create([
                User(username=f"bench-parent-{i}", email=f"bench-parent-{i}@example.kg",
                     language="ru" if i % 3 == 0 else "ky") for i in range(2000)])
            RecipientSettings.objects.bulk_create([RecipientSettings(user=u, digest_hour=0) for u in users])
            students = list(school.students.order_by("pk")[:500])
            Notification.objects.bulk_create([
                Notification(school=school, recipient=u, student=students[(i + k % 2) % len(students)],
                             event="grade", title=f"Баа {4 + k % 2}: Математика", body="…", digest=Mode.DAILY)
                for i, u in enumerate(users) for k in range(3)])
            start = time.perf_counter()
            made = digests_send(timezone.now().replace(hour=23))
            line("digest_2000_parents_s", time.perf_counter() - start, "s")
            line("digest_2000_parents_messages", made, "digests")

            # the parent's notifications page with 300 notifications
            if parent:
                Notification.objects.bulk_create([
                    Notification(school=school, recipient=parent, student=students[i % len(students)],
                                 event="grade", title=f"Баа {i}", body="…") for i in range(300)])
                client = Client()
                client.force_login(parent)
                inbox = url_or_none("journal:notifications")
                measure("inbox", inbox and (lambda: client.get(inbox)), reps, queries=True)
            raise Rollback
    except Rollback:
        pass



def run_load():
    """bench/load.py twice — the plain load, then the same with faults — and bench/page_weight.py
    (cache ratio, page weight): each starts and stops gunicorn, the worker and a Redis of its own;
    the load runs each work on a fresh copy of the bench database in a PostgreSQL cluster of their
    own (`--own-postgres`), so the faults restart only that one; printed as they come."""
    import subprocess

    for script, extra in (("load.py", ["--own-postgres"]), ("load.py", ["--own-postgres", "--faults"]),
                          ("page_weight.py", [])):
        print(f"# bench/{script} {' '.join(extra)}", flush=True)
        subprocess.run([sys.executable, str(ROOT / "bench" / script), *extra], cwd=ROOT, check=False)


if __name__ == "__main__":
    main()
    if "--load" in sys.argv:
        run_load()
