"""Printed forms of the class journal (R-J21, R-J22) as PDF: the class journal of a subject for
a study period, and the class's period-grade sheet (ведомость) with the report figures."""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from journal.archive import documents
from journal.register.models import StudyPeriod
from portal import access

from ._planning import current_year, private


def _period_for(class_group, period_id):
    period = StudyPeriod.objects.filter(
        pk=period_id, year_id=class_group.year_id, grade_from__lte=class_group.grade, grade_to__gte=class_group.grade
    ).first()
    if period is None:
        raise Http404
    return period


def _periods_of(class_group, periods):
    return [p for p in periods if p.covers_grade(class_group.grade)]


@private
def print_index(request):
    """What the user may print: per class the period-grade sheets, per subject the journals."""
    school = request.school
    year = current_year(school)
    user = request.user
    if not access.roles_of(user, school):
        raise Http404
    periods = list(StudyPeriod.objects.filter(year=year).order_by("start", "kind"))
    classes = list(access.classes_visible(user, school).filter(year=year).order_by("grade", "letter"))
    assignments = list(
        access.assignments_visible(user, school).filter(year=year)
        .select_related("class_group", "subject", "teacher")
        .order_by("class_group__grade", "class_group__letter", "subject__order")
    )
    by_class = {c.pk: {"class_group": c, "periods": _periods_of(c, periods), "assignments": []} for c in classes}
    for a in assignments:
        entry = by_class.setdefault(a.class_group_id, {
            "class_group": a.class_group, "periods": _periods_of(a.class_group, periods), "assignments": [],
            "no_sheet": True,
        })
        entry["assignments"].append(a)
    return render(request, "journal/gradebook/print/index.html", {
        "year": year, "groups": sorted(by_class.values(), key=lambda g: (g["class_group"].grade, g["class_group"].letter)),
    })


@private
def print_class_journal(request, assignment_id, period_id):
    school = request.school
    assignment = access.get_or_404(
        access.assignments_visible(request.user, school).select_related("class_group", "subject", "teacher", "year"),
        pk=assignment_id,
    )
    period = _period_for(assignment.class_group, period_id)
    filename = f"journal-{assignment.class_group.grade}{assignment.class_group.letter}-{assignment.pk}-{period.pk}.pdf"
    return _pdf(documents.journal_pdf(school, assignment, period), filename)


@private
def print_period_sheet(request, class_id, period_id):
    school = request.school
    class_group = access.get_or_404(
        access.classes_visible(request.user, school).select_related("year", "class_teacher"), pk=class_id
    )
    period = _period_for(class_group, period_id)
    filename = f"period-sheet-{class_group.grade}-{class_group.pk}-{period.pk}.pdf"
    return _pdf(documents.period_sheet_pdf(school, class_group, period), filename)


def _pdf(data, filename):
    """The same ReportLab layout as the year's archive (journal.archive.documents), so the printed
    sheet and the archived one never drift apart."""
    response = HttpResponse(data, content_type="application/pdf")
    ascii_name = filename.encode("ascii", "ignore").decode() or "print.pdf"
    response["Content-Disposition"] = f'inline; filename="{ascii_name}"'
    return response

