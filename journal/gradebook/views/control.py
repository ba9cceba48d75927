"""The fill-control page (R-J13) for the deputy and the director: read-only, any date range
(default the last two weeks), sortable, exportable to XLSX, with links to the journal grids."""

from io import BytesIO

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from journal.register.models import ClassGroup, StaffMember
from portal import access

from ..selectors.control import SORT_KEYS, default_range, fill_control, totals_by_teacher
from ._planning import current_year, grid_url, parse_date, parse_int, private


def _columns():
    # evaluated per request, in the user's language
    return [
        ("teacher", _("Teacher")), ("class", _("Class")), ("subject", _("Subject")), ("lessons", _("Lessons")),
        ("no_topic", _("Without topic")), ("no_homework", _("Without homework")),
        ("no_attendance", _("Attendance not taken")), ("few_grades", _("Students with too few grades")),
        ("behind", _("Behind the plan, topics")),
    ]


@private
def fill_control_view(request):
    school = request.school
    if not access.can_see_fill_control(request.user, school):
        raise PermissionDenied
    year = current_year(school)
    default_from, default_to = default_range()
    date_from = parse_date(request.GET.get("from"), default_from)
    date_to = parse_date(request.GET.get("to"), default_to)
    error = None
    if date_to < date_from:
        error = _("The end of the range is before its start: showing the last two weeks.")
        date_from, date_to = default_from, default_to
    sort = request.GET.get("sort", "teacher")
    if sort.lstrip("-") not in SORT_KEYS:
        sort = "teacher"
    teacher = class_group = None
    teacher_id = parse_int(request.GET.get("teacher"))
    class_id = parse_int(request.GET.get("class"))
    if teacher_id:
        teacher = access.get_or_404(StaffMember.objects.filter(school=school), pk=teacher_id)
    if class_id:
        class_group = access.get_or_404(ClassGroup.objects.filter(school=school, year=year), pk=class_id)
    rows = fill_control(
        school=school, year=year, date_from=date_from, date_to=date_to, teacher=teacher,
        class_group=class_group, sort=sort,
    )
    if request.GET.get("problems") == "1":
        rows = [r for r in rows if r.problems]
    if request.GET.get("format") == "xlsx":
        return _xlsx(rows, date_from, date_to)
    for r in rows:
        r.grid_url = grid_url(r.assignment.pk, r.period.pk if r.period else None)
        r.total = None
    if sort.lstrip("-") == "teacher":
        first = {}
        for r in rows:
            first.setdefault(r.teacher.pk, r)
        for total in totals_by_teacher(rows):
            if total["assignments"] > 1:
                first[total["teacher"].pk].total = total
    query = request.GET.copy()
    query.pop("sort", None)
    query.pop("format", None)
    base = query.urlencode()
    headers = []
    for key, label in _columns():
        current = sort.lstrip("-") == key
        next_sort = key if not current or sort.startswith("-") else f"-{key}"
        if not current and key not in ("teacher", "class", "subject"):
            next_sort = f"-{key}"  # numbers: largest first
        headers.append({
            "key": key, "label": label, "url": f"?{base}&sort={next_sort}" if base else f"?sort={next_sort}",
            "sorted": ("descending" if sort.startswith("-") else "ascending") if current else "",
        })
    export_query = request.GET.copy()
    export_query["format"] = "xlsx"
    return render(request, "journal/gradebook/control/fill_control.html", {
        "rows": rows, "headers": headers, "date_from": date_from, "date_to": date_to, "sort": sort,
        "teachers": StaffMember.objects.filter(school=school, assignments__year=year).distinct(),
        "classes": ClassGroup.objects.filter(school=school, year=year), "teacher": teacher,
        "class_group": class_group, "problems": request.GET.get("problems") == "1", "error": error,
        "export_url": f"?{export_query.urlencode()}", "year": year,
    })


def _xlsx(rows, date_from, date_to):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Fill control")[:31]
    sheet.append([_("Fill control of the journal"), f"{date_from:%d.%m.%Y} – {date_to:%d.%m.%Y}"])
    sheet["A1"].font = Font(bold=True)
    header = [label for _key, label in _columns()] + [_("Students"), _("Minimum grades by now")]
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for r in rows:
        a = r.assignment
        sheet.append([
            a.teacher.short_name, str(a.class_group), a.subject.name + (f" ({a.subgroup})" if a.subgroup else ""),
            r.lessons, r.no_topic, r.no_homework, r.no_attendance, r.few_grades, r.behind, r.students, r.min_grades,
        ])
    for letter, width in zip("ABCDEFGHIJK", (24, 8, 26, 9, 12, 12, 12, 14, 12, 10, 12), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A3"
    out = BytesIO()
    workbook.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="fill-control-{date_from:%Y%m%d}-{date_to:%Y%m%d}.xlsx"'
    return response
