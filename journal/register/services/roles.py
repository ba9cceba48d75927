"""Roles in the school, assigned by the director in the browser (R-I14).

Membership rows carry a history (who granted or revoked which role, when)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from journal.register.models import StaffMember
from portal import access
from portal.models import Membership
from portal.roles import STAFF_ROLES, Role


def _check(*, school, user, role, by):
    if role not in STAFF_ROLES:
        raise ValidationError(_("Only staff roles are assigned here."))
    if role not in access.grantable_roles(by, school):
        raise PermissionDenied
    if not StaffMember.objects.filter(school=school, user=user).exists():
        raise ValidationError(_("Roles are given to staff members with a login."))


@transaction.atomic
def role_grant(*, school, user, role, by):
    _check(school=school, user=user, role=role, by=by)
    membership = Membership.objects.filter(user=user, school=school, role=role).first()
    if membership is None:
        membership = Membership(user=user, school=school, role=role)
    elif membership.is_active:
        return membership
    membership.is_active = True
    membership.save()
    user.__dict__.pop("_mektep_roles", None)
    return membership


@transaction.atomic
def role_revoke(*, school, user, role, by):
    _check(school=school, user=user, role=role, by=by)
    if role == Role.DIRECTOR and user.pk == by.pk:
        raise ValidationError(_("You cannot take the director's role from yourself."))
    membership = Membership.objects.filter(user=user, school=school, role=role, is_active=True).first()
    if membership is None:
        return None
    membership.is_active = False
    membership.save()
    user.__dict__.pop("_mektep_roles", None)
    return membership
