"""R-S15 for the teaching-staff pages (issue 9 §5): a change made in the register to what the public
site shows about a teacher appears on the public pages only after the site administrator (or the
director) approves it in the Wagtail admin; rejecting keeps the old values; an editor cannot approve."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from journal.register import factories as f
from journal.register.models import StaffMember, StaffPublicProfile
from journal.register.services import people
from journal.register.services.public_profile import staff_public_approve
from portal.models import Role
from tests.journal.register.register_helpers import give_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def deputy(school):
    return f.user_with_role(school, Role.DEPUTY, "deputy")


def edit_in_register(client, user, member, **changes):
    """The deputy's edit form in the register, sent with `changes`."""
    client.force_login(user)
    url = reverse("journal:staff_edit", args=[member.pk])
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if name == "subjects":
            data[name] = [str(v) for v in value or []]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif name != "photo" and value is not None:
            data[name] = value
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    client.logout()


def teacher_page(client, site_tree, member):
    client.logout()
    return client.get(site_tree.staff.teacher_url(member)).content.decode()


def decide(client, user, member, action):
    client.force_login(user)
    profile = StaffPublicProfile.objects.get(staff=member)
    return client.post(reverse("cms_staff_changes"), {"profile": profile.pk, "action": action})


def test_deputy_change_waits_for_approval_then_shows(client, site_tree, site_users, teachers, deputy):
    asanova = teachers.asanova
    give_consent(asanova)  # the deputy edits R-S8 data of a staff member who consented to keep it
    page = teacher_page(client, site_tree, asanova)
    assert "Жогорку категория" in page or "Highest category" in page  # today: the highest category
    edit_in_register(client, deputy, asanova, qualification="first", publications="Алгебра боюнча колдонмо, 2026")

    # the register keeps the new values at once …
    asanova.refresh_from_db()
    assert asanova.qualification == "first" and asanova.publications.startswith("Алгебра")
    # … and says on the staff page that the public site waits for approval …
    client.force_login(deputy)
    assert "data-public-pending" in client.get(reverse("journal:staff_detail", args=[asanova.pk])).content.decode()
    # … the public page does not show them, until approval
    page = teacher_page(client, site_tree, asanova)
    assert "Алгебра боюнча колдонмо" not in page
    profile = StaffPublicProfile.objects.get(staff=asanova)
    assert profile.pending["qualification"] == "first" and profile.approved["qualification"] == "highest"
    assert profile.requested_by == deputy

    # the site administrator sees old → new in the admin and approves
    client.force_login(site_users.siteadmin)
    listing = client.get(reverse("cms_staff_changes")).content.decode()
    assert "Асанова" in listing and "Алгебра боюнча колдонмо, 2026" in listing
    assert 'value="approve"' in listing
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-staff-changes-count="1"' in dashboard
    assert decide(client, site_users.siteadmin, asanova, "approve").status_code == 302

    page = teacher_page(client, site_tree, asanova)
    assert "Алгебра боюнча колдонмо, 2026" in page
    assert StaffPublicProfile.objects.get(staff=asanova).pending is None


def test_reject_keeps_the_old_public_data(client, site_tree, site_users, teachers):
    osmonov = teachers.osmonov
    people.staff_update(member=osmonov, specialty_ru="Учитель астрономии", specialty_ky="Астрономия мугалими")
    client.force_login(site_users.director)  # the director approves page edits, so also these
    assert decide(client, site_users.director, osmonov, "reject").status_code == 302
    page = teacher_page(client, site_tree, osmonov)
    assert "Физика мугалими" in page and "Астрономия мугалими" not in page
    profile = StaffPublicProfile.objects.get(staff=osmonov)
    assert profile.pending is None and profile.approved["specialty_ky"] == "Физика мугалими"
    assert [h.history_change_reason for h in profile.history.all()][:1] == ["rejected"]


def test_editor_cannot_approve(client, site_tree, site_users, teachers):
    asanova = teachers.asanova
    people.staff_update(member=asanova, last_name="Асанова-Токтогулова")
    client.force_login(site_users.editor)
    listing = client.get(reverse("cms_staff_changes"))
    assert listing.status_code == 200 and 'value="approve"' not in listing.content.decode()
    assert 'data-staff-changes-count' not in client.get(reverse("wagtailadmin_home")).content.decode()
    refused = decide(client, site_users.editor, asanova, "approve")  # the admin turns 403 into a redirect home
    assert refused.status_code == 403 or refused.url == reverse("wagtailadmin_home")
    profile = StaffPublicProfile.objects.get(staff=asanova)
    assert profile.pending is not None and profile.approved["last_name"] == "Асанова"
    assert "Асанова-Токтогулова" not in teacher_page(client, site_tree, asanova)
    # a register user without website rights cannot reach the admin view either
    deputy = f.user_with_role(asanova.school, Role.DEPUTY, "deputy2")
    client.force_login(deputy)
    assert client.post(reverse("cms_staff_changes"), {"profile": profile.pk, "action": "approve"}).status_code in (
        302, 403)
    profile.refresh_from_db()
    assert profile.pending is not None


