"""The forbidden side of every view of the year-end archive (journal/archive/urls.py) that
test_archive_views.py leaves open: anonymous on the generate and progress views, another
school's deputy on all four (our archive neither listed, nor reported, nor downloaded; our year
not archived by them). A view added to the URLs without a line here fails
test_every_view_of_the_area_is_listed."""

import pytest
from django.urls import reverse

from journal.archive import urls as archive_urls
from journal.archive.factories import YearArchiveFactory
from journal.archive.models import YearArchive
from journal.register import factories as f
from portal.roles import Role

pytestmark = pytest.mark.django_db

# the views and where each one's forbidden side is tested (here and in test_archive_views.py)
CHECKED = {
    "archive_index": ["test_others_see_nothing", "test_anonymous_is_sent_to_login",
                      "test_another_schools_deputy_gets_none_of_ours"],
    "archive_generate": ["test_others_see_nothing", "test_anonymous_cannot_generate_or_follow_progress",
                         "test_another_schools_deputy_gets_none_of_ours"],
    "archive_progress": ["test_others_see_nothing", "test_anonymous_cannot_generate_or_follow_progress",
                         "test_another_schools_deputy_gets_none_of_ours"],
    "archive_download": ["test_others_see_nothing", "test_anonymous_is_sent_to_login",
                         "test_another_schools_deputy_cannot_download", "test_another_schools_deputy_gets_none_of_ours"],
}


def test_every_view_of_the_area_is_listed():
    from . import test_archive_views

    assert {p.name for p in archive_urls.urlpatterns} == set(CHECKED)
    for tests in CHECKED.values():
        for name in tests:
            assert name in globals() or hasattr(test_archive_views, name), name


@pytest.fixture
def ours(small_school):
    return YearArchiveFactory(year=small_school.year, version=1)


def test_anonymous_cannot_generate_or_follow_progress(client, small_school, ours):
    response = client.post(reverse("journal:archive_generate"), {"year": small_school.year.pk})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.get(reverse("journal:archive_progress"), {"id": ours.pk})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert YearArchive.objects.count() == 1


def test_another_schools_deputy_gets_none_of_ours(client, small_school, ours):
    s = small_school
    theirs = YearArchiveFactory(year=s.other_class.year, version=1)
    client.force_login(f.user_with_role(s.other_school, Role.DEPUTY, "deputy_other"))
    page = client.get(reverse("journal:archive_index"))
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("journal:archive_download", args=[theirs.pk]) in html            # their own is listed
    assert reverse("journal:archive_download", args=[ours.pk]) not in html
    progress = client.get(reverse("journal:archive_progress"), {"id": [ours.pk, theirs.pk]}).json()
    assert [a["id"] for a in progress["archives"]] == [theirs.pk]
    assert client.get(reverse("journal:archive_download", args=[ours.pk])).status_code == 404
    response = client.post(reverse("journal:archive_generate"), {"year": s.year.pk})   # our year
    assert response.status_code == 302
    assert YearArchive.objects.filter(year=s.year).count() == 1                      # still only ours
