#!/usr/bin/env python
"""Page weight and the public cache against gunicorn (issue 12 §3). See bench/README.md.

    DATABASE_URL=sqlite:////path/to/demo.sqlite3 .venv/bin/python bench/page_weight.py [--seconds 10]

Needs a database with the demo school (`manage.py demo_school`). Collects the static files
(hashed and compressed, as in production), starts gunicorn with the production settings on a
free local port (Redis as the cache when `redis-server` is installed) and prints:

- `public_page_first_visit_kb`: the bytes a phone (390×844, Chromium through Playwright, empty
  browser cache) transfers to show the education page: HTML, CSS, fonts, images, headers.
- `public_home_cached_rps`, `public_home_uncached_rps`: anonymous requests per second to the home
  page with the public page cache on, and with it off (a second gunicorn run);
  `static_file_rps`: the site's stylesheet (hashed name, Brotli). `--concurrency` clients with
  keep-alive connections, for `--seconds` each.
"""

import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def line(name, value, unit=""):
    print(f"{name}: {value} {unit}".rstrip(), flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def base_env(extra=None):
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": env.get("SECRET_KEY", "bench-only-secret-key"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "ERROR",
    })
    env.setdefault("DATABASE_URL", "sqlite:////tmp/mektep-bench.sqlite3")
    env.update(extra or {})
    return env


def collectstatic(env):
    subprocess.run([str(PYTHON), "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)


class Server:
    """gunicorn (and redis-server when installed) for the length of a `with` block."""

    def __init__(self, env, workers):
        self.env, self.workers, self.procs = dict(env), workers, []

    def __enter__(self):
        if shutil.which("redis-server") and "REDIS_URL" not in self.env:
            redis_port = free_port()
            self.procs.append(subprocess.Popen(
                ["redis-server", "--port", str(redis_port), "--save", "", "--appendonly", "no"],
                stdout=subprocess.DEVNULL))
            self.env["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
        self.port = free_port()
        self.procs.append(subprocess.Popen(
            [str(GUNICORN), "portal.wsgi:application", "-b", f"127.0.0.1:{self.port}", "-w", str(self.workers),
             "--log-level", "warning"], cwd=ROOT, env=self.env))
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                status, _ = get(self.port, "/ky/")
                if status in (200, 301, 302):
                    return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        for proc in reversed(self.procs):
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=30)


def get(port, path, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


def page_url(page_class):
    """The address of the first live page of a type, in Kyrgyz (asked from the database)."""
    code = (
        "from cms import models as m; from wagtail.models import Locale;"
        f"p = m.{page_class}.objects.live().filter(locale__language_code='ky').first();"
        "print(p.get_url() if p else '')"
    )
    out = subprocess.run([str(PYTHON), "manage.py", "shell", "-c", code], cwd=ROOT, env=base_env(),
                         capture_output=True, text=True, check=True).stdout.strip().splitlines()
    return out[-1] if out else ""


def first_visit_kb(port, path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=3,
                                      is_mobile=True, has_touch=True)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        sizes, urls = {}, {}
        cdp.on("Network.responseReceived", lambda e: urls.__setitem__(e["requestId"], e["response"]["url"]))
        cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
        page.goto(f"http://127.0.0.1:{port}{path}", wait_until="networkidle")
        page.wait_for_timeout(500)
        browser.close()
    for request_id, size in sorted(sizes.items(), key=lambda kv: -kv[1]):
        print(f"#   {size / 1024:7.1f} KB  {urls.get(request_id, request_id)}", flush=True)
    return sum(sizes.values()) / 1024


def rps(port, path, seconds, concurrency, headers=None):
    """Requests per second of `concurrency` keep-alive clients for `seconds`; every answer must be 200."""
    counts, errors, stop = [0] * concurrency, [], time.time() + seconds

    def client(i):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.time() < stop:
            conn.request("GET", path, headers=headers or {})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(response.status)
            counts[i] += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    started = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise RuntimeError(f"{len(errors)} answers were not 200 for {path}: {sorted(set(errors))}")
    return sum(counts) / (time.time() - started)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    env = base_env()
    collectstatic(env)
    education = page_url("EducationPage")
    home = page_url("HomePage")
    if not education or not home:
        sys.exit("No demo school in this database: run manage.py demo_school first.")
    with Server(env, args.workers) as server:
        status, html = get(server.port, home)
        css = re.search(rb'href="(/static/css/mektep\.[0-9a-f]+\.css)"', html)
        line("public_page_first_visit_kb", round(first_visit_kb(server.port, education)), "KB")
        cached = rps(server.port, home, args.seconds, args.concurrency)
        static = rps(server.port, css.group(1).decode(), args.seconds, args.concurrency,
                     headers={"Accept-Encoding": "br, gzip"}) if css else None
    with Server(base_env({"PUBLIC_CACHE_ENABLED": "false"}), args.workers) as server:
        uncached = rps(server.port, home, args.seconds, args.concurrency)
    line("public_home_cached_rps", round(cached, 1), "req/s")
    line("public_home_uncached_rps", round(uncached, 1), "req/s")
    line("static_file_rps", round(static, 1) if static else "n/a", "req/s")
    line("public_home_cached_to_uncached", round(cached / uncached, 1), "x")
    if static:
        line("static_to_cached", round(static / cached, 2), "x")


if __name__ == "__main__":
    main()
