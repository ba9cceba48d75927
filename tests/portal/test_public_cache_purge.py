"""The public cache is purged per site (issue 12 §3): in a district deployment a change purges only
the site(s) that show it, after the transaction commits, once per transaction — and every write
path that changes a fact the public site shows (bulk ones included) purges its school's site."""

import datetime
import io
import re
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext, ngettext
from wagtail.models import Page, Site

from cms import factories as cf
from cms.models.snippets import UsefulLink
from journal.gradebook.services.timetable import bell_times_save, timetable_save
from journal.register import factories as f
from journal.register.imports.columns import STAFF, STUDENTS
from journal.register.models import StaffMember, Student, StudentStatus
from journal.register.services.imports import import_apply
from journal.register.services.people import staff_update
from journal.register.services.public_profile import staff_public_approve
from journal.register.services.school import SCHEME_HALVES, default_calendar, year_create, year_set_upper_scheme
from journal.register.services.year_transition import year_transition_apply
from portal import public_cache
from portal.public_cache import EVERY_SITE_KEY, generations, school_key, site_key
from site_settings.models import Announcement, SchoolIdentity
from tests.cms.conftest import site_tree, teachers  # noqa: F401 (fixtures)
from tests.journal.register.import_helpers import student_row, write_xlsx
from tests.journal.register.test_import import staff_row

pytestmark = pytest.mark.django_db

HOST_B = "school2.localhost"


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PUBLIC_CACHE_ENABLED = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def district(site_tree, small_school):  # noqa: F811
    """School A on the default site (site_tree), school B on its own host with its own pages."""
    home_b = cf.HomePageFactory(site=False, slug="home-b")
    site_b = Site.objects.create(hostname=HOST_B, port=80, root_page=home_b, is_default_site=False)
    school_b = small_school.other_school
    school_b.site = site_b
    school_b.save()
    about_b = cf.AboutSchoolPageFactory(parent=home_b)
    facts_b = cf.BasicFactsPageFactory(parent=about_b)
    # the setup counts as committed: what it asked to purge is done (in a test, the callbacks of
    # the surrounding transaction never run; they would purge with the test's first commit)
    public_cache._flush()
    return SimpleNamespace(a=site_tree, s=small_school, school_a=small_school.school, school_b=school_b,
                           site_a=site_tree.site, site_b=site_b, home_b=home_b, facts_b=facts_b)


def path_of(page):
    return page.get_url_parts()[2]


def get(client, page, host=None):
    extra = {"HTTP_HOST": host} if host else {}
    return client.get(path_of(page), **extra)


def warm(client, *pages_and_hosts):
    for page, host in pages_and_hosts:
        assert get(client, page, host)["X-Cache"] == "miss"
        assert get(client, page, host)["X-Cache"] == "hit"


def students(response):
    """The number of students the home page shows (in Kyrgyz)."""
    with translation.override("ky"):
        label = gettext("students")
    found = re.search(rf"<strong>(\d+)</strong><span>{re.escape(label)}</span>", response.content.decode())
    return int(found.group(1)) if found else 0


def classes(response):
    with translation.override("ky"):
        label = gettext("classes")
    found = re.search(rf"<strong>(\d+)</strong><span>{re.escape(label)}</span>", response.content.decode())
    return int(found.group(1)) if found else 0


# --- per site ------------------------------------------------------------------------------------

def test_a_register_change_purges_only_the_site_of_its_school(client, district, django_capture_on_commit_callbacks):
    d = district
    home_a, home_b = d.a.home, d.home_b
    warm(client, (home_a, None), (d.a.facts, None), (home_b, HOST_B), (d.facts_b, HOST_B))
    students_b = students(get(client, home_b, HOST_B))
    with django_capture_on_commit_callbacks(execute=True):
        f.StudentFactory(school=d.school_a, class_group=d.s.class_a)
    response = get(client, home_a)
    assert response["X-Cache"] == "miss" and students(response) == 11
    assert get(client, d.a.facts)["X-Cache"] == "miss"
    assert get(client, home_b, HOST_B)["X-Cache"] == "hit"  # school B's site keeps its pages
    assert get(client, d.facts_b, HOST_B)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        f.StudentFactory(school=d.school_b, class_group=d.s.other_class)
    response = get(client, home_b, HOST_B)
    assert response["X-Cache"] == "miss" and students(response) == students_b + 1
    assert get(client, home_a)["X-Cache"] == "hit"


