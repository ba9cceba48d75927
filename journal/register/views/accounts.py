"""Logins for everyone (R-J8): the deputy or the administrator issues the logins of a whole
class (students and their parents) in one step and prints the credential slips.

The one-time passwords are shown once, on the page that follows the issue; the slips are
printed from that page (the page carries them signed, nothing is stored on the server). Printing
later means issuing again (which resets the passwords)."""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from journal.pdf import pdf_response
from journal.register import selectors
from journal.register.forms import IssueLoginsForm, SlipsForm
from journal.register.models import ClassGroup, StaffMember, StudentGuardian
from journal.register.services import accounts as account_services
from portal import access
from portal.roles import Role

from .common import private, school_of

SLIPS_SALT = "journal.accounts.slips"
SLIPS_MAX_AGE = 3 * 60 * 60  # the slips can be printed for three hours after issuing


def _manager(request):
    school = school_of(request)
    if not access.can_issue_logins(request.user, school):
        raise PermissionDenied
    return school


@private
def accounts_overview(request):
    school = _manager(request)
    year = selectors.current_year(school)
    rows = selectors.accounts_overview(school, year) if year else []
    totals = {k: sum(r[k] for r in rows) for k in ("students", "students_with_login", "parents", "parents_with_login")}
    return render(request, "journal/register/accounts/overview.html",
                  {"school": school, "year": year, "rows": rows, "totals": totals})


def _issued_page(request, school, credentials, title, back):
    token = signing.dumps([c.as_dict() for c in credentials], salt=SLIPS_SALT, compress=True)
    form = SlipsForm(initial={"token": token, "language": translation.get_language()[:2]})
    return render(request, "journal/register/accounts/issued.html", {
        "school": school, "credentials": credentials, "form": form, "title": title, "back": back,
    })


@private
def accounts_class(request, pk):
    school = _manager(request)
    class_group = access.get_or_404(ClassGroup.objects.filter(school=school).select_related("class_teacher"), pk=pk)
    students, guardians = selectors.class_people_for_logins(class_group)
    form = IssueLoginsForm(request.POST or None, students=students, guardians=guardians)
    if request.method == "POST" and form.is_valid():
        credentials = account_services.class_logins_issue(
            class_group=class_group, issued_by=request.user,
            students=form.cleaned_data["students"], guardians=form.cleaned_data["guardians"],
        )
        messages.success(request, _("%(n)s logins were issued. Print the slips now: the passwords are shown only once.")
                         % {"n": len(credentials)})
        return _issued_page(request, school, credentials, _("Logins of %(class)s") % {"class": class_group},
                            class_group.get_absolute_url())
    children = {}
    for link in StudentGuardian.objects.filter(student__in=students).select_related("student"):
        children.setdefault(link.guardian_id, []).append(link.student.first_name)
    for g in guardians:
        g.children_here = ", ".join(children.get(g.pk, []))
    return render(request, "journal/register/accounts/class.html", {
        "school": school, "class_group": class_group, "form": form, "students": students, "guardians": guardians,
        "checked_students": {int(x) for x in form["students"].value() or []},
        "checked_guardians": {int(x) for x in form["guardians"].value() or []},
    })


@private
@require_POST
def staff_login(request, pk):
    """A login for a staff member (with the teacher role when they teach), or a new password."""
    school = school_of(request)
    if not (access.can_issue_logins(request.user, school) or access.can_assign_roles(request.user, school)):
        raise PermissionDenied
    member = access.get_or_404(StaffMember.objects.filter(school=school, is_active=True), pk=pk)
    roles = [Role.TEACHER] if member.is_teaching else []
    credential = account_services.staff_login_issue(staff_member=member, issued_by=request.user, roles=roles)
    messages.success(request, _("The login was issued. Print the slip now: the password is shown only once."))
    return _issued_page(request, school, [credential], member.full_name, member.get_absolute_url())


@private
@require_POST
def accounts_slips(request):
    """The credential slips as a PDF, in the language chosen at print time."""
    school = school_of(request)
    if not (access.can_issue_logins(request.user, school) or access.can_assign_roles(request.user, school)):
        raise PermissionDenied
    form = SlipsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the language of the slips."))
        return redirect("journal:accounts_overview")
    try:
        credentials = signing.loads(form.cleaned_data["token"], salt=SLIPS_SALT, max_age=SLIPS_MAX_AGE)
    except signing.SignatureExpired:
        messages.error(request, _("The slips can be printed only within three hours of issuing. Issue the logins "
                                  "again (the passwords will be reset)."))
        return redirect("journal:accounts_overview")
    except signing.BadSignature:
        raise PermissionDenied
    pages = [credentials[i:i + 8] for i in range(0, len(credentials), 8)]
    language = form.cleaned_data["language"]
    with translation.override(language):
        return pdf_response("journal/register/accounts/slips_pdf.html", {
            "school": school, "pages": pages, "login_url": request.build_absolute_uri("/"),
            "language": language,
        }, f"logins-{timezone.localdate():%Y%m%d}-{language}.pdf", request=request, inline=False)
