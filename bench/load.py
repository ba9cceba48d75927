#!/usr/bin/env python
"""Load and faults of a school morning (issue 12 §4): gunicorn (several workers) + PostgreSQL +
Redis, driven by locust with real HTTP sessions (bench/locustfile.py).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mektep_bench .venv/bin/python bench/load.py
    … bench/load.py --teachers 50 --parents 200 --saves 100 --workers 4 [--faults]
    .venv/bin/python bench/run.py --load      # the same, after the page benchmarks

On the bench database (the full-year demo school, built by bench/run.py): N teachers each save
`--saves` grades in their own grid of the current period while the parents read diaries. Then
every acknowledged save is looked up in the database with its history row. With `--faults` one
gunicorn worker is killed (SIGKILL) and PostgreSQL is restarted in the middle of the run: the
clients keep a failed save and send it again, as the grid does; nothing acknowledged may be
missing and nothing may be saved twice.

Prints `name: value` lines: load_acknowledged_saves, load_lost_updates, load_saved_twice,
load_server_errors (500s), load_unavailable_503 (the database not answering:
"try again", the grid resends), load_resent_saves, load_grade_save_p50_ms/_p95_ms, load_diary_p50_ms/_p95_ms,
load_requests_per_s. It changes the bench database: the chosen accounts lose their "change your
password" flag and the current period is reopened (as bench/run.py does) — never run it on a real
school's database.
"""

import argparse
import datetime
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def line(name, value, unit=""):
    text = f"{value:.1f}" if isinstance(value, float) else str(value)
    print(f"{name}: {text} {unit}".rstrip(), flush=True)


def start_redis():
    """A Redis of our own on a free port (nothing kept on disk); else the REDIS_URL given."""
    binary = shutil.which("redis-server")
    if binary is None:
        return None, os.environ.get("REDIS_URL", "")
    port = free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--save", "", "--appendonly", "no"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    return process, f"redis://127.0.0.1:{port}/0"


def pg_bin(name):
    """A PostgreSQL server binary (initdb, pg_ctl): on PATH or in Debian's versioned folder."""
    found = shutil.which(name)
    if found:
        return found
    base = Path("/usr/lib/postgresql")
    versions = sorted((p for p in base.iterdir() if (p / "bin" / name).exists()), key=lambda p: int(p.name)) \
        if base.is_dir() else []
    if not versions:
        sys.exit(f"--own-postgres needs PostgreSQL's {name} (Debian: postgresql)")
    return str(versions[-1] / "bin" / name)


