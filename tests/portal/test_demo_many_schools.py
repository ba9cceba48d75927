"""`demo_school --schools N` (issue 12 §5): N demo schools in one deployment, each with its own
site host and its own logins. The full builders take minutes per school, so the command's wiring
is tested with recording stand-ins of the three builders; the logins of a further school by the
register builder's own helper."""

import pytest
from django.core.management import call_command
from wagtail.models import Site

from journal.register import demo as register_demo
from journal.register import factories as f
from portal.models import School


@pytest.fixture
def builders(monkeypatch, settings):
    settings.SETTINGS_MODULE = "portal.settings.test"
    calls = []

    def build_register(*, seed, stdout, number=1):
        school = School.objects.filter(code=register_demo.demo_code(number)).first() or f.SchoolFactory(
            code=register_demo.demo_code(number))
        calls.append(("register", number, seed))
        return school

    def build_journal(school, *, seed, stdout):
        calls.append(("journal", school.code, seed))

    def build_site(school, *, seed, stdout, login_suffix=""):
        calls.append(("site", school.code, login_suffix, school.site.hostname if school.site else None))

    monkeypatch.setattr("journal.register.demo.build_register", build_register)
    monkeypatch.setattr("journal.gradebook.demo.build_journal", build_journal)
    monkeypatch.setattr("cms.demo.build_site", build_site)
    return calls


@pytest.mark.django_db
def test_three_schools_each_with_its_own_site_host(builders):
    call_command("demo_school", "--schools", "3", stdout=open("/dev/null", "w"))
    assert [c[:2] for c in builders if c[0] == "register"] == [("register", 1), ("register", 2), ("register", 3)]
    sites = {c[1]: (c[2], c[3]) for c in builders if c[0] == "site"}
    assert sites["demo2"] == ("2", "school2.localhost")
    assert sites["demo3"] == ("3", "school3.localhost")
    assert sites["demo"][0] == ""
    for number in (2, 3):
        school = School.objects.get(code=f"demo{number}")
        assert school.site.hostname == f"school{number}.localhost"
        assert not school.site.is_default_site
    # re-running reuses the sites: one per host
    call_command("demo_school", "--schools", "3", stdout=open("/dev/null", "w"))
    assert Site.objects.filter(hostname__in=["school2.localhost", "school3.localhost"]).count() == 2


@pytest.mark.django_db
def test_one_school_by_default(builders):
    call_command("demo_school", "--skip-journal", stdout=open("/dev/null", "w"))
    assert builders[0] == ("register", 1, 2026)
    assert [c[0] for c in builders] == ["register", "site"]
    assert not Site.objects.filter(hostname__endswith=".localhost", hostname__startswith="school").exists()


def test_the_logins_of_a_further_school():
    first = register_demo._Builder(None, 1, None, register_demo.demo_suffix(1))
    second = register_demo._Builder(None, 1, None, register_demo.demo_suffix(2))
    assert [first.login("director"), first.login("aibek.asanov")] == ["director", "aibek.asanov"]
    assert [second.login("director"), second.login("aibek.asanov")] == ["director2", "aibek.asanov.2"]
    assert register_demo.demo_code(1) == "demo" and register_demo.demo_code(2) == "demo2"


@pytest.mark.django_db
def test_first_adds_further_schools_and_leaves_the_first_alone(builders):
    call_command("demo_school", "--schools", "3", "--first", "2", stdout=open("/dev/null", "w"))
    assert [c[:2] for c in builders if c[0] == "register"] == [("register", 2), ("register", 3)]
    assert not School.objects.filter(code="demo").exists()


@pytest.mark.django_db
def test_first_beyond_the_schools_is_refused(builders):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("demo_school", "--schools", "3", "--first", "4", stdout=open("/dev/null", "w"))
    assert builders == []


@pytest.mark.django_db
def test_a_further_schools_messages_are_written_by_its_own_people():
    """The second school's announcements and messages come from its own director ("director2"), who may
    address it — not from the first school's (which was refused and stopped the build)."""
    from journal.messaging.demo import build_messaging
    from journal.messaging.models import Announcement

    school = register_demo.build_register(seed=2026, stdout=open("/dev/null", "w"), number=2)
    build_messaging(school, stdout=open("/dev/null", "w"), login_suffix=register_demo.demo_suffix(2))
    authors = set(Announcement.objects.filter(school=school).values_list("author__username", flat=True))
    assert authors and authors <= {"director2", "deputy2", "teacher2", "classteacher2"}
    assert "director2" in authors
