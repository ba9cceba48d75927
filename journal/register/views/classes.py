"""Classes of the current year: list, page (students, teaching assignments against the
curriculum), add and edit (class teacher, room, language), teaching assignments."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from journal.register import selectors
from journal.register.filters import ClassFilterSet
from journal.register.forms import AssignmentForm, ClassForm
from journal.register.models import SubgroupMembership, TeachingAssignment
from journal.register.services import school as school_services
from journal.register.tables import ClassTable, StudentTable
from portal import access

from .common import RegisterListView, call_service, private, save_versioned, school_of


class ClassListView(RegisterListView):
    table_class = ClassTable
    filterset_class = ClassFilterSet
    template_name = "journal/register/classes/list.html"
    title = gettext_lazy("Classes")
    export_name = "classes"
    pdf_landscape = False

    def get_queryset(self):
        return selectors.class_list(self.request.user, self.school)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = access.can_manage_school_setup(self.request.user, self.school)
        context["year"] = selectors.current_year(self.school)
        return context


@private
def class_detail(request, pk):
    school = school_of(request)
    class_group = access.get_or_404(
        access.classes_visible(request.user, school).select_related("class_teacher", "year"), pk=pk
    )
    detail = selectors.class_detail(class_group)
    policy = access.personal_data_policy(request.user, school)
    table = StudentTable(detail["students"], policy=policy, exclude=("class_group", "status"))
    table.paginate(per_page=100)
    context = {
        "school": school, "class_group": class_group, "table": table, "detail": detail,
        "can_manage": access.can_manage_school_setup(request.user, school),
        "can_edit_people": access.classes_editable(request.user, school).filter(pk=pk).exists(),
        "can_issue_logins": access.can_issue_logins(request.user, school),
    }
    return render(request, "journal/register/classes/detail.html", context)


def _require_setup(request):
    school = school_of(request)
    if not access.can_manage_school_setup(request.user, school):
        raise PermissionDenied
    return school


@private
def class_create(request):
    school = _require_setup(request)
    year = selectors.current_year(school)
    if year is None:
        messages.error(request, _("Create an academic year first."))
        return redirect("journal:school_setup")
    form = ClassForm(request.POST or None, school=school)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        class_group = call_service(form, school_services.class_save, school=school, year=year, **data)
        if class_group is not None:
            messages.success(request, _("The class was added."))
            return redirect("journal:class_detail", pk=class_group.pk)
    return render(request, "journal/register/classes/form.html", {"form": form, "school": school, "class_group": None,
                                                          "year": year})


@private
def class_edit(request, pk):
    school = _require_setup(request)
    class_group = access.get_or_404(access.classes_visible(request.user, school), pk=pk)
    form = ClassForm(request.POST or None, instance=class_group, school=school)
    saved = save_versioned(request, form, school_services.class_save, school=school, year=class_group.year,
                           class_group=class_group, success_url=reverse("journal:class_detail", args=[pk]))
    if saved:
        return saved
    return render(request, "journal/register/classes/form.html", {"form": form, "school": school, "class_group": class_group,
                                                          "year": class_group.year})


@private
def assignment_create(request, pk):
    school = _require_setup(request)
    class_group = access.get_or_404(access.classes_visible(request.user, school), pk=pk)
    form = AssignmentForm(request.POST or None, school=school, initial={"subgroup": 0})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        if call_service(form, school_services.assignment_save, class_group=class_group, **data) is not None:
            messages.success(request, _("The subject was assigned."))
            return redirect("journal:class_detail", pk=pk)
    return render(request, "journal/register/classes/assignment_form.html",
                  {"form": form, "school": school, "class_group": class_group, "assignment": None})


@private
def assignment_edit(request, pk):
    school = _require_setup(request)
    assignment = access.get_or_404(
        TeachingAssignment.objects.filter(school=school).select_related("class_group"), pk=pk
    )
    class_group = assignment.class_group
    form = AssignmentForm(request.POST or None, instance=assignment, school=school)
    saved = save_versioned(request, form, school_services.assignment_save, class_group=class_group,
                           assignment=assignment, success_url=reverse("journal:class_detail", args=[class_group.pk]))
    if saved:
        return saved
    return render(request, "journal/register/classes/assignment_form.html",
                  {"form": form, "school": school, "class_group": class_group, "assignment": assignment})


@private
def assignment_delete(request, pk):
    school = _require_setup(request)
    assignment = access.get_or_404(
        TeachingAssignment.objects.filter(school=school).select_related("class_group", "subject", "teacher"), pk=pk
    )
    back = reverse("journal:class_detail", args=[assignment.class_group_id])
    if request.method == "POST":
        try:
            school_services.assignment_delete(assignment=assignment)
        except Exception as error:  # noqa: BLE001 - a ValidationError for the user
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("The assignment was deleted."))
        return redirect(back)
    return render(request, "journal/register/home/confirm.html", {
        "school": school, "title": _("Delete the teaching assignment"),
        "question": _("Delete %(assignment)s (%(teacher)s)?") % {"assignment": assignment, "teacher": assignment.teacher},
        "back": back, "danger": True,
    })


@private
def class_subgroups(request, pk):
    """The deputy splits a class into the subgroups of a subject: each student picks 1, 2 (…) or
    none; the subgroup's journal, lesson page, diary and prints then show only its students."""
    from journal.register.selectors.subgroups import split_subjects_of_class
    from journal.register.services.subgroups import subgroups_set

    school = _require_setup(request)
    class_group = access.get_or_404(access.classes_visible(request.user, school), pk=pk)
    split = split_subjects_of_class(class_group)
    if not split:
        messages.info(request, _("No subject of this class is split: assign teachers to subgroups 1 and 2 first."))
        return redirect("journal:class_detail", pk=pk)
    by_id = {subject.pk: (subject, numbers) for subject, numbers, _count in split}
    try:
        subject_id = int(request.POST.get("subject") or request.GET.get("subject") or split[0][0].pk)
    except ValueError:
        subject_id = split[0][0].pk
    subject, numbers = by_id.get(subject_id, (split[0][0], split[0][1]))
    students = list(class_group.students.filter(status="studying").order_by("sort_key", "pk"))
    current = dict(SubgroupMembership.objects.filter(class_group=class_group, subject=subject)
                   .values_list("student_id", "number"))
    error = ""
    if request.method == "POST":
        chosen = {}
        for student in students:
            raw = request.POST.get(f"student-{student.pk}", "")
            chosen[student.pk] = int(raw) if raw.isdigit() and int(raw) > 0 else None
        try:
            saved = subgroups_set(class_group=class_group, subject=subject, numbers=chosen)
        except ValidationError as exc:
            error = " ".join(exc.messages)
            current = {k: v for k, v in chosen.items() if v}
        else:
            messages.success(request, _("Subgroups of %(subject)s in %(class)s saved: %(count)s students placed.")
                             % {"subject": subject, "class": class_group, "count": saved})
            return redirect(f"{reverse('journal:class_subgroups', args=[pk])}?subject={subject.pk}")
    rows = [{"student": s, "number": current.get(s.pk)} for s in students]
    counts = {n: sum(1 for r in rows if r["number"] == n) for n in numbers}
    return render(request, "journal/register/classes/subgroups.html", {
        "school": school, "class_group": class_group, "split": split, "subject": subject, "numbers": numbers,
        "rows": rows, "counts": counts, "unplaced": sum(1 for r in rows if not r["number"]), "error": error,
    }, status=400 if error else 200)
