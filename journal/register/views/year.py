"""The new school year: choose who stays down, who leaves after grade 9 and the class teachers,
preview (nothing written), confirm (everything at once, refused a second time)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from journal.register.forms import YearTransitionForm
from journal.register.models import (
    AcademicYear,
    ClassGroup,
    MovementKind,
    MovementRecord,
    StaffMember,
    Student,
    StudentStatus,
    TeachingAssignment,
)
from journal.register.services.year_transition import (
    LAST_GRADE,
    LEAVING_GRADE,
    choices_fingerprint,
    parse_letters,
    too_early,
    transition_defaults,
    year_transition_apply,
    year_transition_plan,
)
from portal import access


def _ids(values):
    return {int(v) for v in values if str(v).isdigit()}


def _skipped_assignments(post, year):
    """The assignments left out in the preview: its «copy» boxes that are not ticked. Before the
    first preview (no boxes shown yet) every assignment is copied."""
    if not post.get("assignments_reviewed"):
        return set()
    kept = _ids(post.getlist("copy_assignment"))
    return set(TeachingAssignment.objects.filter(year=year).values_list("pk", flat=True)) - kept


def _choices(form, post, classes, year):
    teachers = {}
    for cg in classes:
        raw = post.get(f"teacher_{cg.pk}")
        if raw is not None:
            teachers[cg.pk] = int(raw) if raw.isdigit() else None
    data = form.cleaned_data
    return {
        "to_name": data["to_name"], "to_start": data["to_start"], "to_end": data["to_end"],
        "order_date": data["order_date"], "order_number": data["order_number"],
        "repeat_ids": _ids(post.getlist("repeat")), "leave_ids": _ids(post.getlist("leave")), "teachers": teachers,
        "skip_assignment_ids": _skipped_assignments(post, year),
        "first_grade_letters": parse_letters(data["first_grade_letters"]),
    }


def _class_rows(classes, students, choices):
    """Per class: its students with what was chosen for each, and the chosen class teacher."""
    by_class = {}
    for student in students:
        by_class.setdefault(student.class_group_id, []).append(student)
    rows = []
    repeat = choices.get("repeat_ids", set()) if choices else set()
    leave = choices.get("leave_ids", set()) if choices else set()
    teachers = choices.get("teachers", {}) if choices else {}
    for cg in classes:
        members = [{"student": s, "repeat": s.pk in repeat, "leave": s.pk in leave} for s in by_class.get(cg.pk, [])]
        rows.append({
            "class": cg, "students": members, "teacher_id": teachers.get(cg.pk, cg.class_teacher_id),
            "graduating": cg.grade == LAST_GRADE, "may_leave": cg.grade == LEAVING_GRADE,
            "chosen": sum(1 for m in members if m["repeat"] or m["leave"]),
        })
    return rows


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def year_transition(request):
    school = access.school_for_request(request)
    if school is None:
        raise Http404
    access.require(access.can_run_year_transition(request.user, school))
    year = AcademicYear.objects.filter(school=school, is_current=True).first()
    last_done = (MovementRecord.objects.filter(school=school, kind=MovementKind.PROMOTION)
                 .select_related("class_from__year", "class_to__year").order_by("-recorded_at").first())
    posted_year = request.POST.get("from_year", "")
    if request.method == "POST" and posted_year and (year is None or posted_year != str(year.pk)):
        # the page was for another year: that year was already moved on (a second confirmation)
        old = AcademicYear.objects.filter(school=school, pk=posted_year if posted_year.isdigit() else 0).first()
        messages.error(request, _("The classes of %(year)s have already been moved to the next year.")
                       % {"year": old.name if old else "?"})
        return redirect("journal:year_transition")

    if year is None or too_early(year):
        return render(request, "journal/register/year/transition.html", {
            "school": school, "year": None, "blocked": too_early(year) if year else None, "last_done": last_done})

    classes = list(ClassGroup.objects.filter(school=school, year=year).select_related("class_teacher")
                   .order_by("grade", "letter"))
    students = list(Student.objects.filter(school=school, class_group__year=year, status=StudentStatus.STUDYING)
                    .order_by("sort_key"))
    staff = list(StaffMember.objects.filter(school=school, is_active=True).order_by("sort_key"))
    form = YearTransitionForm(request.POST or None, initial=transition_defaults(year))
    plan = choices = fingerprint = None
    action = request.POST.get("action")

    if request.method == "POST" and form.is_valid():
        choices = _choices(form, request.POST, classes, year)
        fingerprint = choices_fingerprint(**choices)
        if action == "confirm" and request.POST.get("fingerprint") == fingerprint:
            try:
                result = year_transition_apply(school=school, from_year=year, recorded_by=request.user, **choices)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _(
                    "The school moved to %(year)s: %(promoted)s students promoted, %(repeaters)s kept in the same "
                    "grade, %(graduates)s graduated; %(classes)s classes created, %(assignments)s teaching assignments "
                    "copied. Class teachers can now adjust their lists.") % {
                        "year": result.to_year.name, "promoted": result.promoted, "repeaters": result.repeaters,
                        "graduates": result.graduates, "classes": result.classes_created,
                        "assignments": result.assignments_created})
                return redirect("journal:year_transition")
        elif action == "confirm":
            messages.warning(request, _("The choices changed after the preview: check the new preview and "
                                        "confirm again."))
        plan = year_transition_plan(school=school, from_year=year, **choices)

    return render(request, "journal/register/year/transition.html", {
        "school": school, "year": year, "form": form, "plan": plan, "fingerprint": fingerprint,
        "class_rows": _class_rows(classes, students, choices), "staff": staff, "last_done": last_done,
        "student_count": len(students),
    })
