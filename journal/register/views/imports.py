"""Import pages: upload → preview with every row's errors → confirm (all or nothing) → done.

The uploaded file waits in the private media folder (imports/, not served) with a random name; its token is kept in the
user's session together with the school and kind, so nobody else can confirm (or even see) it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from journal.register.forms import ImportUploadForm
from journal.register.imports.columns import COLUMNS, KINDS, STAFF, STUDENTS, header_label
from journal.register.imports.template_files import template_csv, template_xlsx
from journal.register.services import imports as service
from portal import access

SESSION_KEY = "mektep_imports"
DONE_KEY = "mektep_import_done"
PREVIEW_ROWS = 100


def _titles():
    return {STUDENTS: _("Import of students and parents"), STAFF: _("Import of staff")}


def _school_and_check(request, kind):
    if kind not in KINDS:
        raise Http404
    school = access.school_for_request(request)
    if school is None:
        raise Http404
    access.require(access.can_import_register(request.user, school))
    return school


def _upload_url(kind):
    return reverse("journal:import_students" if kind == STUDENTS else "journal:import_staff")


def _list_url(kind):
    try:
        return reverse("journal:student_list" if kind == STUDENTS else "journal:staff_list")
    except NoReverseMatch:
        return ""


def _context(kind, **extra):
    columns = [{"label": header_label(c, required_mark=False), "required": c.required} for c in COLUMNS[kind]]
    return {"kind": kind, "title": _titles()[kind], "columns": columns, "upload_url": _upload_url(kind),
            "other_kind": STAFF if kind == STUDENTS else STUDENTS, **extra}


def _store(request, school, kind, form):
    token, filename = service.import_upload_store(uploaded_file=form.cleaned_data["file"])
    stored = request.session.get(SESSION_KEY, {})
    # one pending file per kind: a new upload replaces the previous one
    for old_token, info in list(stored.items()):
        if info.get("kind") == kind and info.get("school") == school.pk:
            service.import_upload_discard(old_token)
            stored.pop(old_token)
    stored[token] = {"kind": kind, "school": school.pk, "filename": filename}
    request.session[SESSION_KEY] = stored
    return token


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request, kind):
    school = _school_and_check(request, kind)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        token = _store(request, school, kind, form)
        return redirect("journal:import_preview", kind=kind, token=token)
    return render(request, "journal/register/imports/upload.html", _context(kind, form=form, school=school))


@never_cache
@login_required
def import_template(request, kind, fmt):
    _school_and_check(request, kind)
    if fmt == "xlsx":
        data, content_type = template_xlsx(kind), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "csv":
        data, content_type = template_csv(kind), "text/csv; charset=utf-8"
    else:
        raise Http404
    response = HttpResponse(data, content_type=content_type)
    name = {"students": "mektep-students", "staff": "mektep-staff"}[kind]
    response["Content-Disposition"] = f'attachment; filename="{name}-{request.LANGUAGE_CODE}.{fmt}"'
    return response


def _pending(request, school, kind, token):
    info = request.session.get(SESSION_KEY, {}).get(token)
    if not info or info.get("kind") != kind or info.get("school") != school.pk:
        raise Http404
    return info


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request, kind, token):
    school = _school_and_check(request, kind)
    info = _pending(request, school, kind, token)
    path = service.import_upload_path(token)
    if path is None:
        messages.warning(request, _("The uploaded file is no longer available. Upload it again."))
        return redirect(_upload_url(kind))

    if request.method == "POST" and "cancel" in request.POST:
        _forget(request, token)
        messages.info(request, _("The import was cancelled. Nothing was saved."))
        return redirect(_upload_url(kind))

    if request.method == "POST":
        try:
            result = service.import_apply(school=school, kind=kind, path=path, filename=info["filename"],
                                          user=request.user)
        except service.ImportRejected as rejected:
            messages.error(request, _("The file or the register changed since the preview: nothing was saved. "
                                      "Check the errors below."))
            preview = rejected.preview
        else:
            _forget(request, token)
            request.session[DONE_KEY] = {
                "kind": kind, "created": result.created, "guardians_created": result.guardians_created,
                "guardians_linked": result.guardians_linked, "filename": info["filename"],
                "seconds": round(result.seconds, 1),
            }
            return redirect("journal:import_done", kind=kind)
    else:
        preview = service.import_preview(school=school, kind=kind, path=path, filename=info["filename"])

    valid_rows = [r for r in preview.rows if r.ok]
    return render(request, "journal/register/imports/preview.html", _context(
        kind, school=school, preview=preview, token=token, filename=info["filename"],
        valid_rows=valid_rows[:PREVIEW_ROWS], more_rows=max(0, len(valid_rows) - PREVIEW_ROWS),
        form=ImportUploadForm(),
    ))


def _forget(request, token):
    service.import_upload_discard(token)
    stored = request.session.get(SESSION_KEY, {})
    stored.pop(token, None)
    request.session[SESSION_KEY] = stored


@never_cache
@login_required
def import_done(request, kind):
    school = _school_and_check(request, kind)
    done = request.session.get(DONE_KEY)
    if not done or done.get("kind") != kind:
        return redirect(_upload_url(kind))
    return render(request, "journal/register/imports/done.html", _context(kind, school=school, done=done,
                                                                  list_url=_list_url(kind)))
