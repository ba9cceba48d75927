"""Calendar-thematic plan views (R-I13, R-J13, R-J16): the list with the hours check, the
browser editor (add, edit, reorder, delete topics), XLSX import with a template, export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from journal.register.models import ClassGroup, StaffMember
from portal import access

from ..forms_planning import PlanImportForm
from ..selectors.plans import plan_check, plan_checks, plan_topics
from ..services.plans import PlanRowErrors, plan_assign_dates, plan_import_xlsx, plan_save, plan_xlsx
from ._planning import current_year, grid_url, parse_int, private

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@private
def plans_index(request):
    """Plans of the assignments the user may read, with the hours check (teacher: their own;
    the deputy and the director: the whole school, filtered by class or teacher)."""
    school = request.school
    year = current_year(school)
    assignments = access.assignments_visible(request.user, school).filter(year=year)
    if not access.roles_of(request.user, school):
        raise PermissionDenied
    reader = access.is_school_reader(request.user, school)
    class_id = parse_int(request.GET.get("class"))
    teacher_id = parse_int(request.GET.get("teacher"))
    only_problems = request.GET.get("problems") == "1"
    if class_id:
        assignments = assignments.filter(class_group_id=class_id)
    if teacher_id:
        assignments = assignments.filter(teacher_id=teacher_id)
    if reader and not (class_id or teacher_id):
        # the whole school is long: start with the problems
        only_problems = request.GET.get("problems", "1") == "1"
    checks = plan_checks(assignments.order_by("class_group__grade", "class_group__letter", "subject__order"), year=year)
    if only_problems:
        checks = [c for c in checks if not c.ok]
    writable = set(access.assignments_writable(request.user, school).filter(year=year).values_list("pk", flat=True))
    return render(request, "journal/gradebook/plans/index.html", {
        "year": year, "checks": checks, "reader": reader, "writable": writable,
        "classes": ClassGroup.objects.filter(school=school, year=year) if reader else [],
        "teachers": StaffMember.objects.filter(school=school, assignments__year=year).distinct() if reader else [],
        "class_id": class_id, "teacher_id": teacher_id, "only_problems": only_problems,
    })


def _assignment(request, assignment_id, *, write=False):
    school = request.school
    qs = access.assignments_writable(request.user, school) if write else access.assignments_visible(request.user, school)
    return access.get_or_404(qs.select_related("class_group", "subject", "teacher", "year"), pk=assignment_id)


def _rows_from_post(post):
    """The rows of the editor in the order they were on the page; blank new rows are skipped."""
    rows = []
    for key in post.getlist("rows"):
        if post.get(f"delete-{key}"):
            continue
        row = {
            "key": key,
            "id": post.get(f"id-{key}", "").strip(),
            "section": post.get(f"section-{key}", ""),
            "title": post.get(f"title-{key}", ""),
            "hours": post.get(f"hours-{key}", "").strip(),
            "is_control": bool(post.get(f"control-{key}")),
            "planned_date": post.get(f"date-{key}", "").strip(),
        }
        if not row["id"] and not row["title"].strip() and not row["section"].strip():
            continue
        rows.append(row)
    return rows


def _blank(key):
    return {"key": key, "id": "", "section": "", "title": "", "hours": 1, "is_control": False, "planned_date": "",
            "errors": [], "lesson_count": 0}


@private
def plan_edit(request, assignment_id):
    assignment = _assignment(request, assignment_id)
    can_write = access.assignments_writable(request.user, request.school).filter(pk=assignment.pk).exists()
    row_errors = {}
    summary = None
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        rows = _rows_from_post(request.POST)
        try:
            count = plan_save(assignment=assignment, rows=[{k: v for k, v in r.items() if k != "key"} for r in rows],
                              user=request.user)
        except PlanRowErrors as exc:
            row_errors, summary = exc.rows, exc.summary
        except ValidationError as exc:
            summary = " ".join(exc.messages)
        else:
            messages.success(request, _("The plan is saved: %(n)s topics.") % {"n": count})
            return redirect("journal:plan_edit", assignment_id=assignment.pk)
        editor_rows = [
            {**r, "planned_date": r["planned_date"], "errors": row_errors.get(i, []), "lesson_count": 0}
            for i, r in enumerate(rows, start=1)
        ]
    else:
        editor_rows = [
            {"key": str(t.pk), "id": t.pk, "section": t.section, "title": t.title, "hours": t.hours,
             "is_control": t.is_control, "planned_date": t.planned_date.isoformat() if t.planned_date else "",
             "errors": [], "lesson_count": t.lesson_count}
            for t in plan_topics(assignment)
        ]
    check = plan_check(assignment)
    return render(request, "journal/gradebook/plans/edit.html", {
        "assignment": assignment, "rows": editor_rows, "check": check, "can_write": can_write,
        "summary": summary, "grid_url": grid_url(assignment.pk),
        "blank_rows": [] if summary else [_blank(f"n{i}") for i in range(1, 4 if editor_rows else 11)],
        "template_row": _blank("__new__"),
    })


@private
def plan_import(request, assignment_id):
    assignment = _assignment(request, assignment_id, write=True)
    form = PlanImportForm(request.POST or None, request.FILES or None)
    row_errors, summary = {}, None
    if request.method == "POST" and form.is_valid():
        try:
            count = plan_import_xlsx(assignment=assignment, data=form.cleaned_data["file"].read(), user=request.user)
        except PlanRowErrors as exc:
            row_errors, summary = exc.rows, exc.summary
        else:
            messages.success(request, _("The plan is imported: %(n)s topics.") % {"n": count})
            return redirect("journal:plan_edit", assignment_id=assignment.pk)
    return render(request, "journal/gradebook/plans/import.html", {
        "assignment": assignment, "form": form, "row_errors": sorted(row_errors.items()), "summary": summary,
    })


@private
def plan_template(request):
    if not access.roles_of(request.user, request.school):
        raise PermissionDenied
    response = HttpResponse(plan_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="ktp-template.xlsx"'
    return response


@private
def plan_export(request, assignment_id):
    assignment = _assignment(request, assignment_id)
    response = HttpResponse(plan_xlsx(plan_topics(assignment)), content_type=XLSX)
    name = f"ktp-{assignment.class_group.grade}-{assignment.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@private
@require_POST
def plan_dates(request, assignment_id):
    assignment = _assignment(request, assignment_id, write=True)
    changed = plan_assign_dates(assignment=assignment, user=request.user)
    messages.success(request, _("Planned dates set from the lessons: %(n)s topics changed.") % {"n": changed})
    return redirect(reverse("journal:plan_edit", kwargs={"assignment_id": assignment.pk}))
