"""Forecast and early warning (R-J6): the forecast page (class and school figures, every student
× subject of a class with band and reasons, the last backtest) and the at-risk list. Thin views
over journal.reports.selectors.forecast, filtered by the access policy in the queryset."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from journal.gradebook.services.common import school_today
from journal.gradebook.views._planning import current_year, parse_int, private
from portal import access

from ..models import ForecastBacktest
from ..selectors.forecast import school_forecast


def _build(request):
    """(forecast, classes shown in the filter, the chosen class or None) for the request's user."""
    school = request.school
    access.require(access.can_read_reports(request.user, school))
    year = current_year(school)
    classes = list(access.report_classes(request.user, school).filter(year=year).order_by("grade", "letter"))
    assignments = access.report_assignments(request.user, school).filter(year=year)
    chosen = None
    class_id = parse_int(request.GET.get("class"))
    if request.GET.get("class"):
        chosen = next((c for c in classes if c.pk == class_id), None)
        if chosen is None:
            raise Http404
        assignments = assignments.filter(class_group=chosen)
    forecast = school_forecast(school=school, assignments=assignments, as_of=school_today(),
                               restricted=access.reports_restricted(request.user, school))
    return forecast, classes, chosen


@private
def forecast(request):
    fc, classes, chosen = _build(request)
    last = ForecastBacktest.objects.filter(school=request.school).first()
    return render(request, "journal/reports/forecast.html", {
        "forecast": fc, "classes": classes, "chosen": chosen,
        "one_class": fc.classes[0] if chosen is not None and fc.classes else None,
        "backtest": last,
    })


@private
def at_risk(request):
    fc, classes, chosen = _build(request)
    rows = sorted(fc.at_risk, key=lambda s: (s.light != "red", s.class_group.grade, s.class_group.letter,
                                             s.student.sort_key, s.student.pk))
    if not fc.classes and chosen is None and not classes:
        messages.info(request, _("No class to show."))
    return render(request, "journal/reports/at_risk.html", {
        "forecast": fc, "classes": classes, "chosen": chosen, "rows": rows,
    })
