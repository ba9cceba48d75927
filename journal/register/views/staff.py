"""Staff: list, page (all R-S8 data: the public teaching-staff pages read this record), add,
edit."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from journal.register import selectors
from journal.register.filters import StaffFilterSet
from journal.register.forms import StaffForm
from journal.register.models import StaffPublicProfile, TeachingAssignment
from journal.register.services import people
from journal.register.tables import StaffTable
from portal import access

from .common import RegisterListView, call_service, object_for_edit, private, save_versioned, school_of


class StaffListView(RegisterListView):
    table_class = StaffTable
    filterset_class = StaffFilterSet
    template_name = "journal/register/staff/list.html"
    title = gettext_lazy("Staff")
    export_name = "staff"
    filter_defaults = {"is_active": "yes"}

    def get_queryset(self):
        return selectors.staff_list(self.request.user, self.school)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = access.is_register_manager(self.request.user, self.school)
        return context


@private
def staff_detail(request, pk):
    school = school_of(request)
    member = access.get_or_404(
        selectors.with_consent(access.staff_visible(request.user, school), school).select_related("user")
        .prefetch_related("subjects"), pk=pk,
    )
    show_personal = access.personal_data_policy(request.user, school).staff(member)
    year = selectors.current_year(school)
    assignments = (
        TeachingAssignment.objects.filter(teacher=member, year=year)
        .select_related("class_group", "subject")
        .order_by("class_group__grade", "class_group__letter", "subject__order")
    )
    can_edit = access.staff_editable(request.user, school).filter(pk=pk).exists()
    hidden = () if show_personal else people.STAFF_PERSONAL_FIELDS
    context = {
        "school": school, "member": member, "show_personal": show_personal, "can_edit": can_edit,
        "assignments": assignments, "hours": sum(a.hours_per_week for a in assignments),
        "homerooms": member.homerooms.filter(year=year),
        "consents": selectors.person_consents(member) if show_personal or can_edit else [],
        "history": selectors.person_history(member, hidden_fields=hidden) if show_personal or can_edit else [],
        "can_consent": access.consent_editable(request.user, school, member),
        "can_export": access.can_export_person_data(request.user, school),
        "can_issue_login": access.can_issue_logins(request.user, school),
        "person_kind": "staff",
        "public_pending": StaffPublicProfile.objects.filter(staff=member, pending__isnull=False).exists(),
    }
    return render(request, "journal/register/staff/detail.html", context)


def _form_data(form):
    data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "subjects")}
    if data.get("photo") is False:  # the "clear" checkbox of the photo
        data["photo"] = ""
    elif data.get("photo") is None:
        data.pop("photo", None)
    return data


@private
def staff_create(request):
    school = school_of(request)
    if not access.is_register_manager(request.user, school):
        raise PermissionDenied
    form = StaffForm(request.POST or None, request.FILES or None, school=school)
    if request.method == "POST" and form.is_valid():
        member = call_service(form, people.staff_create, school=school, subjects=form.cleaned_data["subjects"],
                              changed_by=request.user, **_form_data(form))
        if member is not None:
            messages.success(request, _("The staff member was added."))
            return redirect("journal:staff_detail", pk=member.pk)
    return render(request, "journal/register/staff/form.html", {"form": form, "school": school, "member": None})


@private
def staff_edit(request, pk):
    school = school_of(request)
    member = object_for_edit(access.staff_visible(request.user, school), access.staff_editable(request.user, school), pk)
    show_personal = access.personal_data_policy(request.user, school).staff(member)
    form = StaffForm(request.POST or None, request.FILES or None, instance=member, school=school,
                     show_personal=show_personal)
    saved = save_versioned(request, form, people.staff_update, member=member, changed_by=request.user,
                           data=lambda: {"subjects": form.cleaned_data["subjects"], **_form_data(form)},
                           success_url=reverse("journal:staff_detail", args=[member.pk]))
    if saved:
        return saved
    return render(request, "journal/register/staff/form.html",
                  {"form": form, "school": school, "member": member, "show_personal": show_personal})
