"""Content-Security-Policy on every page type (issue 12 §2): the public pages of each cms page type,
the login page, the app's main pages per role and the Wagtail admin. Outside /admin/ no
'unsafe-inline' script may run; every <script>/<style> element of ours carries the header's nonce."""

import re

import pytest
from django.urls import reverse

from tests.cms.conftest import site_tree, teachers  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b([^>]*)>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def parse_policy(header):
    policy = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            policy[words[0]] = words[1:]
    return policy


def assert_strict(response, url):
    assert response.status_code == 200, url
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {url}"
    policy = parse_policy(header)
    script_src = policy["script-src"]
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, url
    assert "'unsafe-inline'" not in policy["style-src"], url
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"], url
    html = response.content.decode()
    assert not INLINE_HANDLER.search(html), f"an on…= handler attribute on {url}"
    nonces = [word for word in script_src if word.startswith("'nonce-")]
    for tag, attrs in SCRIPT_OR_STYLE.findall(html):
        if 'type="application/json"' in attrs:  # json_script data: never executed
            continue
        assert nonces, f"<{tag}> on {url} but no nonce in the header"
        nonce = nonces[0][len("'nonce-"):-1]
        assert f'nonce="{nonce}"' in attrs, f"<{tag}{attrs}> on {url} without the header's nonce"
        if tag.lower() == "script":
            assert "src=" in attrs, f"an inline <script> on {url}"
    return policy, html


def test_every_public_page_type_and_the_login_page(client, site_tree):  # noqa: F811
    pages = list(site_tree.home.get_descendants(inclusive=True).live().specific())
    assert len({type(p) for p in pages}) >= 15
    for page in pages:
        assert_strict(client.get(page.url), page.url)
    assert_strict(client.get(reverse("account_login")), "login")
    for url in (reverse("cms:search") + "?q=мектеп",):
        assert_strict(client.get(url), url)


def test_the_app_pages_of_each_role(client, small_school):
    s = small_school
    per_role = {
        s.teacher_user: [
            reverse("journal:teacher_home"), reverse("journal:grid", args=[s.assignment_a.pk]),
            reverse("journal:period_grades", args=[s.assignment_a.pk]), reverse("journal:timetable_teacher"),
            reverse("journal:plan_edit", args=[s.assignment_a.pk]),
        ],
        s.deputy: [
            reverse("journal:dashboard"), reverse("journal:student_list"), reverse("journal:movement_list"),
            reverse("journal:timetable_class", args=[s.class_a.pk]),
            reverse("journal:timetable_edit", args=[s.class_a.pk]), reverse("journal:events"),
            reverse("journal:reports_attendance"), reverse("journal:fill_control"),
            reverse("journal:accounts_class", args=[s.class_a.pk]),
        ],
        s.director: [reverse("journal:dashboard"), reverse("journal:reports_achievement")],
        s.sysadmin: [reverse("journal:dashboard")],
        s.parent_user: [reverse("journal:diary")],
        s.student_user: [reverse("journal:diary")],
    }
    scripts_seen = 0
    for user, urls in per_role.items():
        client.force_login(user)
        for url in urls:
            response = client.get(url, follow=True)
            policy, html = assert_strict(response, url)
            scripts_seen += html.count("<script")
        client.logout()
    assert scripts_seen, "the app pages load their scripts (with the nonce)"


def test_the_wagtail_admin_gets_its_own_looser_policy(client, site_tree):  # noqa: F811
    from cms.setup import SITE_ADMIN
    from tests.cms.conftest import _user_in_group

    client.force_login(_user_in_group("siteadmin_csp", SITE_ADMIN))
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = parse_policy(response.headers["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"]
    assert not any(word.startswith("'nonce-") for word in policy["script-src"])
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'self'"]


def test_nonce_changes_with_every_response(client):
    first = parse_policy(client.get(reverse("account_login")).headers["Content-Security-Policy"])
    second = parse_policy(client.get(reverse("account_login")).headers["Content-Security-Policy"])
    assert first["script-src"] != second["script-src"] or not any(
        w.startswith("'nonce-") for w in first["script-src"]
    )


def test_the_500_page_style_is_allowed_by_its_hash(client):
    import base64
    import hashlib

    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    policy = parse_policy(client.get(reverse("account_login")).headers["Content-Security-Policy"])
    assert f"'sha256-{digest}'" in policy["style-src"]
