#!/usr/bin/env python
"""Compare the bench on two databases, e.g. one school against twenty (issue 12 §5).

    .venv/bin/python bench/compare.py postgres://…/mektep_bench postgres://…/mektep_s20 \
        [--rounds 6] [--reps 10] [--out DIR]

Runs `bench/run.py` on the first database, then on the second, alternately, `--rounds` times, so
that whatever else the machine is doing falls on both alike. Prints, per timing figure, the
median over the rounds of each database's p50 and the ratio of the two medians, then
`compare_max_ratio` and `compare_pages_over_1_2`. Each run's output is kept in `--out`. Before
each run the database is vacuumed and the server left idle (no autovacuum worker, no other
query), so that neither database's clean-up falls into the other's run.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINE = re.compile(r"^(\w+_p50_ms): ([\d.]+)")
# figures that are variants of another one (the bench's notification comparison)
SKIP = ("grade_save_without_notifications", "grade_save_interleaved")


def settle(url, timeout=300):
    """Vacuum the database a run has just written (the bench's saves, and the notifications it
    inserts and rolls back, leave dead rows), then wait until no autovacuum worker and no other
    query is running on the server: otherwise one database's clean-up runs during the other's
    bench and is counted against it."""
    import psycopg2

    subprocess.run(["vacuumdb", "--quiet", "--analyze", "--dbname", url], check=True)
    deadline = time.monotonic() + timeout
    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        conn.autocommit = True
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND "
                           "(backend_type = 'autovacuum worker' OR (backend_type = 'client backend' AND state = 'active'))")
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(1)


def run(url, reps, out):
    settle(url)
    env = dict(os.environ, DATABASE_URL=url)
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--reps", str(reps)],
                            env=env, capture_output=True, text=True, check=True)
    out.write_text(result.stdout)
    return {m.group(1): float(m.group(2)) for m in map(LINE.match, result.stdout.splitlines()) if m}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("first")
    parser.add_argument("second")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--out", default="/tmp/mektep-compare")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    figures = ({}, {})
    for number in range(1, args.rounds + 1):
        for side, url in enumerate((args.first, args.second)):
            for name, value in run(url, args.reps, out / f"round{number}-{side + 1}.txt").items():
                figures[side].setdefault(name, []).append(value)
        print(f"# round {number} of {args.rounds} done", file=sys.stderr, flush=True)
    worst, over = 0.0, []
    for name in figures[0]:
        if name.startswith(SKIP) or name not in figures[1]:
            continue
        a, b = statistics.median(figures[0][name]), statistics.median(figures[1][name])
        ratio = b / a if a else float("nan")
        page = name.removesuffix("_p50_ms")
        print(f"compare_{page}: {a:.1f} ms / {b:.1f} ms = {ratio:.2f} x")
        if page != "baseline_request":
            worst = max(worst, ratio)
            if ratio > 1.2:
                over.append(page)
    print(f"compare_max_ratio: {worst:.2f} x")
    print(f"compare_pages_over_1_2: {len(over)} {' '.join(over)}".rstrip())


if __name__ == "__main__":
    main()
