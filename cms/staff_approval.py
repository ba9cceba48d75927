"""R-S15 for the teaching-staff pages, in the Wagtail admin: changes made in the register to what
the public site shows about a staff member (photo, qualification, publications and the other
R-S7/R-S8 fields) are listed with their old and new values; the site administrator or the
director approves (the public pages change) or rejects (the public pages keep the old values)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Site

from journal.register.models import StaffMember, StaffPublicProfile
from journal.register.selectors.public import pending_profiles
from journal.register.services.public_profile import PUBLIC_FIELDS, staff_public_approve, staff_public_reject
from portal import access, private_files

from .admin_views import AdminReportView, RequestPanel

CHOICE_FIELDS = {"position", "education_level", "qualification"}


def _context(request):
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    return site, access.school_for_request(request)


def _display(name, value):
    if value in (None, ""):
        return "—"
    if name in CHOICE_FIELDS:
        return str(dict(StaffMember._meta.get_field(name).choices).get(value, value))
    return str(value)


def change_rows(profile):
    """[(label, field, old, new)] of the fields the pending change alters (old "—" for a new member)."""
    old, new = profile.approved or {}, profile.pending or {}
    rows = []
    for name in PUBLIC_FIELDS:
        if old.get(name) != new.get(name) and (old.get(name) or new.get(name)):
            rows.append({"label": StaffMember._meta.get_field(name).verbose_name, "field": name,
                         "old": _display(name, old.get(name)), "new": _display(name, new.get(name)),
                         "old_raw": old.get(name), "new_raw": new.get(name)})
    return rows


def _who(profile):
    user = profile.requested_by
    return (user.get_full_name() or user.username) if user else "—"


class StaffChangesView(AdminReportView):
    """The pending changes of the site's school, oldest first, with Approve and Reject."""

    template_name = "cms/admin/staff_changes.html"
    page_title = gettext_lazy("Teachers' public data to approve")
    header_icon = "user"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        site, school = _context(self.request)
        profiles = list(pending_profiles(school))
        context.update({
            "changes": [{"profile": p, "rows": change_rows(p), "new_member": p.approved is None, "who": _who(p)}
                        for p in profiles],
            "can_approve": access.can_approve_public_staff(self.request.user, site),
        })
        return context

    def post(self, request):
        site, school = _context(request)
        if not access.can_approve_public_staff(request.user, site):
            raise PermissionDenied
        profile = get_object_or_404(StaffPublicProfile, pk=request.POST.get("profile") or 0,
                                    staff__school=school, pending__isnull=False)
        if request.POST.get("action") == "approve":
            staff_public_approve(profile=profile, user=request.user)
            messages.success(request, _("Approved: the public site now shows the new data of %(name)s.")
                             % {"name": profile.staff.full_name})
        elif request.POST.get("action") == "reject":
            staff_public_reject(profile=profile, user=request.user)
            messages.success(request, _("Rejected: the public site keeps the approved data of %(name)s.")
                             % {"name": profile.staff.full_name})
        return redirect("cms_staff_changes")


def staff_change_photo(request, pk, which):
    """The old (approved) or new (pending) photo of a change, for those who decide on it."""
    site, school = _context(request)
    if not access.can_approve_public_staff(request.user, site):
        raise PermissionDenied
    profile = get_object_or_404(StaffPublicProfile.objects.select_related("staff"), pk=pk, staff__school=school)
    if which not in ("old", "new"):
        raise Http404
    data = profile.approved if which == "old" else profile.pending
    name = (data or {}).get("photo")
    if not name:
        raise Http404
    member = profile.staff
    member.photo = name
    return private_files.send(member.photo)


class StaffChangesPanel(RequestPanel):
    """Dashboard panel: how many staff changes wait for approval (shown to those who approve)."""

    name = "staff_public_changes"
    template_name = "cms/admin/staff_changes_panel.html"
    order = 40

    def get_context_data(self, parent_context):
        _site, school = _context(self.request)
        return {"count": pending_profiles(school).count(),
                "url": reverse("cms_staff_changes")}

    def render_html(self, parent_context=None):
        site, _school = _context(self.request)
        if not access.can_approve_public_staff(self.request.user, site):
            return ""
        return super().render_html(parent_context)
