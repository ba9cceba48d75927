"""Load of a school morning (issue 12 §4), driven by bench/load.py: real HTTP sessions against
gunicorn. Teachers save grades in their own grids the way the grid's script does (JSON cell API,
the cell's version, a failed save kept and sent again); parents read their children's diaries.

Plain HTTP only (no Django here): bench/load.py writes the plan (who, which session cookie,
which cells) to $MEKTEP_LOAD_PLAN and reads back the acknowledgements from $MEKTEP_LOAD_OUT.
"""

import json
import os
import random
import time

import gevent
from locust import HttpUser, between, events, task

PLAN = json.load(open(os.environ["MEKTEP_LOAD_PLAN"], encoding="utf-8"))
OUT = os.environ["MEKTEP_LOAD_OUT"]
TEACHERS = list(PLAN["teachers"])
PARENTS = list(PLAN["parents"])
SAVES = int(PLAN["saves_per_teacher"])
STATE = {"teachers_done": 0, "teachers_started": 0, "server_errors": 0, "unavailable": 0, "refused": 0}


def _session(client, person):
    client.cookies.set(PLAN["session_cookie"], person["session"])
    client.cookies.set(PLAN["csrf_cookie"], PLAN["csrf"])
    if person.get("host"):  # another school of the district: its own site, same server
        client.headers["Host"] = person["host"]


class Teacher(HttpUser):
    """One teacher: opens the grid, then saves `saves_per_teacher` grades one after another, each
    with the version the server gave for that cell; a save that fails (connection refused, 5xx,
    timeout) is kept and sent again, as the grid's offline queue does."""

    weight = 1
    fixed_count = len(TEACHERS)
    wait_time = between(*PLAN.get("teacher_wait", (1, 3)))  # a grade every 1–3 s: typing on a phone

    def on_start(self):
        # each teacher of the plan is played by exactly one user, once
        self.done = STATE["teachers_started"] >= len(TEACHERS)
        if self.done:
            return
        self.me = TEACHERS[STATE["teachers_started"]]
        STATE["teachers_started"] += 1
        _session(self.client, self.me)
        self.versions = {}
        self.acks = []
        self.resent = 0
        self.saved = 0
        self.client.get(self.me["grid_url"], name="grid")

    def _post(self, body):
        headers = {"X-CSRFToken": PLAN["csrf"], "Accept": "application/json", "Referer": self.host + "/"}
        with self.client.post(self.me["cell_url"], data=json.dumps(body), headers=headers,
                              name="grade_save", catch_response=True, timeout=120) as response:
            if response.status_code in (200, 409) or 400 <= response.status_code < 500:
                response.success()  # answered: saved, a conflict, or refused with a message
            elif response.status_code == 503:
                STATE["unavailable"] += 1  # the database is restarting: "try again", the save is resent
            elif response.status_code >= 500:
                STATE["server_errors"] += 1
            return response

    @task
    def save_grade(self):
        if self.done:
            time.sleep(1)  # finished (or spare): stays idle until the parents' part ends
            return
        if self.saved >= SAVES:
            self._finish()
            return
        cell = self.me["cells"][self.saved % len(self.me["cells"])]
        key = (cell["lesson"], cell["student"])
        # every save changes the cell (4 ↔ 5), so each acknowledged one must leave a history row
        value = 5 if self.versions.get(key, (cell["value"], 0))[0] == 4 else 4
        while True:
            version = self.versions.get(key, (None, cell["version"]))[1]
            body = {"op": "grade", "lesson": cell["lesson"], "student": cell["student"], "position": 0,
                    "value": value, "version": version, "period": self.me["period"]}
            try:
                response = self._post(body)
                status = response.status_code
            except Exception:  # noqa: BLE001 - the network failed: keep the entry and resend
                status = 0
            if status == 200:
                saved = [g for g in response.json()["cell"]["g"] if g[0] == 0]
                self.versions[key] = (value, saved[0][2])
                self.acks.append({"lesson": cell["lesson"], "student": cell["student"], "value": value,
                                  "version": saved[0][2]})
                break
            if 400 <= status < 500 and status != 409:
                # refused with a message (the grid shows it and does not send again): not a lost save
                STATE["refused"] += 1
                break
            if status == 409:
                # stale version: the server has the cell as it is; if it already holds our value the
                # earlier attempt was saved and only its answer was lost — nothing to send twice
                current = [g for g in response.json().get("cell", {}).get("g", []) if g[0] == 0]
                if current and current[0][1] == value:
                    self.versions[key] = (value, current[0][2])
                    self.acks.append({"lesson": cell["lesson"], "student": cell["student"], "value": value,
                                      "version": current[0][2], "recovered": True})
                    break
                self.versions[key] = (current[0][1] if current else None, current[0][2] if current else 0)
                continue
            self.resent += 1
            time.sleep(0.5)
        self.saved += 1

    def _finish(self):
        with open(os.path.join(OUT, f"acks-{self.me['username']}.json"), "w", encoding="utf-8") as fh:
            json.dump({"acks": self.acks, "resent": self.resent}, fh)
        STATE["teachers_done"] += 1
        self.done = True
        if STATE["teachers_done"] >= len(TEACHERS):
            # quit from a greenlet of its own: quit() stops every user, this one included
            gevent.spawn_later(0.1, self.environment.runner.quit)


class Parent(HttpUser):
    """A parent reading the diary of one of their children, again and again."""

    weight = 4
    fixed_count = len(PARENTS)
    wait_time = between(*PLAN.get("parent_wait", (5, 15)))  # reading the week before the next page

    def on_start(self):
        self.me = random.choice(PARENTS)
        _session(self.client, self.me)

    @task
    def diary(self):
        with self.client.get(random.choice(self.me["diary_urls"]), name="diary", timeout=120,
                             catch_response=True) as response:
            if response.status_code == 503:
                STATE["unavailable"] += 1
            elif response.status_code >= 500:
                STATE["server_errors"] += 1


@events.quitting.add_listener
def _write_stats(environment, **kwargs):
    stats = {}
    for name in ("grid", "grade_save", "diary"):
        entry = environment.stats.get(name, "GET" if name != "grade_save" else "POST")
        stats[name] = {
            "requests": entry.num_requests, "failures": entry.num_failures,
            "p50": entry.get_response_time_percentile(0.5), "p95": entry.get_response_time_percentile(0.95),
        }
    errors = [{"name": e.name, "error": str(e.error), "occurrences": e.occurrences}
              for e in environment.stats.errors.values()]
    with open(os.path.join(OUT, "stats.json"), "w", encoding="utf-8") as fh:
        json.dump({"stats": stats, "errors": errors, "server_errors": STATE["server_errors"],
                   "unavailable": STATE["unavailable"], "refused": STATE["refused"]}, fh)
