"""The constructor's form: every name sent is checked against the dataset's declaration, every
filter value parsed by the field's kind with a translated message on error."""

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .selectors.datasets import AGGREGATES, CHOICE, CLASS, DATASETS, DATE, INT, OPERATORS, parse_class

FILTER_ROWS = 3


@dataclass
class Query:
    """A checked query: the dataset, and the declared fields, filters, grouping, aggregates, sort."""

    dataset: object
    fields: list
    filters: list = field(default_factory=list)     # (Field, op, parsed value)
    group_by: list = field(default_factory=list)
    aggregates: list = field(default_factory=list)
    sort: str = ""                                   # a column key, "-" in front for descending

    @property
    def grouped(self):
        return bool(self.group_by)


def parse_filter_value(fld, raw):
    """The value of a filter on `fld`, parsed with Django's own (translated) validation."""
    raw = (raw or "").strip()
    if fld.kind == INT:
        return forms.IntegerField().clean(raw)
    if fld.kind == DATE:
        return forms.DateField(input_formats=["%Y-%m-%d", "%d.%m.%Y"]).clean(raw)
    if fld.kind == CHOICE:
        by_label = {str(label).casefold(): value for value, label in fld.choices.choices}
        raw = by_label.get(raw.casefold(), raw)
        return forms.ChoiceField(choices=fld.choices.choices).clean(raw)
    if fld.kind == CLASS:
        parsed = parse_class(raw)
        if parsed is None:
            raise ValidationError(_("Write the class as a number and a letter, for example 5А."))
        return parsed
    if not raw:
        raise ValidationError(forms.Field.default_error_messages["required"])
    return raw


class QueryForm(forms.Form):
    dataset = forms.ChoiceField(label=_("Dataset"))
    fields = forms.MultipleChoiceField(label=_("Fields"), required=False, widget=forms.CheckboxSelectMultiple)
    group_by = forms.MultipleChoiceField(label=_("Group by"), required=False, widget=forms.CheckboxSelectMultiple)
    aggregates = forms.MultipleChoiceField(label=_("Aggregates"), required=False, widget=forms.CheckboxSelectMultiple)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, data=None, *, dataset_key=None, **kwargs):
        """`dataset_key`: an unbound form for that dataset (when the user switched datasets)."""
        super().__init__(data, **kwargs)
        self.fields["dataset"].choices = [(d.key, d.label) for d in DATASETS.values()]
        key = (data or {}).get("dataset") or dataset_key or next(iter(DATASETS))
        self.dataset = DATASETS.get(key) or next(iter(DATASETS.values()))
        self.initial["dataset"] = self.dataset.key
        ds = self.dataset
        self.fields["fields"].choices = [(f.key, f.label) for f in ds.fields]
        self.fields["group_by"].choices = [(f.key, f.label) for f in ds.fields if not f.personal]
        self.fields["aggregates"].choices = [(a, AGGREGATES[a]) for a in ds.aggregates]
        sortable = [(f.key, f.label) for f in ds.fields if not f.personal] + [(a, AGGREGATES[a]) for a in ds.aggregates]
        self.fields["sort"].choices = [("", "—")] + [
            choice for key_, label in sortable
            for choice in ((key_, f"{label} ↑"), (f"-{key_}", f"{label} ↓"))
        ]
        filterable = [("", "—")] + [(f.key, f.label) for f in ds.fields if f.operators]
        operators = [(k, v) for k, v in OPERATORS.items()]
        for n in range(1, FILTER_ROWS + 1):
            self.fields[f"f{n}_field"] = forms.ChoiceField(label=_("Filter"), choices=filterable, required=False)
            self.fields[f"f{n}_op"] = forms.ChoiceField(label=_("Condition"), choices=operators, required=False)
            self.fields[f"f{n}_value"] = forms.CharField(label=_("Value"), required=False, max_length=200)
        if not (data or {}).get("fields") and not (data or {}).get("group_by"):
            self.initial.setdefault("fields", list(ds.default_fields))

    def filter_rows(self):
        return [(self[f"f{n}_field"], self[f"f{n}_op"], self[f"f{n}_value"]) for n in range(1, FILTER_ROWS + 1)]

    def clean(self):
        data = super().clean()
        ds = self.dataset
        if data.get("dataset") and data["dataset"] != ds.key:
            raise ValidationError(_("Unknown dataset."))
        fields_ = ds.field_map
        filters = []
        for n in range(1, FILTER_ROWS + 1):
            key, op, raw = data.get(f"f{n}_field"), data.get(f"f{n}_op") or "eq", data.get(f"f{n}_value")
            if not key:
                continue
            fld = fields_[key]
            if op not in fld.operators:
                self.add_error(f"f{n}_op", gettext("The condition «%(op)s» cannot be used with «%(field)s».")
                               % {"op": OPERATORS.get(op, op), "field": fld.label})
                continue
            try:
                filters.append((fld, op, parse_filter_value(fld, raw)))
            except ValidationError as error:
                self.add_error(f"f{n}_value", [
                    gettext("%(field)s: %(message)s") % {"field": fld.label, "message": message}
                    for message in error.messages
                ])
        chosen = data.get("fields") or ([] if data.get("group_by") else list(ds.default_fields))
        group = list(data.get("group_by", []))
        aggregates = list(data.get("aggregates", [])) or (["count"] if group else [])
        sort = data.get("sort") or ""
        sort_key = sort.lstrip("-")
        if sort_key in AGGREGATES and not group:
            self.add_error("sort", _("Sorting by an aggregate needs a grouping."))
        elif sort_key in AGGREGATES and sort_key not in aggregates:
            self.add_error("sort", _("Choose the aggregate you sort by."))
        elif sort_key and group and sort_key not in AGGREGATES and sort_key not in group:
            self.add_error("sort", _("With a grouping, sort by a grouped field or an aggregate."))
        self.query = Query(
            dataset=ds,
            fields=[fields_[k] for k in chosen],
            filters=filters,
            group_by=[fields_[k] for k in group],
            aggregates=aggregates,
            sort=sort,
        )
        return data


class SaveQueryForm(forms.Form):
    name = forms.CharField(label=_("Name of the query"), max_length=150)
    shared = forms.BooleanField(label=_("Share within the school"), required=False)
