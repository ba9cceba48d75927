"""Writes of the query constructor: saving a query under a name (or replacing one of the same
name), sharing it within the school, deleting it. Only the description is kept (the
constructor's parameters, as checked by forms.QueryForm), never rows."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..forms import FILTER_ROWS
from ..models import SavedQuery

SPEC_KEYS = ("dataset", "fields", "group_by", "aggregates", "sort",
             *[f"f{n}_{part}" for n in range(1, FILTER_ROWS + 1) for part in ("field", "op", "value")])


def spec_from_params(params):
    """The constructor's parameters worth keeping (lists of strings), from a QueryDict or dict."""
    spec = {}
    for key in SPEC_KEYS:
        values = params.getlist(key) if hasattr(params, "getlist") else params.get(key, [])
        values = [values] if isinstance(values, str) else list(values)
        values = [v for v in values if v not in ("", None)]
        if values:
            spec[key] = values
    return spec


@transaction.atomic
def saved_query_save(*, school, owner, name, params, shared=False):
    """Save the checked query under `name` for `owner` (the same name replaces it)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the query a name."))
    spec = spec_from_params(params)
    dataset = spec.get("dataset", [""])[0]
    query, _created = SavedQuery.objects.select_for_update().get_or_create(
        school=school, owner=owner, name=name, defaults={"dataset": dataset, "spec": spec, "shared": shared})
    query.dataset, query.spec, query.shared = dataset, spec, shared
    query.full_clean()
    query.save()
    return query


@transaction.atomic
def saved_query_delete(*, query):
    query.delete()