def test_publishing_a_page_purges_only_its_site(client, district, django_capture_on_commit_callbacks):
    d = district
    warm(client, (d.a.home, None), (d.home_b, HOST_B))
    page = d.facts_b
    page.title = "Жаңы маалымат"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert get(client, d.home_b, HOST_B)["X-Cache"] == "miss"
    assert get(client, d.a.home)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        d.a.contacts.delete()
    assert get(client, d.a.home)["X-Cache"] == "miss"
    assert get(client, d.home_b, HOST_B)["X-Cache"] == "hit"


def test_moving_a_page_to_another_site_purges_both(client, district, django_capture_on_commit_callbacks):
    d = district
    warm(client, (d.a.home, None), (d.home_b, HOST_B))
    with django_capture_on_commit_callbacks(execute=True):
        d.a.event.move(d.home_b, pos="last-child")
    assert get(client, d.a.home)["X-Cache"] == "miss"
    assert get(client, d.home_b, HOST_B)["X-Cache"] == "miss"


def test_latin_slugs_purges_the_site_of_a_renamed_page(client, district, django_capture_on_commit_callbacks):
    from cms.models import StandardPage

    d = district
    page = d.a.about.add_child(instance=StandardPage(title="Ата-энелер үчүн", slug="latin-first"))
    Page.objects.filter(pk=page.pk).update(slug="ата-энелер-үчүн",
                                           url_path=page.url_path.replace("latin-first", "ата-энелер-үчүн"))
    public_cache._flush()
    warm(client, (d.a.about, None), (d.home_b, HOST_B))
    with django_capture_on_commit_callbacks(execute=True):  # page.save(): no publish signal
        call_command("latin_slugs", verbosity=0)
    response = get(client, d.a.about)
    assert response["X-Cache"] == "miss" and "/ata-eneler-uchun/" in response.content.decode()
    assert get(client, d.home_b, HOST_B)["X-Cache"] == "hit"


def test_site_settings_and_snippets_purge_their_site_or_every_site(client, district,
                                                                    django_capture_on_commit_callbacks):
    d = district
    warm(client, (d.a.home, None), (d.home_b, HOST_B))
    identity = SchoolIdentity.for_site(d.site_a)
    identity.short_name = "№1 мектеп"
    with django_capture_on_commit_callbacks(execute=True):
        identity.save()
    assert get(client, d.a.home)["X-Cache"] == "miss"
    assert get(client, d.home_b, HOST_B)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):  # a link shown on every site
        UsefulLink.objects.create(title="Министрлик", url="https://edu.gov.kg/", site=None)
    assert get(client, d.a.home)["X-Cache"] == "miss"
    assert get(client, d.home_b, HOST_B)["X-Cache"] == "miss"
    with django_capture_on_commit_callbacks(execute=True):
        announcement = Announcement.objects.create(site=d.site_a, title="Жыйын", live=True)
    warm(client, (d.a.home, None))
    assert get(client, d.home_b, HOST_B)["X-Cache"] == "hit"
    announcement.site = d.site_b
    with django_capture_on_commit_callbacks(execute=True):  # moved to site B: gone from A, shown on B
        announcement.save()
    assert get(client, d.a.home)["X-Cache"] == "miss"
    assert get(client, d.home_b, HOST_B)["X-Cache"] == "miss"


def test_a_school_renamed_purges_its_site_a_school_moved_to_another_site_every_site(
        client, district, django_capture_on_commit_callbacks):
    d = district
    warm(client, (d.a.home, None), (d.home_b, HOST_B))
    d.school_b.name_ky = "№2 гимназия"
    with django_capture_on_commit_callbacks(execute=True):
        d.school_b.save()
    assert get(client, d.home_b, HOST_B)["X-Cache"] == "miss"
    assert get(client, d.a.home)["X-Cache"] == "hit"
    d.school_b.site = None  # site B now shows the first school's register
    with django_capture_on_commit_callbacks(execute=True):
        d.school_b.save()
    assert get(client, d.home_b, HOST_B)["X-Cache"] == "miss"
    assert get(client, d.a.home)["X-Cache"] == "miss"


