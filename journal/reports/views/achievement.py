"""The achievement summary: screen, XLSX and PDF from one AchievementSummary (thin views)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from journal.gradebook.views._planning import current_year, parse_int, private
from journal.pdf import pdf_response
from portal import access

from ..charts import achievement_charts
from ..exports import achievement_xlsx, denominator_rule
from ..selectors import STAGES, achievement_summary, report_periods


def _signatories(request, school):
    """Signature lines: the site's print signatories, else the names kept on the school."""
    try:
        from site_settings.models import PrintSignatories

        data = PrintSignatories.for_request(request).for_language()
    except Exception:  # noqa: BLE001 - no site configured (tests, first start)
        data = {"signatories": [], "seal": ""}
    if not data["signatories"]:
        data["signatories"] = [(_("Director"), school.director_name),
                               (_("Deputy director for academic work"), school.deputy_name)]
    data["seal"] = data["seal"] or _("Place of the seal (P.S.)")
    return data


def _scope(request, school):
    """Period and scope from the query string: ?period=ID and one of stage=5-9, grade=5, class=ID.
    Returns (period, classes queryset, scope label, periods, query string)."""
    return _scope_full(request, school)[:5]


def _scope_full(request, school):
    """_scope and, sixth, the same scope over every year (the classes the dynamics compare with:
    a class is compared with the class of the same name in another year)."""
    year = current_year(school)
    periods = report_periods(school, year)
    if not periods:
        raise Http404
    period_id = parse_int(request.GET.get("period"))
    period = next((p for p in periods if p.pk == period_id), None)
    if request.GET.get("period") and period is None:
        messages.error(request, _("There is no such study period; the first period is shown."))
    period = period or periods[0]
    every_year = access.report_classes(request.user, school)
    classes = every_year.filter(year=year)
    label = _("School")
    stage = request.GET.get("stage")
    grade = parse_int(request.GET.get("grade"))
    class_id = parse_int(request.GET.get("class"))
    query = f"period={period.pk}"
    if class_id:
        classes = classes.filter(pk=class_id)
        found = classes.first()
        if found is None:
            raise Http404
        label = _("Class %(class)s") % {"class": found}
        query += f"&class={class_id}"
        every_year = every_year.filter(grade=found.grade, letter=found.letter)
    elif grade:
        classes = classes.filter(grade=grade)
        every_year = every_year.filter(grade=grade)
        label = _("Grade %(grade)s") % {"grade": grade}
        query += f"&grade={grade}"
    elif stage:
        match = next((s for s in STAGES if s[0] == stage), None)
        if match is None:
            messages.error(request, _("Unknown stage; the whole school is shown."))
        else:
            classes = classes.filter(grade__gte=match[1], grade__lte=match[2])
            every_year = every_year.filter(grade__gte=match[1], grade__lte=match[2])
            label = str(match[3])
            query += f"&stage={stage}"
    return period, classes, label, periods, query, every_year


def _build(request):
    school = request.school
    access.require(access.can_read_reports(request.user, school))
    period, classes, label, periods, query, every_year = _scope_full(request, school)
    summary = achievement_summary(school=school, period=period, classes=classes,
                                  restricted=access.reports_restricted(request.user, school),
                                  compare_classes=every_year)
    return school, summary, label, periods, query


@private
def achievement(request):
    school, summary, label, periods, query = _build(request)
    return render(request, "journal/reports/achievement.html", {
        "school": school, "summary": summary, "scope_label": label, "periods": periods, "query": query,
        "stages": STAGES, "rule": denominator_rule(), "pdf_url": reverse("journal:reports_achievement_pdf") + "?" + query,
        "xlsx_url": reverse("journal:reports_achievement_xlsx") + "?" + query,
        "charts": achievement_charts(summary),
    })


@private
def achievement_pdf(request):
    school, summary, label, _periods, _query = _build(request)
    return pdf_response("journal/reports/print/achievement.html", {
        "school": school, "summary": summary, "scope_label": label, "rule": denominator_rule(),
        **_signatories(request, school),
    }, filename=f"achievement-{summary.period.pk}.pdf", request=request)


@private
def achievement_xlsx_view(request):
    school, summary, label, _periods, _query = _build(request)
    data = achievement_xlsx(summary, school=school, scope_label=label)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="achievement-{summary.period.pk}.xlsx"'
    return response
