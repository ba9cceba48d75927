"""Issue 12 §2: nginx (Debian's, installed by `make system-deps`) runs the shipped
deploy/nginx/mektep-locations.conf in front of the live test server. A homework attachment goes
to an allowed user only through the access-checked view and X-Accel-Redirect; anonymous users and
outsiders are refused, and /private-media/… asked directly is 404. Static files are cached for a
year and compressed."""

import datetime
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from journal.gradebook import factories as gf
from journal.register import factories as f
from portal.roles import Role

from .conftest import free_port

pytestmark = pytest.mark.django_db(transaction=True)

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
LOCATIONS = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "mektep-locations.conf"
HOMEWORK = b"%PDF-1.4 " + b"homework of 5A " * 1000

MAIN = """
daemon off;
worker_processes 1;
user root;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {root}/tmp-body;
    proxy_temp_path {root}/tmp-proxy;
    fastcgi_temp_path {root}/tmp-fastcgi;
    uwsgi_temp_path {root}/tmp-uwsgi;
    scgi_temp_path {root}/tmp-scgi;
    upstream mektep_app {{ server {upstream}; keepalive 4; }}
    server {{
        listen 127.0.0.1:{port};
        include {root}/mektep-locations.conf;
    }}
}}
"""


@pytest.fixture
def nginx(live_server, tmp_path, settings):
    if NGINX is None:
        pytest.skip("nginx is not installed (make system-deps installs Debian's nginx-light)")
    root = tmp_path / "nginx"
    root.mkdir()
    srv = tmp_path / "srv"
    (srv / "staticfiles" / "css").mkdir(parents=True)
    (srv / "staticfiles" / "css" / "site.abc123.css").write_text("body { color: black; }\n" * 200)
    settings.PRIVATE_MEDIA_ROOT = str(srv / "private-media")
    settings.PRIVATE_MEDIA_X_ACCEL = "/private-media/"
    (root / "mektep-locations.conf").write_text(LOCATIONS.read_text().replace("/srv/mektep/", f"{srv}/"))
    port = free_port()
    (root / "nginx.conf").write_text(MAIN.format(root=root, port=port, upstream=live_server.url.split("//")[1]))
    test = subprocess.run([NGINX, "-t", "-c", str(root / "nginx.conf"), "-p", str(root)], capture_output=True, text=True)
    assert test.returncode == 0, test.stderr
    process = subprocess.Popen([NGINX, "-c", str(root / "nginx.conf"), "-p", str(root)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


def _session(user):
    client = Client()
    client.force_login(user)
    session = requests.Session()
    session.cookies.set("sessionid", client.cookies["sessionid"].value)
    return session


def test_private_file_only_through_x_accel_after_the_check(nginx, live_server, small_school):
    lesson = gf.LessonFactory(assignment=small_school.assignment_a, date=datetime.date(2026, 11, 12))
    lesson.homework_file = SimpleUploadedFile("тапшырма.pdf", HOMEWORK, content_type="application/pdf")
    lesson.save()
    path = reverse("journal:homework_file", args=[lesson.pk])
    private_path = "/private-media/" + lesson.homework_file.name

    anonymous = requests.get(nginx + path, allow_redirects=False)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous.headers["Location"]
    assert HOMEWORK not in anonymous.content
    # the internal location cannot be asked for directly, with or without a session
    assert requests.get(nginx + private_path).status_code == 404
    assert _session(small_school.parent_user).get(nginx + private_path).status_code == 404
    # an outsider: a parent whose only child is in 5 «Б»
    outsider = f.user_with_role(small_school.school, Role.PARENT, "parent_b")
    f.StudentGuardianFactory(student=small_school.students_b[2],
                             guardian=f.GuardianFactory(school=small_school.school, user=outsider))
    refused = _session(outsider).get(nginx + path, allow_redirects=False)
    assert refused.status_code == 404 and HOMEWORK not in refused.content

    parent = _session(small_school.parent_user)
    # the application itself sends no bytes, only the X-Accel path for nginx …
    direct = parent.get(live_server.url + path, allow_redirects=False)
    assert direct.status_code == 200 and direct.content == b""
    assert direct.headers["X-Accel-Redirect"] == requests.utils.quote(private_path)
    # … and nginx sends the file, without showing the internal path
    through = parent.get(nginx + path, allow_redirects=False)
    assert through.status_code == 200 and through.content == HOMEWORK
    assert "X-Accel-Redirect" not in through.headers
    assert through.headers["Content-Type"] == "application/pdf"
    assert "тапшырма.pdf" in requests.utils.unquote(through.headers["Content-Disposition"])
    assert "no-store" in through.headers["Cache-Control"]


def test_static_files_cached_for_a_year_and_compressed(nginx):
    response = requests.get(nginx + "/static/css/site.abc123.css", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.text.startswith("body")
    assert response.headers["Content-Encoding"] == "gzip"
    assert "max-age=31536000" in response.headers["Cache-Control"] and "immutable" in response.headers["Cache-Control"]
    assert response.headers["Expires"]
