"""R-S15 for the teaching-staff pages: a change to what the public site shows about a staff
member waits for approval.

`staff_public_record` is called by every register write of a staff member: when the public fields
now differ from the approved ones it keeps them as the pending change (the latest values win),
when they are back to the approved ones the pending change goes. `staff_public_approve` and
`staff_public_reject` are the site administrator's decisions (the caller checks the right)."""

from django.db import transaction
from django.utils import timezone

from journal.register.models import StaffPublicProfile
from portal.public_cache import purge_school

# the R-S7/R-S8 fields the public pages show; visibility (is_public, is_active, is_teaching)
# takes effect at once: hiding a teacher who left needs no approval
PUBLIC_FIELDS = (
    "last_name", "first_name", "patronymic", "position", "extra_positions", "education_level",
    "education_ky", "education_ru", "qualification", "specialty_ky", "specialty_ru", "training_ky",
    "training_ru", "publications", "total_experience", "specialty_experience", "photo",
)


def public_data(member):
    """The public fields of the working record, as stored in a profile."""
    data = {}
    for name in PUBLIC_FIELDS:
        value = getattr(member, name)
        data[name] = (value.name or "") if name == "photo" else value
    return data


def apply_approved(member):
    """Show the approved values on this (in-memory) record; a profile never approved hides the
    member (the selectors leave them out). Returns the member."""
    try:
        profile = member.public_profile
    except StaffPublicProfile.DoesNotExist:
        return member
    if profile.approved:
        for name in PUBLIC_FIELDS:
            if name in profile.approved:
                setattr(member, name, profile.approved[name])
    return member


@transaction.atomic
def staff_public_record(*, member, before=None, user=None):
    """After a register write of `member`: keep a public change for approval.

    before: the public data before the write (None for a new staff member, who is shown only
    once approved). A member without a profile was shown as recorded: `before` becomes the
    approved data."""
    profile = StaffPublicProfile.objects.select_for_update().filter(staff=member).first()
    now = public_data(member)
    if profile is None:
        profile = StaffPublicProfile(staff=member, approved=before)
        if before is not None:
            profile.approved_at = timezone.now()
    if profile.approved == now:
        profile.pending = profile.pending_since = profile.requested_by = None
    elif profile.pending != now:
        profile.pending, profile.pending_since, profile.requested_by = now, timezone.now(), user
    profile.save()
    return profile


def staff_public_record_many(*, members, user=None):
    """New staff members from an import: each waits for approval before the public site shows them."""
    at = timezone.now()
    StaffPublicProfile.objects.bulk_create([
        StaffPublicProfile(staff=m, approved=None, pending=public_data(m), pending_since=at, requested_by=user)
        for m in members
    ])
    for school_id in {m.school_id for m in members}:  # a bulk insert sends no signal
        purge_school(school_id)


@transaction.atomic
def staff_public_approve(*, profile, user):
    """The pending values become the public ones."""
    profile = StaffPublicProfile.objects.select_for_update().get(pk=profile.pk)
    if profile.pending is None:
        return profile
    profile.approved = profile.pending
    profile.approved_at, profile.approved_by = timezone.now(), user
    profile.pending = profile.pending_since = profile.requested_by = None
    profile._change_reason = "approved"
    profile.save()
    return profile


@transaction.atomic
def staff_public_reject(*, profile, user):
    """The public site keeps the approved values; the register keeps its record (its pending
    public values are dropped until the next change)."""
    profile = StaffPublicProfile.objects.select_for_update().get(pk=profile.pk)
    profile.pending = profile.pending_since = profile.requested_by = None
    profile._change_reason = "rejected"
    profile.save()
    return profile

