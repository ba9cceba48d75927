"""The query constructor's pages (thin): build and preview a query, export it, save, share,
open and delete saved queries. Every page asks portal.access first; the rows come from
selectors.run_query, which starts from the access policy's querysets."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from journal.gradebook.views._planning import parse_int, private
from portal import access

from ..exports import export_response
from ..forms import QueryForm, SaveQueryForm
from ..selectors import run_query
from ..services import saved_query_delete, saved_query_save
from ..services.saved import spec_from_params

EXPORT_FORMATS = ("xlsx", "csv", "pdf")


def _allowed(request):
    access.require(access.can_use_query_constructor(request.user, request.school))


@private
def builder(request):
    _allowed(request)
    school = request.school
    params = request.GET
    if params.get("_dataset"):     # the dataset was switched: start afresh with its defaults
        form = QueryForm(dataset_key=params.get("dataset"))
    else:
        form = QueryForm(params if params.get("dataset") else None)
    result = None
    saved = None
    saved_id = parse_int(params.get("saved"))
    if saved_id:
        saved = access.saved_queries_visible(request.user, school).filter(pk=saved_id).first()
    if form.is_bound and form.is_valid():
        fmt = params.get("export")
        title = saved.name if saved else form.dataset.label
        if fmt in EXPORT_FORMATS:
            result = run_query(request.user, school, form.query)
            stem = slugify(str(title), allow_unicode=False) or form.dataset.key
            return export_response(result, fmt=fmt, school=school, title=title, stem=stem)
        result = run_query(request.user, school, form.query, page=params.get("page") or 1)
    query_string = urlencode(spec_from_params(params), doseq=True)
    named = f"&saved={saved.pk}" if saved else ""      # the export is titled with the saved name
    exports = [{"format": fmt.upper(), "url": f"?{query_string}{named}&export={fmt}"} for fmt in EXPORT_FORMATS]
    return render(request, "journal/queries/builder.html", {
        "school": school, "form": form, "dataset": form.dataset, "result": result, "exports": exports, "query_string": query_string,
        "saved": saved, "save_form": SaveQueryForm(initial={"name": saved.name if saved else "",
                                                            "shared": saved.shared if saved else False}),
        "can_edit_saved": bool(saved and saved.owner_id == request.user.pk),
        "saved_queries": access.saved_queries_visible(request.user, school).select_related("owner"),
        "restricted": access.reports_restricted(request.user, school),
    })


@private
@require_POST
def save(request):
    _allowed(request)
    form = QueryForm(request.POST)
    save_form = SaveQueryForm(request.POST)
    if not (form.is_valid() and save_form.is_valid()):
        messages.error(request, _("The query was not saved: correct it first."))
        return redirect(reverse("journal:queries_builder") + "?" + urlencode(spec_from_params(request.POST), doseq=True))
    try:
        saved = saved_query_save(school=request.school, owner=request.user, name=save_form.cleaned_data["name"],
                                 params=request.POST, shared=save_form.cleaned_data["shared"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(reverse("journal:queries_builder") + "?" + urlencode(spec_from_params(request.POST), doseq=True))
    messages.success(request, _("The query «%(name)s» is saved.") % {"name": saved.name})
    return redirect("journal:queries_open", pk=saved.pk)


@private
def open_saved(request, pk):
    _allowed(request)
    saved = access.get_or_404(access.saved_queries_visible(request.user, request.school), pk=pk)
    spec = dict(saved.spec)
    spec["saved"] = [str(saved.pk)]
    return redirect(reverse("journal:queries_builder") + "?" + urlencode(spec, doseq=True))


@private
@require_POST
def delete(request, pk):
    _allowed(request)
    saved = access.get_or_404(access.saved_queries_editable(request.user, request.school), pk=pk)
    name = saved.name
    saved_query_delete(query=saved)
    messages.success(request, _("The query «%(name)s» is deleted.") % {"name": name})
    return redirect("journal:queries_builder")
