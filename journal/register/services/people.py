"""Writes of the register's people: students, parents (guardians) and staff.

Keyword-only arguments, one transaction each, `full_clean` before every save; the history of
every change (who, when, old, new) is kept by django-simple-history on the models.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from journal.register.models import Guardian, StaffMember, Student, StudentGuardian, StudentStatus
from journal.register.services.public_profile import public_data, staff_public_record
from portal import collation
from portal.phones import phone_normalize

STUDENT_FIELDS = (
    "last_name", "first_name", "patronymic", "birth_date", "sex", "pin", "address", "class_group",
    "status", "enrolled_on", "left_on",
)
# Personal fields beyond the name (hidden without consent, R-I15).
STUDENT_PERSONAL_FIELDS = ("birth_date", "sex", "pin", "address")
GUARDIAN_FIELDS = ("last_name", "first_name", "patronymic", "phone", "phone2", "email", "workplace")
GUARDIAN_PERSONAL_FIELDS = ("phone", "phone2", "email", "workplace")
STAFF_FIELDS = (
    "last_name", "first_name", "patronymic", "position", "extra_positions", "education_level", "education_ky",
    "education_ru", "qualification", "specialty_ky", "specialty_ru", "training_ky", "training_ru", "publications",
    "total_experience", "specialty_experience", "phone", "email", "photo", "is_teaching", "is_public", "is_active",
    "hired_on",
)
STAFF_PERSONAL_FIELDS = (
    "education_level", "education_ky", "education_ru", "qualification", "specialty_ky", "specialty_ru", "training_ky",
    "training_ru", "publications", "total_experience", "specialty_experience", "phone", "email", "photo", "hired_on",
)


NAME_FIELDS = ("last_name", "first_name", "patronymic")
# stored in one international form (+996555123456), see portal.phones
PHONE_FIELDS = ("phone", "phone2")


def clean_person_name(value):
    """A name as it is saved: trimmed, runs of spaces (also tabs, no-break spaces) made one space."""
    return " ".join((value or "").split())


def _strip(fields):
    cleaned = {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    for name in NAME_FIELDS:
        if isinstance(cleaned.get(name), str):
            cleaned[name] = clean_person_name(cleaned[name])
    errors = {}
    for name in PHONE_FIELDS:
        if isinstance(cleaned.get(name), str):
            try:
                cleaned[name] = phone_normalize(cleaned[name])
            except ValidationError as error:
                errors[name] = error.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_fields(fields, allowed):
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")


def _apply(obj, fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj


# --- students ----------------------------------------------------------------------------------

@transaction.atomic
def student_create(*, school, last_name, first_name, sex, **fields):
    """A new student of `school` (status "studying" unless given)."""
    _check_fields(fields, STUDENT_FIELDS)
    student = Student(school=school)
    fields = _strip({"last_name": last_name, "first_name": first_name, "sex": sex, **fields})
    if fields.get("class_group") is not None and fields["class_group"].school_id != school.pk:
        raise ValidationError({"class_group": _("The class belongs to another school.")})
    return _apply(student, fields)


@transaction.atomic
def student_update(*, student, **fields):
    """Change a student's data. Class and status changes belong to the movement book; they are
    accepted here too (e.g. corrections) and kept in the history."""
    _check_fields(fields, STUDENT_FIELDS)
    return _apply(student, _strip(fields))


# --- parents -----------------------------------------------------------------------------------

def phone_digits(phone):
    """+996 (555) 12-34-56 → 555123456: the last nine digits, for comparing numbers."""
    return re.sub(r"\D", "", phone or "")[-9:]


def guardian_find(*, school, last_name, first_name, phone):
    """An existing parent of the school with the same name and phone number (a parent of
    several children is one record with one login), or None."""
    digits = phone_digits(phone)
    if len(digits) < 6:
        return None
    # the stored case-folded key: «токтогулов» is «Токтогулов» on SQLite as on PostgreSQL
    candidates = Guardian.objects.filter(school=school, name_key__startswith=collation.name_prefix(last_name, first_name))
    for guardian in candidates:
        if digits in (phone_digits(guardian.phone), phone_digits(guardian.phone2)):
            return guardian
    return None


@transaction.atomic
def guardian_create(*, school, last_name, first_name, **fields):
    _check_fields(fields, GUARDIAN_FIELDS)
    return _apply(Guardian(school=school), _strip({"last_name": last_name, "first_name": first_name, **fields}))


@transaction.atomic
def guardian_update(*, guardian, **fields):
    _check_fields(fields, GUARDIAN_FIELDS)
    return _apply(guardian, _strip(fields))


@transaction.atomic
def guardian_link(*, student, guardian, relation):
    """Link a parent to a student (or change the relation of an existing link)."""
    if student.school_id != guardian.school_id:
        raise ValidationError(_("The parent and the student belong to different schools."))
    link = StudentGuardian.objects.filter(student=student, guardian=guardian).first()
    if link is None:
        link = StudentGuardian(student=student, guardian=guardian)
    link.relation = relation
    link.full_clean(validate_unique=False)
    link.save()
    return link


@transaction.atomic
def guardian_add_to_student(*, student, relation, last_name, first_name, **fields):
    """Add a parent to a student: reuses the school's existing record of the same person (same
    name and phone) so a parent of several children keeps one record and one login. Returns
    (link, reused)."""
    _check_fields(fields, GUARDIAN_FIELDS)
    existing = guardian_find(
        school=student.school, last_name=last_name, first_name=first_name, phone=fields.get("phone", "")
    )
    reused = existing is not None
    guardian = existing or guardian_create(
        school=student.school, last_name=last_name, first_name=first_name, **fields
    )
    return guardian_link(student=student, guardian=guardian, relation=relation), reused


@transaction.atomic
def guardian_unlink(*, student, guardian):
    """Remove the link between a parent and a student (the parent's record stays). If the
    parent has no other studying child, their login is deactivated."""
    deleted = StudentGuardian.objects.filter(student=student, guardian=guardian).delete()[0]
    if deleted and guardian.user_id:
        has_children = Student.objects.filter(
            guardian_links__guardian=guardian, status=StudentStatus.STUDYING
        ).exists()
        if not has_children:
            type(guardian.user).objects.filter(pk=guardian.user_id).update(is_active=False)
    return bool(deleted)


@transaction.atomic
def guardian_delete(*, guardian):
    """Delete a parent's record that has no child any more (e.g. entered by mistake); their
    login is deactivated."""
    if guardian.child_links.exists():
        raise ValidationError(_("The parent is still linked to a student."))
    if guardian.user_id:
        type(guardian.user).objects.filter(pk=guardian.user_id).update(is_active=False)
    guardian.delete()


# --- staff -------------------------------------------------------------------------------------

@transaction.atomic
def staff_create(*, school, last_name, first_name, subjects=(), changed_by=None, **fields):
    """A staff member with all R-S8 data. The public teaching-staff pages show them once the site
    administrator has approved their public data (R-S15)."""
    _check_fields(fields, STAFF_FIELDS)
    member = _apply(StaffMember(school=school), _strip({"last_name": last_name, "first_name": first_name, **fields}))
    _set_subjects(member, subjects)
    staff_public_record(member=member, before=None, user=changed_by)
    return member


@transaction.atomic
def staff_update(*, member, subjects=None, changed_by=None, **fields):
    """Change a staff member; a change to a public field waits for approval before the public site
    shows it (R-S15)."""
    _check_fields(fields, STAFF_FIELDS)
    before = public_data(StaffMember.objects.get(pk=member.pk)) if member.pk else None
    _apply(member, _strip(fields))
    if subjects is not None:
        _set_subjects(member, subjects)
    if "is_active" in fields and not fields["is_active"] and member.user_id:
        type(member.user).objects.filter(pk=member.user_id).update(is_active=False)
    staff_public_record(member=member, before=before, user=changed_by)
    return member


def _set_subjects(member, subjects):
    subjects = list(subjects)
    if any(s.school_id != member.school_id for s in subjects):
        raise ValidationError({"subjects": _("A subject belongs to another school.")})
    member.subjects.set(subjects)
