"""Parents and guardians: list, page, edit, delete an orphan record."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from journal.register import selectors
from journal.register.filters import GuardianFilterSet
from journal.register.forms import GuardianForm
from journal.register.services import people
from journal.register.tables import GuardianTable
from portal import access

from .common import RegisterListView, object_for_edit, private, save_versioned, school_of


class GuardianListView(RegisterListView):
    table_class = GuardianTable
    filterset_class = GuardianFilterSet
    template_name = "journal/register/guardians/list.html"
    title = gettext_lazy("Parents and guardians")
    export_name = "parents"

    def get_queryset(self):
        return selectors.guardian_list(self.request.user, self.school)


@private
def guardian_detail(request, pk):
    school = school_of(request)
    guardian = access.get_or_404(
        selectors.with_consent(access.guardians_visible(request.user, school), school).select_related("user"), pk=pk
    )
    policy = access.personal_data_policy(request.user, school)
    show_personal = policy.guardian(guardian)
    visible_children = set(access.students_visible(request.user, school).values_list("pk", flat=True))
    links = [
        link for link in guardian.child_links.select_related("student__class_group").order_by("student__sort_key")
        if link.student_id in visible_children
    ]
    can_edit = access.guardians_editable(request.user, school).filter(pk=pk).exists()
    hidden = () if show_personal else people.GUARDIAN_PERSONAL_FIELDS
    context = {
        "school": school, "guardian": guardian, "show_personal": show_personal, "can_edit": can_edit,
        "links": links, "consents": selectors.person_consents(guardian) if show_personal or can_edit else [],
        "history": selectors.person_history(guardian, hidden_fields=hidden),
        "can_consent": access.consent_editable(request.user, school, guardian),
        "can_export": access.can_export_person_data(request.user, school),
        "can_delete": access.is_register_manager(request.user, school) and not guardian.child_links.exists(),
        "person_kind": "guardian",
    }
    return render(request, "journal/register/guardians/detail.html", context)


@private
def guardian_edit(request, pk):
    school = school_of(request)
    guardian = object_for_edit(access.guardians_visible(request.user, school),
                               access.guardians_editable(request.user, school), pk)
    show_personal = access.personal_data_policy(request.user, school).guardian(guardian)
    form = GuardianForm(request.POST or None, instance=guardian, show_personal=show_personal)
    saved = save_versioned(request, form, people.guardian_update, guardian=guardian,
                           success_url=reverse("journal:guardian_detail", args=[guardian.pk]))
    if saved:
        return saved
    return render(request, "journal/register/guardians/form.html",
                  {"form": form, "school": school, "guardian": guardian, "show_personal": show_personal})


@private
def guardian_delete(request, pk):
    school = school_of(request)
    if not access.is_register_manager(request.user, school):
        access.get_or_404(access.guardians_visible(request.user, school), pk=pk)
        raise PermissionDenied
    guardian = access.get_or_404(access.guardians_editable(request.user, school), pk=pk)
    if request.method == "POST":
        try:
            people.guardian_delete(guardian=guardian)
        except Exception as error:  # noqa: BLE001 - ValidationError shown to the user
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return redirect("journal:guardian_detail", pk=pk)
        messages.success(request, _("The parent's record was deleted."))
        return redirect("journal:guardian_list")
    return render(request, "journal/register/home/confirm.html", {
        "school": school, "title": _("Delete the parent's record"),
        "question": _("Delete the record of %(parent)s? It has no child linked.") % {"parent": guardian.full_name},
        "back": reverse("journal:guardian_detail", args=[pk]), "danger": True,
    })