# --- after the commit, once per transaction -----------------------------------------------------

def test_the_purge_waits_for_the_commit_and_is_asked_once_per_transaction(
        client, district, django_capture_on_commit_callbacks):
    d = district
    warm(client, (d.a.home, None))
    before = generations([school_key(d.school_a), site_key(d.site_a), EVERY_SITE_KEY])
    with django_capture_on_commit_callbacks() as callbacks:
        for _ in range(5):
            f.StudentFactory(school=d.school_a, class_group=d.s.class_a)
        # not committed yet: a visitor still gets the page of the committed register
        assert get(client, d.a.home)["X-Cache"] == "hit"
    for callback in callbacks:
        callback()
    after = generations([school_key(d.school_a), site_key(d.site_a), EVERY_SITE_KEY])
    assert after[0] == before[0] + 1 and after[1:] == before[1:]  # one increment for five rows
    response = get(client, d.a.home)
    assert response["X-Cache"] == "miss" and students(response) == 15


def test_an_evicted_generation_never_brings_old_pages_back(client, district):
    d = district
    warm(client, (d.a.home, None))
    cache.delete(school_key(d.school_a))  # evicted by the cache (memory full, restart of redis…)
    assert get(client, d.a.home)["X-Cache"] == "miss"
    assert get(client, d.a.home)["X-Cache"] == "hit"


# --- every write path that changes what the public site shows -----------------------------------

def test_student_import_purges(client, district, tmp_path, django_capture_on_commit_callbacks):
    d = district
    warm(client, (d.a.home, None), (d.home_b, HOST_B))
    path = write_xlsx(tmp_path / "students.xlsx", [student_row(1), student_row(2, sex="f")])
    with django_capture_on_commit_callbacks(execute=True):
        result = import_apply(school=d.school_a, kind=STUDENTS, path=path, user=d.s.deputy)
    assert result.created == 2
    response = get(client, d.a.home)
    assert response["X-Cache"] == "miss" and students(response) == 12
    assert get(client, d.home_b, HOST_B)["X-Cache"] == "hit"


def test_staff_import_purges_and_approval_shows_the_teacher(client, district, tmp_path,
                                                            django_capture_on_commit_callbacks):
    d = district
    before = generations([school_key(d.school_a), school_key(d.school_b)])
    path = write_xlsx(tmp_path / "staff.xlsx", [staff_row(1)], kind=STAFF)
    with django_capture_on_commit_callbacks(execute=True):
        import_apply(school=d.school_a, kind=STAFF, path=path, user=d.s.sysadmin)
    after = generations([school_key(d.school_a), school_key(d.school_b)])
    assert after == (before[0] + 1, before[1])
    warm(client, (d.a.staff, None))
    assert "Садыкова1" not in get(client, d.a.staff).content.decode()  # shown once approved
    member = StaffMember.objects.get(last_name="Садыкова1")
    with django_capture_on_commit_callbacks(execute=True):
        staff_public_approve(profile=member.public_profile, user=d.s.director)
    response = get(client, d.a.staff)
    assert response["X-Cache"] == "miss" and "Садыкова1" in response.content.decode()


def test_approving_a_public_profile_purges(client, district, teachers, django_capture_on_commit_callbacks):  # noqa: F811
    d = district
    member = teachers.asanova
    old_name = member.last_name
    warm(client, (d.a.staff, None), (d.home_b, HOST_B))
    assert old_name in get(client, d.a.staff).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        staff_update(member=member, last_name="Жаңыфамилия", changed_by=d.s.deputy)
    response = get(client, d.a.staff)
    assert "Жаңыфамилия" not in response.content.decode()  # waits for approval (R-S15)
    with django_capture_on_commit_callbacks(execute=True):
        staff_public_approve(profile=member.public_profile, user=d.s.director)
    response = get(client, d.a.staff)
    assert response["X-Cache"] == "miss" and "Жаңыфамилия" in response.content.decode()
    assert get(client, d.home_b, HOST_B)["X-Cache"] == "hit"


