#!/usr/bin/env python
"""EXPLAIN ANALYZE of every query a bench page runs (PostgreSQL). See bench/README.md.

    DATABASE_URL=postgres://…/mektep_bench .venv/bin/python bench/explain.py [page …] [--plans N]

Requests the page as the bench does (the demo teacher, deputy or parent, on the demo school of
the database), captures its SQL, runs each SELECT again under EXPLAIN (ANALYZE, BUFFERS) and
prints them slowest first: execution time, the rows read by sequential scans, and the query's
start (writes too, rolled back). `--plans N` prints the whole plan of the N slowest. Used to review the indexes of the
main pages and to find what grows with the number of schools in one database (issue 12 §5).
Pages: grid, grade_save (the grid's cell API; its writes are explained in a rolled-back
transaction), diary_week, teacher_home, student_list_all, report_school_period,
query_constructor_year_grades (all when none is named).
"""

import argparse
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402

PAGES = ["grid", "grade_save", "diary_week", "teacher_home", "student_list_all", "report_school_period",
         "query_constructor_year_grades"]
STATEMENTS = ("SELECT", "WITH", "UPDATE", "INSERT", "DELETE")


def explain(sql):
    """EXPLAIN ANALYZE runs the statement: writes are rolled back."""
    from django.db import transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)
    ms = float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1))
    planning = float(re.search(r"Planning Time: ([\d.]+) ms", plan).group(1))
    seq = sum(int(m.group(2)) for m in re.finditer(r"Seq Scan on (\S+) .*?rows=(\d+) loops", plan))
    return ms, planning, seq, plan


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", nargs="*", default=PAGES)
    parser.add_argument("--plans", type=int, default=1, help="Print the whole plan of the N slowest queries.")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/explain.py needs PostgreSQL (DATABASE_URL=postgres://…).")
    setup_test_environment()
    translation.activate("ky")

    from journal.gradebook.models import Lesson
    from journal.queries.selectors.run import year_grades_by_class_subject
    from journal.register.models import AcademicYear, TeachingAssignment
    from portal.models import School, User

    school = School.objects.order_by("pk").first()
    year = AcademicYear.objects.get(school=school, is_current=True)
    teacher, deputy, parent = (User.objects.get(username=name) for name in ("teacher", "deputy", "parent"))
    clients = {}
    for name, user in (("teacher", teacher), ("deputy", deputy), ("parent", parent)):
        clients[name] = Client()
        clients[name].force_login(user)
    assignment = (TeachingAssignment.objects.filter(school=school, year=year, teacher__user=teacher,
                                                    hours_per_week__gte=5, subgroup=0).first())
    first_lesson = Lesson.objects.filter(assignment=assignment).order_by("date").first()
    import json

    from django.utils import timezone

    from journal.gradebook.selectors.calendar import YearCalendar
    from journal.register.models import StudentStatus

    # as the bench: a lesson of the current period, which the bench has reopened
    period = YearCalendar(year).period_on(timezone.localdate(), assignment.class_group.grade)
    lesson = Lesson.objects.filter(assignment=assignment, date__lte=timezone.localdate()).order_by("-date").first()
    student = assignment.class_group.students.filter(status=StudentStatus.STUDYING).order_by("pk").first()

    def grade_save():
        from journal.gradebook.models import Grade

        cell = Grade.objects.filter(lesson=lesson, student=student, position=0).first()
        body = {"op": "grade", "lesson": lesson.pk, "student": student.pk, "position": 0,
                "value": 4 if cell is None or cell.value != 4 else 5, "version": cell.version if cell else 0}
        if period is not None:
            body["period"] = period.pk
        return clients["teacher"].post(reverse("journal:grid_cell", args=[assignment.pk]), data=json.dumps(body),
                                       content_type="application/json", HTTP_ACCEPT="application/json")

    requests = {
        "grade_save": grade_save,
        "grid": lambda: clients["teacher"].get(reverse("journal:grid", args=[assignment.pk])),
        "diary_week": lambda: clients["parent"].get(reverse("journal:diary") + f"?date={first_lesson.date}"),
        "teacher_home": lambda: clients["teacher"].get(reverse("journal:teacher_home")),
        "student_list_all": lambda: clients["deputy"].get(reverse("journal:student_list") + "?per_page=5000"),
        "report_school_period": lambda: clients["deputy"].get(reverse("journal:reports_achievement")),
        "query_constructor_year_grades": lambda: year_grades_by_class_subject(deputy, school, year),
    }
    for page in args.pages:
        requests[page]()  # warm-up: caches, the day's visit row
        with CaptureQueriesContext(connection) as captured:
            result = requests[page]()
        status = getattr(result, "status_code", "-")
        rows = []
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith(STATEMENTS):
                continue
            ms, planning, seq, plan = explain(sql)
            rows.append((ms, planning, seq, sql, plan))
        rows.sort(key=lambda r: -r[0])
        total, planned = sum(r[0] for r in rows), sum(r[1] for r in rows)
        print(f"## {page} (HTTP {status}): {len(captured.captured_queries)} queries, "
              f"{len(rows)} explained, {total:.1f} ms executing, {planned:.1f} ms planning")
        for ms, planning, seq, sql, _plan in rows:
            print(f"{ms:8.2f} ms  planning {planning:6.2f} ms  seq-scan rows {seq:>8}  {sql[:150]}")
        for ms, _planning, _seq, sql, plan in rows[:args.plans]:
            print(f"\n-- {ms:.2f} ms\n{sql}\n{plan}\n")


if __name__ == "__main__":
    main()