def test_new_staff_member_is_shown_only_once_approved(client, site_tree, site_users, teachers):
    member = people.staff_create(school=teachers.asanova.school, last_name="Жаңыбаева", first_name="Айнура",
                                 subjects=[teachers.math])
    directory = site_tree.staff.url
    client.logout()
    assert "Жаңыбаева" not in client.get(directory).content.decode()
    assert client.get(site_tree.staff.teacher_url(member)).status_code == 404
    staff_public_approve(profile=member.public_profile, user=site_users.siteadmin)
    assert "Жаңыбаева" in client.get(directory).content.decode()


def test_reverting_the_change_withdraws_it(site_tree, teachers):
    asanova = teachers.asanova
    people.staff_update(member=asanova, total_experience=21)
    assert StaffPublicProfile.objects.get(staff=asanova).pending is not None
    people.staff_update(member=asanova, total_experience=20)
    assert StaffPublicProfile.objects.get(staff=asanova).pending is None
    # a change of a field the site does not show (phone) needs no approval
    people.staff_update(member=asanova, phone="+996 555 123 456")
    assert StaffPublicProfile.objects.get(staff=asanova).pending is None


def test_photo_change_waits_for_approval(client, site_tree, site_users, teachers):
    asanova = teachers.asanova
    people.staff_update(member=asanova, photo=SimpleUploadedFile("old.png", b"\x89PNG old", content_type="image/png"))
    staff_public_approve(profile=asanova.public_profile, user=site_users.siteadmin)
    people.staff_update(member=asanova, photo=SimpleUploadedFile("new.png", b"\x89PNG new", content_type="image/png"))
    url = reverse("cms:staff_photo", args=[asanova.pk])
    client.logout()
    assert b"".join(client.get(url).streaming_content) == b"\x89PNG old"
    # the site administrator sees both photos in the listing; a visitor cannot reach them there
    profile = StaffPublicProfile.objects.get(staff=asanova)
    new_photo = reverse("cms_staff_change_photo", args=[profile.pk, "new"])
    assert client.get(new_photo).status_code in (302, 403)
    client.force_login(site_users.siteadmin)
    assert b"".join(client.get(new_photo).streaming_content) == b"\x89PNG new"
    assert new_photo in client.get(reverse("cms_staff_changes")).content.decode()
    decide(client, site_users.siteadmin, asanova, "approve")
    client.logout()
    assert b"".join(client.get(url).streaming_content) == b"\x89PNG new"


def test_directory_query_count_with_profiles(client, site_tree, teachers, django_assert_max_num_queries):
    from tests.cms.conftest import make_teacher

    client.get(site_tree.staff.url)
    with django_assert_max_num_queries(40) as before:
        client.get(site_tree.staff.url)
    school = teachers.asanova.school
    for n in range(6):
        member = make_teacher(school, [teachers.math], last_name=f"Мугалим{n}", first_name="Айбек")
        people.staff_update(member=member, publications=f"Макала {n}")
        staff_public_approve(profile=member.public_profile, user=None)
    with django_assert_max_num_queries(len(before.captured_queries)):
        content = client.get(site_tree.staff.url).content.decode()
    assert "Мугалим5" in content


def test_existing_staff_count_unchanged(teachers):
    """Staff recorded before approvals existed (no profile) are shown as recorded."""
    from journal.register.selectors.public import public_teaching_staff

    assert StaffMember.objects.filter(public_profile__isnull=True).count() == 4
    assert {m.last_name for m in public_teaching_staff(teachers.asanova.school)} == {"Асанова", "Осмонов"}


def test_listing_query_count_does_not_grow(client, site_tree, site_users, teachers, django_assert_max_num_queries):
    from tests.cms.conftest import make_teacher

    school = teachers.asanova.school
    people.staff_update(member=teachers.asanova, publications="Макала")
    client.force_login(site_users.siteadmin)
    url = reverse("cms_staff_changes")
    client.get(url)
    with django_assert_max_num_queries(60) as before:
        client.get(url)
    for n in range(5):
        member = make_teacher(school, [teachers.math], last_name=f"Мугалим{n}", first_name="Айбек")
        people.staff_update(member=member, publications=f"Макала {n}")
    with django_assert_max_num_queries(len(before.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count('value="approve"') == 6
