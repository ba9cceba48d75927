"""Roles in the school, assigned by the director in the browser (R-I14); the system
administrator helps (teachers only). Staff logins are created here too."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from journal.register import selectors
from journal.register.models import StaffMember
from journal.register.services import roles as role_services
from portal import access
from portal.roles import Role

from .common import private, school_of

GRID_ROLES = [Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN, Role.TEACHER]


def _school(request):
    school = school_of(request)
    if not access.can_assign_roles(request.user, school):
        raise PermissionDenied
    return school


@private
def role_list(request):
    school = _school(request)
    grantable = access.grantable_roles(request.user, school)
    staff = selectors.role_grid(school)
    for m in staff:
        m.cells = [{"role": r, "has": r in m.roles, "can": r in grantable and m.user_id is not None
                    and not (r == Role.DIRECTOR and m.user_id == request.user.pk)} for r in GRID_ROLES]
    return render(request, "journal/register/roles/list.html", {
        "school": school, "staff": staff, "roles": [(r, Role(r).label) for r in GRID_ROLES],
        "changes": selectors.role_changes(school), "grantable": grantable,
    })


@private
@require_POST
def role_set(request, pk):
    school = _school(request)
    member = access.get_or_404(StaffMember.objects.filter(school=school, user__isnull=False).select_related("user"),
                               pk=pk)
    role = request.POST.get("role")
    if role not in GRID_ROLES:
        raise PermissionDenied
    action = request.POST.get("action")
    service = role_services.role_grant if action == "grant" else role_services.role_revoke
    try:
        service(school=school, user=member.user, role=role, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        label = Role(role).label
        if action == "grant":
            messages.success(request, _("%(name)s: role «%(role)s» granted.") % {"name": member.full_name, "role": label})
        else:
            messages.success(request, _("%(name)s: role «%(role)s» revoked.") % {"name": member.full_name, "role": label})
    return redirect("journal:role_list")
