"""The access matrix of the register: every role × every register view, the allowed and the
forbidden side (another child, another class, another school, anonymous).

200 allowed; 302 to the login page for anonymous; 403 for a role that may not do this; 404 when
the object is not visible to the user at all (guessing an id reveals nothing)."""

import pytest
from django.urls import reverse

from tests.journal.register.register_helpers import ROLES, login, register_school_fixture  # noqa: F401

A = 200
NO = 403
NF = 404


def row(default, **overrides):
    """Expected status per role: `default` for everyone logged in, anonymous 302, overrides."""
    expected = {role: default for role in ROLES}
    expected["anon"] = 302
    expected.update(overrides)
    return expected


READERS = {"director": A, "deputy": A, "sysadmin": A}
MANAGERS = {"deputy": A, "sysadmin": A}
STAFF_READ = {**READERS, "classteacher": A, "teacher": A, "teacher_b": A, "other": A}

MATRIX = [
    # dashboard and lists (the other school's teacher sees their own school's lists)
    ("dashboard", lambda s: reverse("journal:dashboard"), row(NO, **READERS)),
    ("student_list", lambda s: reverse("journal:student_list"), row(NO, **STAFF_READ)),
    ("guardian_list", lambda s: reverse("journal:guardian_list"), row(NO, **STAFF_READ)),
    ("staff_list", lambda s: reverse("journal:staff_list"), row(NO, **STAFF_READ)),
    ("class_list", lambda s: reverse("journal:class_list"), row(NO, **STAFF_READ)),
    ("student_list_pdf", lambda s: reverse("journal:student_list") + "?_export=pdf", row(NO, **STAFF_READ)),
    # a student of 5 «А» who is nobody's own: staff who see 5 «А» only
    ("student_detail", lambda s: reverse("journal:student_detail", args=[s.students_a[2].pk]),
     row(NF, **READERS, classteacher=A, teacher=A)),
    # the parent's own child, the student themself
    ("student_detail_own_child", lambda s: reverse("journal:student_detail", args=[s.students_a[1].pk]),
     row(NF, **READERS, classteacher=A, teacher=A, parent=A)),
    ("student_detail_self", lambda s: reverse("journal:student_detail", args=[s.students_a[0].pk]),
     row(NF, **READERS, classteacher=A, teacher=A, student=A)),
    ("student_detail_5b", lambda s: reverse("journal:student_detail", args=[s.students_b[0].pk]),
     row(NF, **READERS, teacher_b=A)),
    ("student_detail_other_school", lambda s: reverse("journal:student_detail", args=[s.other_student.pk]),
     row(NF)),
    ("student_edit", lambda s: reverse("journal:student_edit", args=[s.students_a[2].pk]),
     row(NF, **MANAGERS, director=NO, classteacher=A, teacher=NO)),
    ("student_edit_other_school", lambda s: reverse("journal:student_edit", args=[s.other_student.pk]), row(NF)),
    ("student_create", lambda s: reverse("journal:student_create"), row(NO, **MANAGERS, classteacher=A)),
    ("student_guardian_add", lambda s: reverse("journal:student_guardian_add", args=[s.students_a[2].pk]),
     row(NF, **MANAGERS, director=NO, classteacher=A, teacher=NO)),
    ("student_guardian_remove", lambda s: reverse(
        "journal:student_guardian_remove", args=[s.students_a[2].pk, s.students_a[2].guardian_links.get().pk]),
     row(NF, **MANAGERS, director=NO, classteacher=A, teacher=NO)),
    ("guardian_detail", lambda s: reverse("journal:guardian_detail", args=[s.guardian_x.pk]),
     row(NF, **READERS, classteacher=A, teacher=A)),
    ("guardian_detail_self", lambda s: reverse("journal:guardian_detail", args=[s.guardian.pk]),
     row(NF, **READERS, classteacher=A, teacher=A, teacher_b=A, parent=A)),
    ("guardian_detail_other_school", lambda s: reverse("journal:guardian_detail", args=[s.other_guardian.pk]),
     row(NF)),
    ("guardian_edit", lambda s: reverse("journal:guardian_edit", args=[s.guardian_x.pk]),
     row(NF, **MANAGERS, director=NO, classteacher=A, teacher=NO)),
    ("guardian_edit_5b", lambda s: reverse("journal:guardian_edit", args=[s.guardian_y.pk]),
     row(NF, **MANAGERS, director=NO, teacher_b=NO)),
    ("staff_detail", lambda s: reverse("journal:staff_detail", args=[s.teacher.pk]),
     row(NF, **READERS, classteacher=A, teacher=A, teacher_b=A)),
    # the other school's teacher sees their own school's staff; nobody of school A does
    ("staff_detail_other_school", lambda s: reverse("journal:staff_detail", args=[s.other_staff.pk]),
     row(NF, other=A)),
    ("staff_edit", lambda s: reverse("journal:staff_edit", args=[s.teacher.pk]),
     row(NF, **MANAGERS, director=NO, classteacher=NO, teacher=NO, teacher_b=NO)),
    ("staff_create", lambda s: reverse("journal:staff_create"), row(NO, **MANAGERS)),
    ("class_detail", lambda s: reverse("journal:class_detail", args=[s.class_a.pk]),
     row(NF, **READERS, classteacher=A, teacher=A)),
    ("class_detail_other_school", lambda s: reverse("journal:class_detail", args=[s.other_class.pk]), row(NF)),
    ("class_edit", lambda s: reverse("journal:class_edit", args=[s.class_a.pk]), row(NO, **MANAGERS)),
    ("class_create", lambda s: reverse("journal:class_create"), row(NO, **MANAGERS)),
    ("assignment_create", lambda s: reverse("journal:assignment_create", args=[s.class_a.pk]), row(NO, **MANAGERS)),
    ("assignment_edit", lambda s: reverse("journal:assignment_edit", args=[s.assignment_a.pk]), row(NO, **MANAGERS)),
    ("school_setup", lambda s: reverse("journal:school_setup"), row(NO, **READERS)),
    ("curriculum", lambda s: reverse("journal:curriculum", args=[s.year.pk]), row(NO, **READERS)),
    ("subject_list", lambda s: reverse("journal:subject_list"), row(NO, **READERS)),
    ("subject_create", lambda s: reverse("journal:subject_create"), row(NO, **MANAGERS)),
    ("period_edit", lambda s: reverse("journal:period_edit", args=[s.period.pk]), row(NO, **MANAGERS)),
    ("year_create", lambda s: reverse("journal:year_create"), row(NO, **MANAGERS)),
    ("accounts_overview", lambda s: reverse("journal:accounts_overview"), row(NO, **MANAGERS)),
    ("accounts_class", lambda s: reverse("journal:accounts_class", args=[s.class_a.pk]), row(NO, **MANAGERS)),
    ("role_list", lambda s: reverse("journal:role_list"), row(NO, director=A, sysadmin=A)),
    ("consent_create", lambda s: reverse("journal:consent_create", args=["student", s.students_a[2].pk]),
     row(NF, **MANAGERS, director=NO, classteacher=A, teacher=NO)),
    ("consent_create_staff", lambda s: reverse("journal:consent_create", args=["staff", s.teacher.pk]),
     row(NF, **MANAGERS, director=NO, classteacher=NO, teacher=NO, teacher_b=NO)),
    ("person_export", lambda s: reverse("journal:person_export", args=["student", s.students_a[2].pk]),
     row(NF, **MANAGERS, director=NO, classteacher=NO, teacher=NO)),
    ("person_export_other_school", lambda s: reverse("journal:person_export", args=["student", s.other_student.pk]),
     row(NF)),
    ("visits_report", lambda s: reverse("journal:visits_report"), row(NO, **READERS)),
]


