"""The forbidden side of every view of the reports area (issue 10 "Done when": access tests for
every new view — another class, another school, parent, student, anonymous), as one table over
the URL names of journal/reports/urls.py: a view added there without a row here fails
test_every_view_of_the_area_is_listed.

    anonymous                        → the login page
    parent (even of the student), student (even the student) → 403 or 404
    a teacher asking for a class they do not teach, or its student → 404
    the deputy of another school asking for our class or student → 404, and their own
    report shows none of our classes; our deputy asking for theirs → 404
The use-of-the-system report has no class choice: a subject teacher is refused (403) and a class
teacher sees only their class."""

import pytest
from django.urls import reverse

from journal.gradebook import factories as gf
from journal.register import factories as f
from journal.reports import urls as report_urls
from portal.roles import Role

pytestmark = pytest.mark.django_db

# the views with the achievement summary's scope (?period=&class=); the forecast pages read ?class= too
SCOPED = ["reports_achievement", "reports_achievement_pdf", "reports_achievement_xlsx",
          "reports_subjects", "reports_subjects_pdf", "reports_subjects_xlsx",
          "reports_attendance", "reports_attendance_pdf", "reports_attendance_xlsx",
          "reports_forecast", "reports_at_risk"]
USAGE = ["reports_usage", "reports_usage_pdf", "reports_usage_xlsx"]
STUDENT = ["reports_student"]
SCREENS = ["reports_achievement", "reports_subjects", "reports_attendance", "reports_forecast", "reports_at_risk"]


def test_every_view_of_the_area_is_listed():
    names = {p.name for p in report_urls.urlpatterns}
    assert names == set(SCOPED + USAGE + STUDENT)


@pytest.fixture
def access_school(report_school):
    """The hand-worked school; the other school gets a study period and a deputy, so that its
    reports open (a 404 then comes from the class or student asked for, not from a school
    without periods)."""
    s = report_school
    period = f.StudyPeriodFactory(year=s.other_class.year)
    maths = f.TeachingAssignmentFactory(class_group=s.other_class, teacher=f.StaffMemberFactory(school=s.other_school),
                                        subject=f.SubjectFactory(school=s.other_school, name_ky="Математика"))
    gf.PeriodGradeFactory(assignment=maths, student=s.other_student, period=period, value=4)
    s.students_a[3].last_name = "Биздинмектептик"     # failing in maths: named on our reports, a name no one else has
    s.students_a[3].save()
    s.other_deputy = f.user_with_role(s.other_school, Role.DEPUTY, "deputy_other")
    return s


def _url(name, s, class_group=None, student=None):
    if name in STUDENT:
        return reverse(f"journal:{name}", args=[(student or s.students_a[2]).pk])
    url = reverse(f"journal:{name}")
    params = [] if name in ("reports_forecast", "reports_at_risk") else [f"period={s.period.pk}"]
    if class_group is not None:
        params.append(f"class={class_group.pk}")
    return url + ("?" + "&".join(params) if params else "")


def test_anonymous_is_sent_to_login(client, access_school):
    for name in SCOPED + USAGE + STUDENT:
        response = client.get(_url(name, access_school, class_group=access_school.class_a))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name


@pytest.mark.parametrize("who", ["parent_user", "student_user"])
def test_parent_and_student_are_refused(client, access_school, who):
    s = access_school
    client.force_login(getattr(s, who))
    # the parent's own child (a1) and the student themselves (a0): still not theirs to report on
    own = s.students_a[1] if who == "parent_user" else s.students_a[0]
    for name in SCOPED + USAGE + STUDENT:
        for url in {_url(name, s), _url(name, s, class_group=s.class_a, student=own)}:
            assert client.get(url).status_code in (403, 404), (who, url)


def test_a_teacher_gets_no_class_they_do_not_teach(client, access_school):
    s = access_school
    client.force_login(s.teacher_user)          # maths in 5 «А» only
    for name in SCOPED + STUDENT:
        assert client.get(_url(name, s, class_group=s.class_a, student=s.students_a[2])).status_code == 200, name
        assert client.get(_url(name, s, class_group=s.class_b, student=s.students_b[0])).status_code == 404, name


def test_usage_is_the_class_teachers_own_class_only(client, access_school):
    s = access_school
    for name in USAGE:
        client.force_login(s.teacher_user)      # a subject teacher, no class of their own
        assert client.get(_url(name, s)).status_code == 403, name
        client.force_login(s.class_teacher_user)    # leads 5 «А»
        response = client.get(_url(name, s))
        assert response.status_code == 200, name
        if name == "reports_usage":
            assert [row.class_group for row in response.context["report"].rows] == [s.class_a]


def test_another_schools_deputy_gets_none_of_ours(client, access_school):
    s = access_school
    client.force_login(s.other_deputy)
    for name in SCOPED + STUDENT:
        assert client.get(_url(name, s, class_group=s.class_a, student=s.students_a[2])).status_code == 404, name
        if name in STUDENT:
            assert client.get(_url(name, s, student=s.other_student)).status_code == 200
            continue
        response = client.get(reverse(f"journal:{name}"))
        assert response.status_code == 200, name     # their own school's report
        if name in SCREENS:
            assert s.students_a[3].last_name not in response.content.decode()
            classes = _classes_shown(response)
            assert classes and classes <= {s.other_class.pk}, (name, classes)


def test_another_schools_deputy_sees_only_their_classes_in_the_usage(client, access_school):
    s = access_school
    client.force_login(s.other_deputy)
    for name in USAGE:
        response = client.get(reverse(f"journal:{name}"))
        assert response.status_code == 200, name
        if name == "reports_usage":
            assert [row.class_group for row in response.context["report"].rows] == [s.other_class]


def test_our_deputy_gets_no_class_or_student_of_another_school(client, access_school):
    s = access_school
    client.force_login(s.deputy)
    for name in SCOPED + STUDENT:
        assert client.get(_url(name, s, class_group=s.class_a, student=s.students_a[2])).status_code == 200, name
        assert client.get(_url(name, s, class_group=s.other_class, student=s.other_student)).status_code == 404, name


def _classes_shown(response):
    """The ids of the classes a report screen shows."""
    context = response.context
    if "summary" in context:
        summary = context["summary"]
        if hasattr(summary, "class_rows"):
            return {row.class_group.pk for row in summary.class_rows}
        return {class_id for row in summary.by_subject for class_id in row.classes}   # per subject: ids
    if "report" in context:
        return {row.class_group.pk for row in context["report"].class_rows}
    return {c.class_group.pk for c in context["forecast"].classes} | {c.pk for c in context["classes"]}
