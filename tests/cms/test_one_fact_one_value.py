"""Issue 8 §3 (seed 004): what the register knows — leadership, bell times, the school week —
comes from the register on the public pages; a typed value that contradicts it is flagged by
the completeness report with both values."""

import datetime

import pytest

from cms.disclosure import CONFLICT, OK, build_report
from journal.gradebook.models import BellTime, TimetableEntry
from journal.register import factories as f

pytestmark = pytest.mark.django_db


def cell(report, key, language="ky"):
    return next(r for r in report.rows if r.item.key == key).cells[language]


def _director(school, last="Касенова", first="Бактыгүл", position="director", **fields):
    return f.StaffMemberFactory(school=school, last_name=last, first_name=first, position=position,
                                is_teaching=False, phone="+996555000111", **fields)


def test_leadership_page_shows_the_register_leaders(client, site_tree, school):
    _director(school, last="Осмонова", first="Айгүл")
    _director(school, last="Бекова", first="Нургүл", position="deputy_academic")
    content = client.get(site_tree.leadership.url).content.decode()
    assert "Осмонова Айгүл" in content and "Бекова Нургүл" in content
    assert content.index("Осмонова") < content.index("Бекова")  # the director first
    assert "+996 555 000 111" in content
    assert "Касенова" not in content  # the typed copy is not shown beside the register
    # the factory's typed head (Касенова) is not a director in the register: flagged
    head = cell(build_report(site_tree.site), "head")
    assert head.status == CONFLICT and "Касенова" in head.note


def test_typed_leader_matching_the_register_is_not_flagged_and_keeps_its_reception_hours(client, site_tree, school):
    _director(school)  # Касенова Бактыгүл, as typed by the factory
    page = site_tree.leadership
    page.leaders = [("leader", {**page.leaders[0].value, "reception_hours": "Шейшемби 14:00–17:00"})]
    page.save_revision().publish()
    assert cell(build_report(site_tree.site), "head").status == OK
    assert "Шейшемби 14:00–17:00" in client.get(page.url).content.decode()
    # the director changes in the register: the page follows, the report flags the old typed name
    school.staff.filter(last_name="Касенова").update(position="teacher")
    _director(school, last="Токтогулова", first="Жамила")
    content = client.get(page.url).content.decode()
    assert "Токтогулова" in content and "Касенова" not in content
    assert cell(build_report(site_tree.site), "head").status == CONFLICT


def _bells(school):
    for number, (start, end) in enumerate([("08:00", "08:45"), ("08:55", "09:40")], start=1):
        BellTime.objects.create(school=school, shift=1, number=number, start=datetime.time.fromisoformat(start),
                                end=datetime.time.fromisoformat(end))


def _typed_bell(number, start, end):
    return ("lesson", {"shift": 1, "number": number, "start": datetime.time.fromisoformat(start),
                       "end": datetime.time.fromisoformat(end)})


def test_bell_times_come_from_the_timetable_and_typed_differences_are_flagged(client, site_tree, school):
    _bells(school)
    facts = site_tree.facts
    facts.bell_schedule = [_typed_bell(1, "08:00", "08:45"), _typed_bell(2, "09:00", "09:45")]
    facts.save_revision().publish()
    content = client.get(facts.url).content.decode()
    assert "08:55 – 09:40" in content and "09:00 – 09:45" not in content
    schedule = cell(build_report(site_tree.site), "schedule")
    assert schedule.status == CONFLICT and "09:00–09:45" in schedule.note and "08:55–09:40" in schedule.note
    facts.bell_schedule = []
    facts.save_revision().publish()
    assert cell(build_report(site_tree.site), "schedule").status == OK


def test_school_week_comes_from_the_timetable(client, site_tree, school):
    year = f.AcademicYearFactory(school=school, is_current=True)
    junior = f.ClassGroupFactory(school=school, year=year, grade=2, letter="А")
    senior = f.ClassGroupFactory(school=school, year=year, grade=7, letter="А")
    for group, days in ((junior, range(1, 6)), (senior, range(1, 7))):
        assignment = f.TeachingAssignmentFactory(class_group=group)
        for day in days:
            TimetableEntry.objects.create(school=school, year=year, class_group=group, weekday=day, lesson_number=1,
                                          assignment=assignment, valid_from=year.start)
    _bells(school)
    facts = site_tree.facts
    facts.schedule_note = "Бардык класстарда окуу жумасы беш күндүк."
    facts.save_revision().publish()
    content = client.get(facts.url).content.decode()
    assert "2-класс" in content or "Grade 2" in content
    schedule = cell(build_report(site_tree.site), "schedule")
    assert schedule.status == OK  # five-day weeks exist (grade 2)
    facts.schedule_note = "Окуу жумасы алты күндүк."
    facts.save_revision().publish()
    assert cell(build_report(site_tree.site), "schedule").status == OK
    TimetableEntry.objects.filter(weekday=6).delete()
    assert cell(build_report(site_tree.site), "schedule").status == CONFLICT  # no six-day week any more


def test_students_per_language_of_instruction_come_from_the_register(client, site_tree, school):
    year = f.AcademicYearFactory(school=school, is_current=True)
    ky_class = f.ClassGroupFactory(school=school, year=year, grade=3, letter="А", language="ky")
    ru_class = f.ClassGroupFactory(school=school, year=year, grade=3, letter="Б", language="ru")
    for group, n in ((ky_class, 3), (ru_class, 2)):
        for _ in range(n):
            f.StudentFactory(school=school, class_group=group)
    page = site_tree.education
    page.programmes = [("programme", {"title": "Башталгыч", "level": "primary", "description": "…",
                                      "subjects": "Математика", "languages": ["ky"], "students": None,
                                      "document": None})]
    page.save_revision().publish()
    response = client.get(page.url)
    by_language = dict(response.context["students_by_language"])
    assert sorted(by_language.values()) == [2, 3]
    languages = cell(build_report(site_tree.site), "languages")
    assert languages.status == CONFLICT  # typed Kyrgyz only; the register also teaches in Russian
    page.programmes = [("programme", {**page.programmes[0].value, "languages": ["ky", "ru"]})]
    page.save_revision().publish()
    assert cell(build_report(site_tree.site), "languages").status == OK