@pytest.mark.django_db
@pytest.mark.parametrize("name,url,expected", MATRIX, ids=[m[0] for m in MATRIX])
def test_register_view_access(client, register_school, name, url, expected):
    s = register_school
    target = url(s)
    wrong = []
    for role in ROLES:
        response = login(client, s.users[role]).get(target)
        if response.status_code != expected[role]:
            wrong.append(f"{role}: {response.status_code} (expected {expected[role]})")
        if role == "anon":
            assert "/accounts/login/" in response.url
    assert not wrong, f"{name} {target}: " + "; ".join(wrong)


POSTS = [
    # (name, url, data, roles allowed to act)
    ("role_set", lambda s: reverse("journal:role_set", args=[s.teacher.pk]), {"role": "deputy", "action": "grant"},
     {"director"}),
    ("staff_login", lambda s: reverse("journal:staff_login", args=[s.teacher.pk]), {}, {"director", "deputy", "sysadmin"}),
    ("student_guardian_remove", lambda s: reverse(
        "journal:student_guardian_remove", args=[s.students_a[2].pk, s.students_a[2].guardian_links.get().pk]), {},
     {"deputy", "sysadmin", "classteacher"}),
    ("year_set_current", lambda s: reverse("journal:year_set_current", args=[s.year.pk]), {}, {"deputy", "sysadmin"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize("name,url,data,allowed", POSTS, ids=[p[0] for p in POSTS])
def test_register_post_forbidden_side(client, register_school, name, url, data, allowed):
    """Writes by a role that may not do them change nothing (403/404, or the login page)."""
    s = register_school
    target = url(s)
    for role in ROLES:
        if role in allowed:
            continue
        response = login(client, s.users[role]).post(target, data)
        assert response.status_code in (302, 403, 404), (role, response.status_code)
        if response.status_code == 302:
            assert "/accounts/login/" in response.url, role
    # and one allowed role succeeds
    role = sorted(allowed)[0]
    response = login(client, s.users[role]).post(target, data)
    assert response.status_code in (200, 302), (role, response.status_code)