def test_year_transition_purges(client, district, django_capture_on_commit_callbacks):
    d = district
    class_11 = f.ClassGroupFactory(school=d.school_a, year=d.s.year, grade=11, letter="А")
    for _ in range(2):
        f.StudentFactory(school=d.school_a, class_group=class_11)
    warm(client, (d.a.home, None), (d.home_b, HOST_B))
    home = get(client, d.a.home)
    assert (students(home), classes(home)) == (12, 3)
    with django_capture_on_commit_callbacks(execute=True):
        year_transition_apply(
            school=d.school_a, from_year=d.s.year, recorded_by=d.s.deputy, to_name="2027–2028",
            to_start=datetime.date(2027, 9, 1), to_end=datetime.date(2028, 5, 31),
            order_date=datetime.date(2027, 6, 10), order_number="88", repeat_ids=[], leave_ids=[], teachers={},
        )
    assert Student.objects.filter(class_group=class_11, status=StudentStatus.GRADUATED).count() == 2
    response = get(client, d.a.home)
    assert response["X-Cache"] == "miss"
    assert (students(response), classes(response)) == (10, 2)  # the graduates left; 6 «А», 6 «Б»
    assert get(client, d.home_b, HOST_B)["X-Cache"] == "hit"


def test_a_new_current_year_and_its_periods_purge(client, district, django_capture_on_commit_callbacks):
    d = district
    warm(client, (d.a.education, None), (d.home_b, HOST_B))
    with django_capture_on_commit_callbacks(execute=True):
        year = year_create(school=d.school_a, start_year=2027, make_current=True)
    response = get(client, d.a.education)
    assert response["X-Cache"] == "miss" and "2027–2028" in response.content.decode()
    assert get(client, d.home_b, HOST_B)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        year_set_upper_scheme(year=year, scheme="quarters")
    _quarters, halves, _holidays = default_calendar(2027)
    half_dates = f"{halves[0][1]:%d.%m.%Y} – {halves[0][2]:%d.%m.%Y}"
    response = get(client, d.a.education)
    assert response["X-Cache"] == "miss" and half_dates not in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        year_set_upper_scheme(year=year, scheme=SCHEME_HALVES)
    response = get(client, d.a.education)
    assert response["X-Cache"] == "miss" and half_dates in response.content.decode()


def test_timetable_and_bell_times_purge(client, district, django_capture_on_commit_callbacks):
    d = district
    warm(client, (d.a.facts, None), (d.facts_b, HOST_B))
    with translation.override("ky"):
        one_day = ngettext("%(days)s school day a week", "%(days)s school days a week", 1) % {"days": 1}
    assert one_day not in get(client, d.a.facts).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        timetable_save(class_group=d.s.class_a, slots={(1, 1): [(d.s.assignment_a.pk, "")]},
                       valid_from=d.s.year.start, user=d.s.deputy)
    response = get(client, d.a.facts)
    assert response["X-Cache"] == "miss" and one_day in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        bell_times_save(school=d.school_a, shift=1, user=d.s.deputy,
                        rows=[(1, datetime.time(8, 0), datetime.time(8, 45))])
    response = get(client, d.a.facts)
    assert response["X-Cache"] == "miss" and "08:00 – 08:45" in response.content.decode()
    assert get(client, d.facts_b, HOST_B)["X-Cache"] == "hit"


def test_demo_school_purges_what_it_wrote_in_bulk(client, district, monkeypatch, settings,
                                                  django_capture_on_commit_callbacks):
    settings.SETTINGS_MODULE = "portal.settings.test"  # the command refuses production settings
    d = district
    warm(client, (d.a.home, None))

    def build_register(*, seed, stdout, number):  # the demo's bulk writes, without signals
        Student.objects.bulk_create([f.StudentFactory.build(school=d.school_a, class_group=d.s.class_a)
                                     for _ in range(3)])
        return d.school_a

    monkeypatch.setattr("journal.register.demo.build_register", build_register)
    monkeypatch.setattr("cms.demo.build_site", lambda *args, **kwargs: None)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo_school", "--skip-journal", stdout=io.StringIO())
    response = get(client, d.a.home)
    assert response["X-Cache"] == "miss" and students(response) == 13
