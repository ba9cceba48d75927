"""The start page of the director, the deputy and the system administrator: the school in
figures and links to the work."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from journal.register import selectors
from portal import access
from portal.ops.selectors import backup_alerts
from portal.roles import Role

from .common import optional_links, private, school_of

_MANAGERS = {Role.DEPUTY, Role.SYSADMIN}
_READERS = {Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN}
# work in the other parts of the system (shown when installed)
MORE_WORK = [
    ("journal:import_students", _("Import students from a spreadsheet"), _MANAGERS, ""),
    ("journal:movement_list", _("Movement book"), _READERS, ""),
    ("journal:movement_report", _("Movement of students report"), _READERS, ""),
    ("journal:year_transition", _("New school year"), _MANAGERS, ""),
    ("journal:grid_index", _("Class journals"), _READERS, ""),
]


@private
def dashboard(request):
    school = school_of(request)
    if not access.is_school_reader(request.user, school):
        raise PermissionDenied
    figures = selectors.dashboard_figures(school)
    max_grade = max((n for _g, n in figures["by_grade"]), default=0) or 1
    context = {
        "school": school, "figures": figures,
        "by_grade": [{"grade": g, "n": n, "pct": round(100 * n / max_grade)} for g, n in figures["by_grade"]],
        "roles": access.roles_of(request.user, school),
        "can_manage": access.is_register_manager(request.user, school),
        "can_assign_roles": access.can_assign_roles(request.user, school),
        "more_links": optional_links(MORE_WORK, access.roles_of(request.user, school)),
        # issue 12: a failed or missing backup (portal.ops)
        "alerts": backup_alerts() if access.sees_backup_alerts(request.user, school) else [],
    }
    return render(request, "journal/register/home/dashboard.html", context)
