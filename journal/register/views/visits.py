"""Statistics of visits (R-I6, R-J12): active users by role and by class over a period — which
parents and students use the system. For the director, the deputy and the administrator;
exported to XLSX (three sheets), CSV (per user) and PDF."""

import datetime

import tablib
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from journal.pdf import pdf_response
from journal.register import selectors
from journal.register.filters import VisitFilterForm
from journal.register.models import ClassGroup
from journal.register.tables import VisitTable
from portal import access

from .common import private, school_of


def _rows_filtered(report, data):
    rows = report["rows"]
    if data.get("role"):
        rows = [r for r in rows if data["role"] in r["roles"]]
    if data.get("class_group"):
        rows = [r for r in rows if data["class_group"].pk in r["class_ids"]]
    if data.get("used") == "yes":
        rows = [r for r in rows if r["days"]]
    elif data.get("used") == "no":
        rows = [r for r in rows if not r["days"]]
    return rows


def _databook(report, rows, start, end):
    by_role = tablib.Dataset(title=str(_("By role"))[:31], headers=[
        _("Role"), _("Accounts"), _("Used the system"), "%", pgettext("number of sign-ins", "Logins"), _("Pages viewed")])
    for r in report["by_role"]:
        by_role.append([str(r["label"]), r["accounts"], r["used"], r["share"], r["logins"], r["views"]])
    by_class = tablib.Dataset(title=str(_("By class"))[:31], headers=[
        _("Class"), _("Students"), _("Students with a login"), _("Students who used it"), "%",
        _("Parents"), _("Parents with a login"), _("Parents who used it"), "%"])
    for r in report["by_class"]:
        by_class.append([str(r["class"]), r["students"], r["student_logins"], r["students_used"], r["students_share"],
                         r["parents"], r["parent_logins"], r["parents_used"], r["parents_share"]])
    users = _users_dataset(rows)
    return tablib.Databook([by_role, by_class, users])


def _users_dataset(rows):
    users = tablib.Dataset(title=str(_("Users"))[:31], headers=[
        _("Full name"), _("Login"), _("Role"), _("Class"), _("Days active"), pgettext("number of sign-ins", "Logins"), _("Pages viewed"),
        _("Last visit")])
    for r in rows:
        users.append([r["name"], r["username"], r["role_labels"], r["classes"], r["days"], r["logins"], r["views"],
                      r["last"].strftime("%d.%m.%Y") if r["last"] else ""])
    return users


@private
def visits_report(request):
    school = school_of(request)
    if not access.can_see_visits(request.user, school):
        raise PermissionDenied
    today = timezone.localdate()
    year = selectors.current_year(school)
    classes = ClassGroup.objects.filter(school=school, year=year).order_by("grade", "letter")
    params = request.GET.copy()
    params.setdefault("start", (today - datetime.timedelta(days=29)).isoformat())
    params.setdefault("end", today.isoformat())
    form = VisitFilterForm(params, classes=classes, roles=selectors.REPORT_ROLES)
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        data = form.cleaned_data
    else:
        start, end, data = today - datetime.timedelta(days=29), today, {}
    report = selectors.visits_report(school, start, end)
    rows = _rows_filtered(report, data)
    export = request.GET.get("_export")
    stem = f"visits-{start:%Y%m%d}-{end:%Y%m%d}"
    if export == "xlsx":
        response = HttpResponse(
            _databook(report, rows, start, end).export("xlsx"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
        return response
    if export == "csv":
        response = HttpResponse("\ufeff" + _users_dataset(rows).export("csv"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
        return response
    if export == "pdf":
        return pdf_response("journal/register/visits/report_pdf.html", {
            "school": school, "report": report, "rows": rows, "start": start, "end": end,
        }, f"{stem}.pdf", request=request, inline=False)
    table = VisitTable(rows)
    table.paginate(page=request.GET.get("page", 1), per_page=100)
    query = request.GET.copy()
    query.pop("page", None)
    exports = []
    for fmt in ("xlsx", "csv", "pdf"):
        q = query.copy()
        q["_export"] = fmt
        exports.append({"format": fmt.upper(), "url": f"?{q.urlencode()}"})
    return render(request, "journal/register/visits/report.html", {
        "school": school, "form": form, "report": report, "table": table, "start": start, "end": end,
        "exports": exports, "shown": len(rows),
    })
