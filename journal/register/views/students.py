"""Students: list, page, add, edit; their parents (link, unlink, relation)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from journal.register import selectors
from journal.register.filters import StudentFilterSet
from journal.register.forms import GuardianAddForm, RelationForm, StudentForm
from journal.register.models import StudentGuardian, StudentStatus
from journal.register.services import people
from journal.register.tables import StudentTable
from portal import access

from .common import RegisterListView, call_service, object_for_edit, optional_links, private, save_versioned, school_of


class StudentListView(RegisterListView):
    table_class = StudentTable
    filterset_class = StudentFilterSet
    template_name = "journal/register/students/list.html"
    title = gettext_lazy("Students")
    export_name = "students"
    filter_defaults = {"status": StudentStatus.STUDYING}

    def get_queryset(self):
        return selectors.student_list(self.request.user, self.school)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = access.classes_editable(self.request.user, self.school).exists()
        return context


def _classes_for_form(user, school):
    year = selectors.current_year(school)
    return access.classes_editable(user, school).filter(year=year).order_by("grade", "letter")


@private
def student_detail(request, pk):
    school = school_of(request)
    student = selectors.student_detail(request.user, school, pk)
    policy = access.personal_data_policy(request.user, school)
    show_personal = policy.student(student)
    can_edit = access.students_editable(request.user, school).filter(pk=pk).exists()
    links = list(selectors.student_guardian_links(student))
    for link in links:
        link.guardian.has_consent = link.guardian_has_consent
        link.show_personal = policy.guardian(link.guardian)
    hidden = () if show_personal else people.STUDENT_PERSONAL_FIELDS
    context = {
        "school": school, "student": student, "show_personal": show_personal, "can_edit": can_edit,
        "links": links, "consents": selectors.person_consents(student) if show_personal or can_edit else [],
        "movements": student.movements.select_related("class_from", "class_to").order_by("-date", "-pk"),
        "history": selectors.person_history(student, hidden_fields=hidden),
        "can_consent": access.consent_editable(request.user, school, student),
        "can_export": access.can_export_person_data(request.user, school),
        "person_kind": "student",
        "movement_links": _movement_links(student) if can_edit else [],
    }
    return render(request, "journal/register/students/detail.html", context)


def _movement_links(student):
    """Record a departure, a transfer or a return in the movement book (its own pages)."""
    query = f"?student={student.pk}"
    if student.status == StudentStatus.STUDYING:
        items = [("journal:movement_departure", gettext_lazy("Record a departure"), None, query),
                 ("journal:movement_transfer", gettext_lazy("Transfer to another class"), None, query)]
    else:
        items = [("journal:movement_arrival", gettext_lazy("Record a return"), None, query)]
    return optional_links(items, ())


@private
def student_create(request):
    school = school_of(request)
    classes = _classes_for_form(request.user, school)
    if not classes.exists():
        raise PermissionDenied
    form = StudentForm(request.POST or None, classes=classes, initial={"class_group": request.GET.get("class")})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        student = call_service(form, people.student_create, school=school, **data)
        if student is not None:
            messages.success(request, _("The student was added."))
            return redirect("journal:student_detail", pk=student.pk)
    return render(request, "journal/register/students/form.html", {"form": form, "school": school, "student": None})


@private
def student_edit(request, pk):
    school = school_of(request)
    student = object_for_edit(access.students_visible(request.user, school),
                              access.students_editable(request.user, school), pk)
    show_personal = access.personal_data_policy(request.user, school).student(student)
    form = StudentForm(request.POST or None, instance=student, show_personal=show_personal, allow_class=False)
    saved = save_versioned(request, form, people.student_update, student=student,
                           success_url=reverse("journal:student_detail", args=[student.pk]))
    if saved:
        return saved
    return render(request, "journal/register/students/form.html",
                  {"form": form, "school": school, "student": student, "show_personal": show_personal})


@private
def student_guardian_add(request, pk):
    school = school_of(request)
    student = object_for_edit(access.students_visible(request.user, school),
                              access.students_editable(request.user, school), pk)
    form = GuardianAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "relation")}
        result = call_service(form, people.guardian_add_to_student, student=student,
                              relation=form.cleaned_data["relation"], **data)
        if result is not None:
            link, reused = result
            if reused:
                messages.info(request, _("This parent was already in the register (same name and phone): "
                                         "the existing record was linked."))
            else:
                messages.success(request, _("The parent was added."))
            return redirect("journal:student_detail", pk=student.pk)
    return render(request, "journal/register/students/guardian_add.html", {"form": form, "school": school, "student": student})


def _link_for_edit(request, pk, link_pk):
    school = school_of(request)
    student = object_for_edit(access.students_visible(request.user, school),
                              access.students_editable(request.user, school), pk)
    link = access.get_or_404(StudentGuardian.objects.select_related("guardian"), pk=link_pk, student=student)
    return school, student, link


@private
def student_guardian_edit(request, pk, link_pk):
    school, student, link = _link_for_edit(request, pk, link_pk)
    form = RelationForm(request.POST or None, initial={"relation": link.relation})
    if request.method == "POST" and form.is_valid():
        if call_service(form, people.guardian_link, student=student, guardian=link.guardian,
                        relation=form.cleaned_data["relation"]) is not None:
            messages.success(request, _("The changes were saved."))
            return redirect("journal:student_detail", pk=student.pk)
    return render(request, "journal/register/students/relation.html",
                  {"form": form, "school": school, "student": student, "link": link})


@private
def student_guardian_remove(request, pk, link_pk):
    school, student, link = _link_for_edit(request, pk, link_pk)
    if request.method == "POST":
        people.guardian_unlink(student=student, guardian=link.guardian)
        messages.success(request, _("The parent was unlinked from the student."))
        return redirect("journal:student_detail", pk=student.pk)
    return render(request, "journal/register/home/confirm.html", {
        "school": school, "title": _("Unlink the parent"),
        "question": _("Unlink %(parent)s from %(student)s? The parent's record stays in the register.") % {
            "parent": link.guardian.full_name, "student": student.full_name},
        "back": student.get_absolute_url(),
    })
