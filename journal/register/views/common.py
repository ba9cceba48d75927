"""Shared pieces of the register views: the school of the request, access helpers, list views
with filters and XLSX/CSV/PDF export, and service calls that turn ValidationError into form
errors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin, TableExport

from journal.register.reports.tables import table_pdf_response
from portal import access


def optional_links(items, roles):
    """Links to pages of other parts of the system that may not be installed: (url_name, label,
    roles or None, query) → [{"url", "label"}] for the URLs that exist and the user's roles."""
    links = []
    for url_name, label, allowed, query in items:
        if allowed is not None and not (set(roles) & set(allowed)):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        links.append({"url": f"{url}{query}", "label": label})
    return links


def school_of(request):
    school = access.school_for_request(request)
    if school is None:
        raise Http404
    return school


def private(view):
    """login_required + never_cache for a function view."""
    return never_cache(login_required(view))


def object_for_edit(visible, editable, pk):
    """The object `pk` for editing: 404 when the user may not even see it, 403 when they see it
    but may not change it."""
    obj = editable.filter(pk=pk).first()
    if obj is not None:
        return obj
    access.get_or_404(visible, pk=pk)
    raise PermissionDenied


def call_service(form, service, **kwargs):
    """Run a service; its ValidationError lands on the form (and nothing is lost). Returns the
    service's result, or None when it failed."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                target = field if field in form.fields else None
                if field == NON_FIELD_ERRORS:
                    target = None
                for e in errors:
                    form.add_error(target, e)
        else:
            for e in error.error_list:
                form.add_error(None, e)
        return None


def save_versioned(request, form, service, *, success_url, data=None, **kwargs):
    """The one conflict-aware edit of a versioned form (student, parent, staff, class, subject…).

    On POST: a valid form calls the service with its cleaned data (without `version`, or what
    `data()` returns) and the service's ValidationError lands on the form; on success a message
    and the redirect to `success_url`. When someone else saved the record first, the form keeps
    what was typed, says so, and takes the newer version, so a second Save overwrites knowingly
    and nothing is silently lost. Returns the redirect, or None: render the form again."""
    if request.method != "POST":
        return None
    if form.is_valid():
        values = data() if data is not None else {k: v for k, v in form.cleaned_data.items() if k != "version"}
        if call_service(form, service, **kwargs, **values) is not None:
            messages.success(request, _("The changes were saved."))
            return redirect(success_url)
    elif form.has_error("__all__", code="conflict"):
        form.refresh_version()
    return None


class ExcelFriendlyExport(TableExport):
    """CSV with a UTF-8 byte-order mark (Excel then reads Cyrillic correctly); sheet titles
    within Excel's 31 characters."""

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        kwargs = dict(dataset_kwargs or {})
        kwargs["title"] = str(kwargs.get("title") or "Mektep")[:31]
        return super().table_to_dataset(table, exclude_columns, kwargs)

    def export(self):
        data = super().export()
        if self.format == self.CSV:
            return "\ufeff" + (data if isinstance(data, str) else data.decode("utf-8"))
        return data


@method_decorator(never_cache, name="dispatch")
class RegisterListView(LoginRequiredMixin, ExportMixin, SingleTableMixin, FilterView):
    """A register list: filters, paginated table, export to XLSX, CSV and PDF (the filtered
    rows, every column incl. the export-only ones in XLSX/CSV)."""

    template_name = "journal/register/home/list.html"
    export_class = ExcelFriendlyExport
    export_formats = ("xlsx", "csv", "pdf")
    export_name = "list"
    title = ""
    pdf_landscape = True
    filter_defaults = {}

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.school = school_of(request)
        if not self.has_permission():
            raise PermissionDenied
        self.policy = access.personal_data_policy(request.user, self.school)
        return super().dispatch(request, *args, **kwargs)

    def has_permission(self):
        return access.can_read_register(self.request.user, self.school)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        # the defaults (e.g. students who study) hold until the user sets a filter — also in the
        # export links, which carry only the filters the user set
        if self.filter_defaults and not any(name in self.request.GET for name in filterset_class.base_filters):
            data = kwargs["data"].copy() if kwargs["data"] is not None else {}
            for key, value in self.filter_defaults.items():
                data[key] = value
            kwargs["data"] = data
        return kwargs

    def get_table_kwargs(self):
        return {"policy": self.policy}

    def get_export_filename(self, export_format):
        return f"{self.export_name}-{timezone.localdate():%Y-%m-%d}.{export_format}"

    def get_dataset_kwargs(self):
        return {"title": str(self.title)}

    def filter_summary(self):
        form = self.filterset.form
        if not form.is_bound or not form.is_valid():
            return ""
        parts = []
        for name, value in form.cleaned_data.items():
            if value in (None, "", []):
                continue
            field = form.fields[name]
            if hasattr(field, "choices") and not hasattr(value, "pk"):
                value = dict(field.choices).get(value, dict(field.choices).get(str(value), value))
            parts.append(f"{field.label}: {value}")
        return "; ".join(str(p) for p in parts)

    def render_to_response(self, context, **kwargs):
        if self.request.GET.get(self.export_trigger_param) == "pdf":
            table = self.get_table(**self.get_table_kwargs())
            return table_pdf_response(
                table=table, title=self.title, subtitle=self.filter_summary(), school=self.school,
                request=self.request, filename=self.get_export_filename("pdf"), landscape=self.pdf_landscape,
            )
        return super().render_to_response(context, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("_export", None)
        exports = []
        for fmt in self.export_formats:
            q = query.copy()
            q["_export"] = fmt
            exports.append({"format": fmt.upper(), "url": f"?{q.urlencode()}"})
        # the paginator has counted the rows already: no second COUNT query
        paginator = getattr(context.get("table"), "paginator", None)
        if paginator is not None:
            total = paginator.count
        else:
            total = self.object_list.count() if hasattr(self.object_list, "count") else None
        context.update({"title": self.title, "exports": exports, "school": self.school, "total": total})
        return context
