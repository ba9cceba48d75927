"""Consent (R-I15): record, withdraw, the scanned document; the subject-access export."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from journal.register.forms import ConsentForm, ConsentWithdrawForm
from journal.register.models import Consent, Guardian, StaffMember, Student
from journal.register.reports.subject_access import subject_access_json, subject_access_pdf_response
from journal.register.services import consent as consent_services
from journal.register.services.accounts import latin_slug
from portal import access

from .common import call_service, private, school_of

KINDS = {"student": Student, "guardian": Guardian, "staff": StaffMember}


def _visible(kind, user, school):
    return {
        "student": access.students_visible,
        "guardian": access.guardians_visible,
        "staff": access.staff_visible,
    }[kind](user, school)


def _person(request, kind, pk):
    if kind not in KINDS:
        raise Http404
    school = school_of(request)
    person = access.get_or_404(_visible(kind, request.user, school), pk=pk)
    return school, person


@private
def consent_create(request, kind, pk):
    school, person = _person(request, kind, pk)
    if not access.consent_editable(request.user, school, person):
        raise PermissionDenied
    initial = {}
    if kind == "student":
        link = person.guardian_links.select_related("guardian").first()
        if link is not None:
            initial = {"given_by": link.guardian.full_name, "given_by_relation": link.get_relation_display()}
    else:
        initial = {"given_by": person.full_name}
    form = ConsentForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        consent = call_service(form, consent_services.consent_record, person=person, recorded_by=request.user,
                               **form.cleaned_data)
        if consent is not None:
            messages.success(request, _("The consent was recorded."))
            return redirect(person.get_absolute_url())
    return render(request, "journal/register/consent/form.html", {"form": form, "school": school, "person": person})


def _consent(request, pk):
    school = school_of(request)
    consent = access.get_or_404(
        Consent.objects.filter(school=school).select_related("student", "guardian", "staff_member"), pk=pk
    )
    person = consent.subject
    kind = {"student": "student", "guardian": "guardian", "staffmember": "staff"}[person._meta.model_name]
    access.get_or_404(_visible(kind, request.user, school), pk=person.pk)
    return school, consent, person


@private
def consent_withdraw(request, pk):
    school, consent, person = _consent(request, pk)
    if not access.consent_editable(request.user, school, person):
        raise PermissionDenied
    form = ConsentWithdrawForm(request.POST or None, consent=consent)
    if request.method == "POST" and form.is_valid():
        if call_service(form, consent_services.consent_withdraw, consent=consent,
                        on=form.cleaned_data["withdrawn_on"]) is not None:
            messages.success(request, _("The withdrawal of the consent was recorded."))
            return redirect(person.get_absolute_url())
    return render(request, "journal/register/consent/withdraw.html",
                  {"form": form, "school": school, "person": person, "consent": consent})


@private
def consent_document(request, pk):
    """The scanned consent form: for the administration and the people who may record consent
    for the person (never a public /media/ URL)."""
    school, consent, person = _consent(request, pk)
    if not (access.is_school_reader(request.user, school) or access.consent_editable(request.user, school, person)):
        raise PermissionDenied
    if not consent.document:
        raise Http404
    try:
        handle = consent.document.open("rb")
    except FileNotFoundError:
        raise Http404
    name = consent.document.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=False, filename=name)


@private
def person_export(request, kind, pk):
    """Everything stored about one person, as JSON (machine-readable) or PDF; on request, by the
    deputy or the system administrator."""
    school = school_of(request)
    if kind not in KINDS:
        raise Http404
    if not access.can_export_person_data(request.user, school):
        access.get_or_404(_visible(kind, request.user, school), pk=pk)
        raise PermissionDenied
    person = access.get_or_404(KINDS[kind].objects.filter(school=school), pk=pk)
    stem = f"{kind}-{person.pk}-{latin_slug(person.last_name) or 'person'}-{timezone.localdate():%Y%m%d}"
    if request.GET.get("format") == "pdf":
        return subject_access_pdf_response(person, request, f"{stem}.pdf")
    response = HttpResponse(subject_access_json(person), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stem}.json"'
    return response
