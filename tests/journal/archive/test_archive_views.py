"""Who may see, generate and download the year's archive: the deputy, the director and the
system administrator of the school; nobody else (teacher, class teacher, parent, student,
another school, anonymous)."""

import pytest
from django.urls import reverse

from journal.archive.factories import YearArchiveFactory
from journal.archive.models import ArchiveState, YearArchive
from journal.register import factories as f
from portal.private_files import private_storage
from portal.roles import Role


@pytest.fixture
def stored(small_school, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    private_storage._clear_cached_properties("PRIVATE_MEDIA_ROOT")
    from django.core.files.base import ContentFile

    archive = YearArchiveFactory(year=small_school.year, version=1)
    archive.file.save("archive-v1.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=True)
    return archive


def _login(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["deputy", "director", "sysadmin"])
def test_school_leaders_see_and_download(client, small_school, stored, who):
    _login(client, getattr(small_school, who))
    page = client.get(reverse("journal:archive_index"))
    assert page.status_code == 200
    assert reverse("journal:archive_download", args=[stored.pk]) in page.content.decode()
    response = client.get(reverse("journal:archive_download", args=[stored.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("who", ["teacher_user", "class_teacher_user", "parent_user", "student_user",
                                 "other_school_teacher"])
def test_others_see_nothing(client, small_school, stored, who):
    _login(client, getattr(small_school, who))
    assert client.get(reverse("journal:archive_index")).status_code == 404
    assert client.get(reverse("journal:archive_download", args=[stored.pk])).status_code == 404
    assert client.get(reverse("journal:archive_progress"), {"id": stored.pk}).status_code == 404
    response = client.post(reverse("journal:archive_generate"), {"year": small_school.year.pk})
    assert response.status_code == 404
    assert YearArchive.objects.count() == 1


def test_another_schools_deputy_cannot_download(client, small_school, stored):
    deputy = f.user_with_role(small_school.other_school, Role.DEPUTY, "deputy_other")
    _login(client, deputy)
    assert client.get(reverse("journal:archive_download", args=[stored.pk])).status_code == 404


def test_anonymous_is_sent_to_login(client, stored):
    for url in (reverse("journal:archive_index"), reverse("journal:archive_download", args=[stored.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_director_cannot_generate(client, small_school, stored):
    _login(client, small_school.director)
    assert client.post(reverse("journal:archive_generate"), {"year": small_school.year.pk}).status_code == 404
    page = client.get(reverse("journal:archive_index")).content.decode()
    assert reverse("journal:archive_generate") not in page


def test_deputy_generates_from_the_page_and_sees_progress(client, small_school, settings, tmp_path,
                                                           django_capture_on_commit_callbacks):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    _login(client, small_school.deputy)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("journal:archive_generate"), {"year": small_school.year.pk})
    assert response.status_code == 302
    archive = YearArchive.objects.get()
    assert archive.state == ArchiveState.DONE and archive.created_by == small_school.deputy
    data = client.get(reverse("journal:archive_progress"), {"id": archive.pk}).json()
    assert data["archives"][0]["percent"] == 100
    assert client.get(reverse("journal:archive_download", args=[archive.pk])).status_code == 200


def test_a_running_archive_shows_a_progress_bar_polled_by_a_static_script(client, small_school):
    archive = YearArchiveFactory(year=small_school.year, version=1, state=ArchiveState.RUNNING, done=3, total=12)
    _login(client, small_school.deputy)
    page = client.get(reverse("journal:archive_index")).content.decode()
    assert 'value="25"' in page and "3 / 12" in page
    assert "js/archive-progress.js" in page and f'data-ids="{archive.pk}"' in page
    assert "<script>" not in page
