"""Page types of the website: where they may be created, what they show, the teaching staff
read from the register, news pagination, search, the site map and sitemap.xml."""

import datetime

import pytest
from django.urls import reverse

from cms import factories as cf
from cms import models as m

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("child", "parent", "allowed"),
    [
        (m.AboutSchoolPage, m.HomePage, True),
        (m.BasicFactsPage, m.AboutSchoolPage, True),
        (m.BasicFactsPage, m.HomePage, False),
        (m.TeachingStaffIndexPage, m.AboutSchoolPage, True),
        (m.NewsPage, m.NewsIndexPage, True),
        (m.NewsPage, m.HomePage, False),
        (m.GalleryPage, m.GalleryIndexPage, True),
        (m.StandardPage, m.AboutSchoolPage, True),
    ],
)
def test_page_type_placement(child, parent, allowed):
    assert (child in parent.allowed_subpage_models()) is allowed


def test_disclosure_pages_are_one_per_section(site_tree):
    assert not m.BasicFactsPage.can_create_at(site_tree.about)
    assert m.StandardPage.can_create_at(site_tree.about)


def test_every_page_of_the_tree_renders(client, site_tree):
    for page in site_tree.home.get_descendants(inclusive=True).live().specific():
        response = client.get(page.url)
        assert response.status_code == 200, page
        assert '<html lang="ky">' in response.content.decode()


def test_missing_disclosures_say_they_are_being_prepared(client, site_tree):
    content = client.get(site_tree.structure.url).content.decode()
    assert '<p class="missing">' in content


def test_basic_facts_show_structured_data(client, site_tree):
    content = client.get(site_tree.facts.url).content.decode()
    assert "1961" in content
    assert "Курманжан датка" in content
    assert 'href="tel:+99632225' in content
    assert "mailto:school@example.org" in content


def test_home_shows_news_events_and_figures(client, site_tree):
    content = client.get(site_tree.home.url).content.decode()
    assert "Билим күнү" in content
    assert "Ата-энелер жыйыны" in content
    assert "<strong>2</strong>" in content  # two public teachers


def test_teacher_directory_lists_public_teachers_only(client, site_tree, teachers):
    content = client.get(site_tree.staff.url).content.decode()
    assert "Асанова Гүлзат Бакытовна" in content
    assert "Осмонов Улан Маратович" in content
    assert "Жашыруун" not in content  # not public
    assert "Кеткен" not in content  # no longer works at the school


def test_teacher_directory_filters_by_subject(client, site_tree, teachers):
    content = client.get(site_tree.staff.url, {"subject": teachers.physics.pk}).content.decode()
    assert "Осмонов" in content
    assert "Асанова" not in content
    # the history teacher is hidden, so history is not offered as a filter
    assert f'value="{teachers.history.pk}"' not in content
    # nonsense stays harmless
    assert client.get(site_tree.staff.url, {"subject": "x"}).status_code == 200


def test_teacher_directory_query_count_does_not_grow(client, site_tree, teachers, django_assert_max_num_queries):
    from tests.cms.conftest import make_teacher

    client.get(site_tree.staff.url)  # warm caches (site root paths, locales)
    with django_assert_max_num_queries(40) as before:
        client.get(site_tree.staff.url)
    for n in range(6):
        make_teacher(site_tree.staff.get_school(), [teachers.math, teachers.physics], last_name=f"Жаңы{n}", first_name="Айбек")
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(site_tree.staff.url)


def test_teacher_page_shows_every_r_s8_item(client, site_tree, teachers):
    url = site_tree.staff.teacher_url(teachers.asanova)
    content = client.get(url).content.decode()
    for text in ("Асанова Гүлзат Бакытовна", "Математика", "Ош мамлекеттик университети", "Математика мугалими",
                 "КББА, 72 саат", "20", "18"):
        assert text in content
    assert "Асанова Гүлзат Бакытовна" in content.split('class="breadcrumbs"')[1].split("</nav>")[0]


@pytest.mark.parametrize("which", ["hidden", "left"])
def test_non_public_teacher_has_no_page(client, site_tree, teachers, which):
    url = site_tree.staff.teacher_url(getattr(teachers, which))
    assert client.get(url).status_code == 404


def test_teacher_of_another_school_has_no_page(client, site_tree, other_school):
    from tests.cms.conftest import make_teacher

    stranger = make_teacher(other_school, [], last_name="Бөтөн", first_name="Мугалим")
    assert client.get(site_tree.staff.teacher_url(stranger)).status_code == 404


def test_news_index_paginates(client, site_tree):
    for n in range(12):
        cf.NewsPageFactory(parent=site_tree.news, date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    first = client.get(site_tree.news.url).content.decode()
    assert first.count('class="news-card"') == 10
    second = client.get(site_tree.news.url, {"page": 2}).content.decode()
    assert second.count('class="news-card"') == 3
    assert client.get(site_tree.news.url, {"page": 9}).status_code == 404
    events = client.get(site_tree.news.url, {"kind": "events"}).content.decode()
    assert "Ата-энелер жыйыны" in events


def test_search_finds_pages_and_teachers(client, site_tree, teachers):
    url = reverse("cms:search")
    content = client.get(url, {"q": "Асанова"}).content.decode()
    assert site_tree.staff.teacher_url(teachers.asanova) in content
    assert 'id="found-teachers"' not in client.get(url, {"q": "Жашыруун"}).content.decode()
    content = client.get(url, {"q": "Билим"}).content.decode()
    assert site_tree.news_item.url in content


def test_site_map_page_shows_the_structure(client, site_tree):
    content = client.get(site_tree.sitemap.url).content.decode()
    for page in (site_tree.about, site_tree.facts, site_tree.staff, site_tree.news, site_tree.contacts):
        assert f'href="{page.url}"' in content


def test_sitemap_xml_lists_both_languages_and_teachers(client, site_tree_ru, teachers):
    content = client.get("/sitemap.xml").content.decode()
    assert "/ky/about/basic-facts/" in content
    assert "/ru/about/basic-facts/" in content
    assert f"/ky/about/teachers/{teachers.asanova.pk}/" in content
    assert f"/ru/about/teachers/{teachers.asanova.pk}/" in content
    assert f"/teachers/{teachers.hidden.pk}/" not in content
    assert 'hreflang="ru"' in content


def test_contacts_come_from_basic_facts(client, site_tree):
    content = client.get(site_tree.contacts.url).content.decode()
    assert "+996 (3222) 5-00-00" in content
    assert "school@example.org" in content


def test_documents_page_groups_by_category_and_lists_other_pages_documents(client, site_tree):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    Document = get_document_model()
    charter = Document(title="Устав")
    charter.file.save("charter.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    charter.save()
    site_tree.documents.documents = [("document", {"category": "charter", "title": "Мектептин Уставы", "number": "",
                                                   "date": datetime.date(2020, 1, 1), "document": charter})]
    site_tree.documents.save_revision().publish()
    site_tree.structure.bodies = [("body", {"kind": "governance", "name": "Педагогикалык кеңеш", "head": "",
                                            "description": "", "regulation": charter})]
    site_tree.structure.save_revision().publish()
    content = client.get(site_tree.documents.url).content.decode()
    assert "Мектептин Уставы" in content
    assert "Педагогикалык кеңеш" in content
    assert charter.url in content