class OwnPostgres:
    """A throw-away PostgreSQL cluster on a free port, holding a copy of the bench database
    (pg_dump | pg_restore): the load test writes only there, and `--faults` restarts only it, so
    a shared machine's other users of the main server are not disturbed."""

    def __init__(self, source_url):
        self.dir = Path(tempfile.mkdtemp(prefix="mektep-load-pg-"))
        self.port = free_port()
        self.source_url = source_url
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"

    def run(self, *args):
        done = subprocess.run([*self.as_postgres, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args[:2])}: {done.stderr.strip()}")

    def start(self):
        self.run(pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                 "--locale=C.UTF-8")
        self.pg_ctl("start", "-w", "-l", str(self.dir / "server.log"),
                    "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=200 "
                          f"-c fsync=on -c shared_buffers=256MB")
        url = f"postgres://postgres@127.0.0.1:{self.port}/mektep_load"
        subprocess.run(["createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "mektep_load"],
                       check=True)
        start = time.perf_counter()
        dump = subprocess.Popen(["pg_dump", "-Fc", "--no-owner", "-d", self.source_url], stdout=subprocess.PIPE)
        subprocess.run(["pg_restore", "--no-owner", "-d", url], stdin=dump.stdout, check=True)
        if dump.wait() != 0:
            sys.exit("pg_dump of the bench database failed")
        line("load_database_copy_s", time.perf_counter() - start, "s")
        return url

    def pg_ctl(self, *args):
        self.run(pg_bin("pg_ctl"), "-D", str(self.data), *args)

    def restart(self):
        self.pg_ctl("restart", "-w", "-m", "fast", "-l", str(self.dir / "server.log"))

    def stop(self):
        try:
            self.pg_ctl("stop", "-m", "immediate")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


def wait_http(url, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)  # noqa: S310 - loopback only
            return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            time.sleep(0.3)
    return False


def build_plan(args, out_dir):
    """Teachers (one assignment of the current period each, cells of held lessons up to today)
    and parents (their children's diary weeks), each with a session made server-side."""
    from django.conf import settings
    from django.db.models import Count
    from django.middleware.csrf import _get_new_csrf_string
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone, translation

    from journal.gradebook.models import Attendance, Grade, Lesson, LessonStatus
    from journal.gradebook.selectors.calendar import YearCalendar
    from journal.register.models import AcademicYear, StudentStatus, StudyPeriod, TeachingAssignment
    from portal import access
    from portal.models import Membership, School, User
    from portal.roles import Role

    def add_teachers(school, year, calendar, host):
        if len(teachers) >= args.teachers:
            return
        assignments = (TeachingAssignment.objects.filter(school=school, year=year, subgroup=0, class_group__grade__gte=3,
                                                         teacher__user__isnull=False, teacher__user__is_active=True)
                       .select_related("class_group", "teacher__user").annotate(n=Count("class_group__students"))
                       .order_by("-hours_per_week", "-n", "pk"))
        for assignment in assignments:
            user = assignment.teacher.user
            if user.pk in used:
                continue
            period = calendar.period_on(today, assignment.class_group.grade)
            if period is None:
                continue
            if period.is_closed:
                StudyPeriod.objects.filter(pk=period.pk).update(is_closed=False)
            lessons = list(Lesson.objects.filter(assignment=assignment, date__range=(period.start, today))
                           .exclude(status=LessonStatus.CANCELLED).order_by("-date").values_list("pk", flat=True)[:10])
            students = list(assignment.class_group.students.filter(status=StudentStatus.STUDYING)
                            .order_by("pk").values_list("pk", flat=True)[:10])
            if len(lessons) < 3 or len(students) < 3:
                continue
            current = {(g.lesson_id, g.student_id): (g.value, g.version)
                       for g in Grade.objects.filter(lesson_id__in=lessons, student_id__in=students, position=0)}
            # a cell with an absence takes no grade (unless the school allows it): leave those out
            absent = set(Attendance.objects.filter(lesson_id__in=lessons, student_id__in=students)
                         .values_list("lesson_id", "student_id"))
            cells = [{"lesson": lesson, "student": student, "value": current.get((lesson, student), (None, 0))[0],
                      "version": current.get((lesson, student), (None, 0))[1]}
                     for lesson in lessons for student in students if (lesson, student) not in absent]
            teachers.append({
                "username": user.username, "session": session_of(user), "period": period.pk, "host": host,
                "grid_url": reverse("journal:grid", args=[assignment.pk]) + f"?period={period.pk}",
                "cell_url": reverse("journal:grid_cell", args=[assignment.pk]), "cells": cells,
            })
            used.add(user.pk)
            if len(teachers) >= args.teachers:
                return

    def add_parents(school, host):
        if len(parents) >= args.parents:
            return
        monday = today - datetime.timedelta(days=today.isoweekday() - 1)
        for membership in (Membership.objects.filter(school=school, role=Role.PARENT, is_active=True,
                                                     user__is_active=True).select_related("user").order_by("pk")):
            children = list(access.children_of(membership.user, school).values_list("pk", flat=True))
            if not children:
                continue
            parents.append({
                "username": membership.user.username, "session": session_of(membership.user), "host": host,
                "diary_urls": [reverse("journal:diary_student", args=[c]) + f"?date={monday:%Y-%m-%d}" for c in children],
            })
            if len(parents) >= args.parents:
                return

    translation.activate("ky")
    today = timezone.localdate()

    def session_of(user):
        if user.must_change_password:
            User.objects.filter(pk=user.pk).update(must_change_password=False)
        client = Client()
        client.force_login(user)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    teachers, parents, used = [], [], set()
    # the demo school first, then the district's other schools (`demo_school --schools N`), each
    # reached under its own site's host, until there are enough teachers and parents
    schools = sorted(School.objects.select_related("site"), key=lambda s: (s.code != "demo", s.pk))
    for school in schools:
        if len(teachers) >= args.teachers and len(parents) >= args.parents:
            break
        host = "" if school.site is None or school.site.is_default_site else school.site.hostname
        year = AcademicYear.objects.filter(school=school, is_current=True).first()
        if year is None:
            continue
        calendar = YearCalendar(year)
        add_teachers(school, year, calendar, host)
        add_parents(school, host)
    plan = {"teachers": teachers, "parents": parents, "saves_per_teacher": args.saves,
            "teacher_wait": [float(x) for x in args.teacher_wait.split(",")],
            "parent_wait": [float(x) for x in args.parent_wait.split(",")],
            "session_cookie": settings.SESSION_COOKIE_NAME, "csrf_cookie": settings.CSRF_COOKIE_NAME,
            "csrf": _get_new_csrf_string()}
    path = Path(out_dir) / "plan.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    return plan, path


def verify(plan, out_dir, started_at):
    """Every acknowledged save is in the database with its history row; nothing saved twice."""
    from django.db import connection

    from journal.gradebook.models import Grade

    connection.close()
    History = Grade.history.model
    acks, resent, missing_files = [], 0, 0
    for teacher in plan["teachers"]:
        path = Path(out_dir) / f"acks-{teacher['username']}.json"
        if not path.exists():
            missing_files += 1
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        acks.extend(data["acks"])
        resent += data["resent"]
    lost = 0
    last = {}
    per_cell = {}
    for ack in acks:
        key = (ack["lesson"], ack["student"])
        last[key] = ack
        per_cell[key] = per_cell.get(key, 0) + 1
        if not History.objects.filter(lesson_id=ack["lesson"], student_id=ack["student"], position=0,
                                      version=ack["version"], value=ack["value"]).exists():
            lost += 1
    for (lesson, student), ack in last.items():
        grade = Grade.objects.filter(lesson_id=lesson, student_id=student, position=0).first()
        if grade is None or grade.version != ack["version"] or grade.value != ack["value"]:
            lost += 1
    twice = 0
    for (lesson, student), count in per_cell.items():
        written = History.objects.filter(lesson_id=lesson, student_id=student, position=0,
                                         history_date__gte=started_at).count()
        twice += max(written - count, 0)
    return {"acks": len(acks), "lost": lost, "twice": twice, "resent": resent, "unfinished": missing_files}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--teachers", type=int, default=50)
    parser.add_argument("--parents", type=int, default=200)
    parser.add_argument("--saves", type=int, default=100)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--teacher-wait", default="1,3",
                        help="seconds a teacher takes between two grades, as min,max (typing on a phone: 1,3)")
    parser.add_argument("--parent-wait", default="5,15",
                        help="seconds a parent reads a diary week before the next, as min,max (5,15)")
    parser.add_argument("--faults", action="store_true", help="kill a gunicorn worker and restart PostgreSQL mid-run")
    parser.add_argument("--timeout", type=int, default=1200, help="seconds before the load generator is stopped")
    parser.add_argument("--own-postgres", action="store_true",
                        help="copy the bench database into a PostgreSQL cluster of the run's own (free port, "
                             "removed afterwards): the run writes and --faults restarts only that one")
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("bench/load.py runs on PostgreSQL: set DATABASE_URL to the bench database.")
    own = None
    if args.own_postgres:
        own = OwnPostgres(os.environ["DATABASE_URL"])
        os.environ["DATABASE_URL"] = own.start()
        import atexit

        atexit.register(own.stop)
    redis, redis_url = start_redis()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="portal.settings.production",
               SECRET_KEY=os.environ.get("SECRET_KEY", "bench-load-" + "x" * 50),
               ALLOWED_HOSTS="127.0.0.1,localhost", SECURE_SSL_REDIRECT="false", REDIS_URL=redis_url,
               MFA_REQUIRED="false", CONN_MAX_AGE="0")
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command, get_commands

    call_command("migrate", verbosity=0)
    out_dir = tempfile.mkdtemp(prefix="mektep-load-")
    plan, plan_path = build_plan(args, out_dir)
    line("load_teachers", len(plan["teachers"]))
    line("load_parents", len(plan["parents"]))
    hosts = sorted({p["host"] for p in plan["teachers"] + plan["parents"] if p["host"]})
    line("load_schools", len({p["host"] for p in plan["teachers"] + plan["parents"]}))
    env["ALLOWED_HOSTS"] = ",".join(["127.0.0.1", "localhost", *hosts])
    from django.db import connection

    connection.close()

    call_command("collectstatic", "--noinput", verbosity=0)  # production settings serve hashed files
    port = free_port()
    processes = []
    gunicorn = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "portal.wsgi", "--workers", str(args.workers), "--bind", f"127.0.0.1:{port}",
         "--timeout", "60", "--graceful-timeout", "5", "--log-level", "warning"],
        cwd=ROOT, env=env, stderr=open(Path(out_dir) / "gunicorn.log", "w"))
    processes.append(gunicorn)
    if "notifications_worker" in get_commands():  # the task worker, as `make run` and systemd start it
        processes.append(subprocess.Popen([sys.executable, "manage.py", "notifications_worker"], cwd=ROOT, env=env,
                                          stdout=subprocess.DEVNULL, stderr=open(Path(out_dir) / "worker.log", "w")))
    host = f"http://127.0.0.1:{port}"
    if not wait_http(host + "/ky/app/ping/"):
        sys.exit(f"gunicorn did not start: see {out_dir}/gunicorn.log")

    faults = []
    if args.faults:
        def inject():
            time.sleep(15)
            children = subprocess.run(["pgrep", "-P", str(gunicorn.pid)], capture_output=True, text=True).stdout.split()
            if children:
                os.kill(int(children[0]), signal.SIGKILL)
                faults.append("worker_killed")
            time.sleep(15)
            if own is not None:
                own.restart()
                faults.append("postgres_restarted")
                return
            clusters = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
            if clusters and shutil.which("pg_ctlcluster"):
                done = subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", clusters[-1], "main", "restart"],
                                      capture_output=True)
                if done.returncode == 0:
                    faults.append("postgres_restarted")
        threading.Thread(target=inject, daemon=True).start()

    started_at = datetime.datetime.now(datetime.UTC)
    users = len(plan["teachers"]) + len(plan["parents"])
    start = time.perf_counter()
    locust_env = dict(env, MEKTEP_LOAD_PLAN=str(plan_path), MEKTEP_LOAD_OUT=out_dir)
    try:
        subprocess.run(
            [str(VENV_BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "-u", str(users),
             "-r", str(max(users // 10, 1)), "--run-time", f"{args.timeout}s", "--host", host, "--only-summary",
             "--loglevel", "ERROR", "--stop-timeout", "10"],
            env=locust_env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(Path(out_dir) / "locust.log", "w"),
            timeout=args.timeout + 120, check=False)
    finally:
        elapsed = time.perf_counter() - start
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        if redis is not None:
            redis.terminate()

    stats = json.loads((Path(out_dir) / "stats.json").read_text(encoding="utf-8"))
    result = verify(plan, out_dir, started_at)
    requests = sum(s["requests"] for s in stats["stats"].values())
    line("load_acknowledged_saves", result["acks"])
    line("load_lost_updates", result["lost"])
    line("load_saved_twice", result["twice"])
    line("load_server_errors", stats["server_errors"])
    line("load_unavailable_503", stats.get("unavailable", 0))  # the database restarting: "try again in a moment"
    line("load_resent_saves", result["resent"])
    line("load_refused_saves", stats.get("refused", 0))
    line("load_teachers_unfinished", result["unfinished"])
    line("load_grade_save_p50_ms", stats["stats"]["grade_save"]["p50"], "ms")
    line("load_grade_save_p95_ms", stats["stats"]["grade_save"]["p95"], "ms")
    line("load_diary_p50_ms", stats["stats"]["diary"]["p50"], "ms")
    line("load_diary_p95_ms", stats["stats"]["diary"]["p95"], "ms")
    line("load_grid_p50_ms", stats["stats"]["grid"]["p50"], "ms")
    line("load_requests_per_s", requests / elapsed if elapsed else 0.0, "req/s")
    line("load_duration_s", elapsed, "s")
    if args.faults:
        line("load_faults", ",".join(faults) or "none")
    print(f"# logs and acknowledgements in {out_dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
