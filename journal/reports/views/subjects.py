"""Achievement per subject and per teacher, and a student's grade card (thin views)."""

from collections import Counter

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from journal.gradebook.models import AbsenceStatus, Attendance, LessonStatus
from journal.gradebook.selectors.diary import diary_grades
from journal.gradebook.views._planning import parse_int, private
from journal.pdf import pdf_response
from journal.register.models import StudyPeriod
from portal import access

from ..charts import subject_charts
from ..exports import subjects_rule, subjects_xlsx
from ..selectors import STAGES, subject_summary
from .achievement import _scope_full, _signatories


def _build(request):
    school = request.school
    access.require(access.can_read_reports(request.user, school))
    period, classes, label, periods, query, every_year = _scope_full(request, school)
    summary = subject_summary(school=school, period=period, classes=classes,
                              assignments=access.report_assignments(request.user, school),
                              compare_classes=every_year)
    return school, summary, label, periods, query


@private
def subjects(request):
    school, summary, label, periods, query = _build(request)
    return render(request, "journal/reports/subjects.html", {
        "school": school, "summary": summary, "scope_label": label, "periods": periods, "query": query,
        "stages": STAGES, "rule": subjects_rule(),
        "pdf_url": reverse("journal:reports_subjects_pdf") + "?" + query,
        "xlsx_url": reverse("journal:reports_subjects_xlsx") + "?" + query,
        "charts": subject_charts(summary),
    })


@private
def subjects_pdf(request):
    school, summary, label, _periods, _query = _build(request)
    return pdf_response("journal/reports/print/subjects.html", {
        "school": school, "summary": summary, "scope_label": label, "rule": subjects_rule(),
        **_signatories(request, school),
    }, filename=f"subjects-{summary.period.pk}.pdf", request=request)


@private
def subjects_xlsx_view(request):
    school, summary, label, _periods, _query = _build(request)
    response = HttpResponse(subjects_xlsx(summary, school=school, scope_label=label),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="subjects-{summary.period.pk}.xlsx"'
    return response


@private
def student_card(request, student_id):
    """A student's grade card: every subject's marks of the period, the weighted average, the
    period grades of the year and the lessons missed — the last step of the drill-down."""
    school = request.school
    access.require(access.can_read_reports(request.user, school))
    student = access.get_or_404(access.report_students(request.user, school).select_related("class_group__year"),
                                pk=student_id)
    class_group = student.class_group
    year = class_group.year
    periods = list(StudyPeriod.objects.filter(year=year, grade_from__lte=class_group.grade,
                                              grade_to__gte=class_group.grade).order_by("start", "kind"))
    period_id = parse_int(request.GET.get("period"))
    period = next((p for p in periods if p.pk == period_id), None) or next(
        (p for p in periods if p.kind != "year"), None)
    data = diary_grades(student, period, year)
    allowed = set(access.report_assignments(request.user, school).filter(class_group=class_group)
                  .values_list("pk", flat=True))
    every_subject = len(data["subjects"])
    data["subjects"] = [s for s in data["subjects"] if s["assignment"].pk in allowed]
    missed, late = Counter(), Counter()
    if period is not None:
        for assignment_id, status in Attendance.objects.filter(
            student=student, lesson__assignment_id__in=allowed, lesson__status=LessonStatus.HELD,
            lesson__date__range=(period.start, period.end),
        ).values_list("lesson__assignment_id", "status"):
            (late if status == AbsenceStatus.LATE else missed)[assignment_id] += 1
    for s in data["subjects"]:
        s["missed"], s["late"] = missed[s["assignment"].pk], late[s["assignment"].pk]
    return render(request, "journal/reports/student_card.html", {
        "school": school, "student": student, "class_group": class_group, "period": period,
        "periods": [p for p in periods if p.kind != "year"], "data": data,
        "missed": sum(missed.values()), "late": sum(late.values()),
        "restricted": len(data["subjects"]) < every_subject,
    })
