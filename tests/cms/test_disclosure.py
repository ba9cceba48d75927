"""The disclosure completeness report finds what is missing, per language, and links to the
place where to fill it; it is on the admin dashboard and has a page of its own."""

import datetime

import pytest
from django.urls import reverse

from cms import factories as cf
from cms.disclosure import EXPIRED, MISSING, NOT_APPLICABLE, OK, STAFF_FIELDS, UNTRANSLATED, build_report

pytestmark = pytest.mark.django_db


def cell(report, key, language):
    row = next(r for r in report.rows if r.item.key == key)
    return row.cells[language]


def test_report_lists_every_mandated_requirement(site_tree):
    report = build_report(site_tree.site)
    codes = {row.item.code for row in report.rows}
    assert codes == {f"R-S{n}" for n in range(1, 11)}
    assert report.languages == ["ky", "ru"]


def test_filled_and_missing_items_of_basic_facts(site_tree):
    report = build_report(site_tree.site)
    assert cell(report, "founding_date", "ky").status == OK
    assert cell(report, "branches", "ky").status == NOT_APPLICABLE  # "no branches" is ticked
    assert cell(report, "address", "ky").status == OK


def test_a_missing_item_is_found_with_a_link_to_fill_it(site_tree):
    facts = site_tree.facts
    facts.founding_date = None
    facts.save_revision().publish()
    report = build_report(site_tree.site)
    founding = cell(report, "founding_date", "ky")
    assert founding.status == MISSING
    assert founding.url == reverse("wagtailadmin_pages:edit", args=[facts.pk])
    assert not report.complete


def test_untranslated_page_is_missing_in_russian_with_a_link_to_translate(site_tree_ru):
    report = build_report(site_tree_ru.site)
    # basic facts are translated, structure is not
    assert cell(report, "founding_date", "ru").status == OK
    regulations = cell(report, "regulations", "ru")
    assert regulations.status == MISSING
    assert regulations.url == reverse("wagtail_localize:submit_page_translation", args=[site_tree_ru.structure.pk])


def test_russian_text_still_in_kyrgyz_is_not_translated(site_tree_ru):
    # the full name was not translated: the Russian page still shows the Kyrgyz text
    site_tree_ru.facts.full_name = "Үмөтаалы атындагы орто мектеп"
    site_tree_ru.facts.save_revision().publish()
    cf.translate_page(site_tree_ru.facts)
    report = build_report(site_tree_ru.site)
    assert cell(report, "full_name", "ky").status == OK
    assert cell(report, "full_name", "ru").status == UNTRANSLATED


def test_missing_page_links_to_adding_it(site_tree):
    site_tree.finance.delete()
    report = build_report(site_tree.site)
    volume = cell(report, "volume", "ky")
    assert volume.status == MISSING
    assert volume.url == reverse("wagtailadmin_pages:add", args=["cms", "financepage", site_tree.about.pk])


def test_expired_accreditation_is_reported(site_tree):
    page = site_tree.accreditation
    page.accreditations = [("certificate", {
        "title": "Аккредитация", "number": "АК-1", "issued_by": "Министрлик", "issued_on": datetime.date(2015, 1, 1),
        "valid_until": datetime.date(2020, 1, 1), "document": None, "annexes": [],
    })]
    page.save_revision().publish()
    report = build_report(site_tree.site)
    assert cell(report, "accreditation", "ky").status == EXPIRED
    assert cell(report, "accreditation_copy", "ky").status == MISSING


def test_leadership_head_is_checked(site_tree):
    report = build_report(site_tree.site)
    assert cell(report, "head", "ky").status == OK
    assert cell(report, "head_email", "ky").status == OK
    site_tree.leadership.leaders = []
    site_tree.leadership.save_revision().publish()
    report = build_report(site_tree.site)
    assert cell(report, "head", "ky").status == MISSING


def test_teachers_with_incomplete_data_are_listed_per_language(site_tree, teachers):
    report = build_report(site_tree.site)
    assert report.staff_total == 2
    incomplete = {entry["member"].pk: entry["missing"] for entry in report.staff}
    # Osmonov has no Russian text of his professional development
    assert list(incomplete) == [teachers.osmonov.pk]
    assert "ky" not in incomplete[teachers.osmonov.pk]
    training_label = next(str(label) for key, label, _base in STAFF_FIELDS if key == "training")
    assert incomplete[teachers.osmonov.pk]["ru"] == [training_label]
    assert cell(report, "staff_data", "ky").status == OK
    assert cell(report, "staff_data", "ru").status == MISSING


def test_dashboard_panel_and_full_report(client, site_tree, site_users):
    site_tree.facts.founding_date = None
    site_tree.facts.save_revision().publish()
    client.force_login(site_users.siteadmin)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="disclosure-completeness' in dashboard
    assert reverse("wagtailadmin_pages:edit", args=[site_tree.facts.pk]) in dashboard
    response = client.get(reverse("cms_disclosure_report"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "R-S10" in content
    assert reverse("wagtailadmin_pages:edit", args=[site_tree.facts.pk]) in content


def test_report_is_for_admin_users_only(client, site_tree):
    response = client.get(reverse("cms_disclosure_report"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def _register_students(school, grades):
    """Current-year classes with studying students: {grade: number}."""
    from journal.register import factories as f

    year = f.AcademicYearFactory(school=school, is_current=True)
    for n, (grade, count) in enumerate(grades.items()):
        group = f.ClassGroupFactory(school=school, year=year, grade=grade, letter="АБВГД"[n % 5])
        for _i in range(count):
            f.StudentFactory(school=school, class_group=group)


def _programme(level, students):
    return ("programme", {"title": f"Программа {level}", "level": level, "description": "…", "subjects": "Математика",
                          "languages": ["ky"], "students": students, "document": None})


def test_education_page_figures_come_from_the_register(client, site_tree, school):
    from cms.disclosure import CONFLICT

    _register_students(school, {3: 4, 7: 3})
    page = site_tree.education
    page.programmes = [_programme("primary", 412), _programme("basic", None)]
    page.save_revision().publish()
    response = client.get(page.url)
    content = response.content.decode()
    assert "<dd>4</dd>" in content and "<dd>3</dd>" in content and "412" not in content
    assert response.context["total_students"] == 7
    home = client.get(site_tree.home.url)
    assert home.context["figures"]["students"] == 7  # the home page's total is the education page's
    assert "<strong>7</strong>" in home.content.decode()
    # the typed 412 contradicts the register's 4: flagged with both values
    students = cell(build_report(site_tree.site), "students", "ky")
    assert students.status == CONFLICT
    assert "412" in students.note and "4" in students.note
    # a typed figure equal to the register's is not flagged; changing the register changes the page
    page.programmes = [_programme("primary", 4), _programme("basic", None)]
    page.save_revision().publish()
    assert cell(build_report(site_tree.site), "students", "ky").status == OK
    from journal.register import factories as f
    from journal.register.models import ClassGroup

    f.StudentFactory(school=school, class_group=ClassGroup.objects.get(grade=7))
    assert "<dd>4</dd>" in client.get(page.url).content.decode()
    assert "<strong>8</strong>" in client.get(site_tree.home.url).content.decode()
