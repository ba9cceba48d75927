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


RAW_REPORT_SQL = """
WITH per_student AS (
    SELECT ta.class_group_id AS class_id, pg.student_id AS student_id,
           COUNT(pg.value) AS n, MIN(pg.value) AS lowest, SUM(pg.value) AS total,
           SUM(CASE WHEN pg.value = 5 THEN 1 ELSE 0 END) AS n5,
           SUM(CASE WHEN pg.value = 4 THEN 1 ELSE 0 END) AS n4,
           SUM(CASE WHEN pg.value = 3 THEN 1 ELSE 0 END) AS n3,
           SUM(CASE WHEN pg.value <= 2 THEN 1 ELSE 0 END) AS n2,
           SUM(CASE WHEN pg.special = 'na' THEN 1 ELSE 0 END) AS na,
           SUM(CASE WHEN pg.special = 'exempt' THEN 1 ELSE 0 END) AS exempt
    FROM gradebook_periodgrade pg
    JOIN journal_teachingassignment ta ON ta.id = pg.assignment_id
    JOIN journal_classgroup cg ON cg.id = ta.class_group_id
    WHERE pg.period_id = %s AND pg.kind = 'period' AND cg.school_id = %s
      AND cg.grade BETWEEN %s AND %s
    GROUP BY ta.class_group_id, pg.student_id
)
SELECT class_id,
       SUM(CASE WHEN n > 0 OR na > 0 THEN 1 ELSE 0 END) AS graded,
       SUM(CASE WHEN na > 0 THEN 1 ELSE 0 END) AS not_certified,
       SUM(CASE WHEN exempt > 0 THEN 1 ELSE 0 END) AS exempt,
       SUM(CASE WHEN n > 0 AND n5 = n AND na = 0 THEN 1 ELSE 0 END) AS excellent,
       SUM(CASE WHEN n > 0 AND lowest >= 4 AND na = 0 THEN 1 ELSE 0 END) AS good,
       SUM(CASE WHEN n4 = 1 AND lowest >= 4 AND na = 0 THEN 1 ELSE 0 END) AS one_four,
       SUM(CASE WHEN n3 = 1 AND lowest >= 3 AND na = 0 THEN 1 ELSE 0 END) AS one_three,
       SUM(CASE WHEN n2 > 0 OR na > 0 THEN 1 ELSE 0 END) AS failing,
       SUM(n5), SUM(n4), SUM(n3), SUM(n2), SUM(total), SUM(n)
FROM per_student GROUP BY class_id ORDER BY class_id
"""


def raw_report_ms(school, period, reps):
    """The school's achievement figures for a period as one hand-written SQL aggregate (per class:
    graded, н/а, exempt, excellent, good, one 4, one 3, failing, the marks for quality and СОУ):
    the floor the report page is compared with."""
    params = [period.pk, school.pk, period.grade_from, period.grade_to]
    times = []
    for _ in range(reps + 1):
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(RAW_REPORT_SQL, params)
            cursor.fetchall()
        times.append((time.perf_counter() - start) * 1000)
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
    measure("report_school_period", report and (lambda: d_client.get(f"{report}?period={quarter.pk}")), reps,
            queries=True)
    line("report_school_period_raw_sql_ms", raw_report_ms(school, quarter, reps), "ms")
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
