"""Forms of the import pages, the movement book and the new school year."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from journal.imports.reader import FORMATS, MAX_FILE_BYTES
from journal.models import ClassGroup, MovementKind, MovementReason, MovementRecord, Sex, Student, StudentStatus
from journal.services.movement import ARRIVAL_REASONS, DEPARTURE_REASONS

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label, required=True, **kwargs):
    return forms.DateField(label=label, required=required, widget=DateInput(), input_formats=DATE_FORMATS, **kwargs)


def _reason_choices(values):
    return [(v, MovementReason(v).label) for v in values]


def grouped_student_choices(students):
    """[(class, [(id, name), ...]), ...] for a <select> with one group per class."""
    groups, order = {}, []
    for student in students:
        label = str(student.class_group) if student.class_group_id else str(_("Without a class"))
        if label not in groups:
            groups[label] = []
            order.append(label)
        groups[label].append((str(student.pk), student.full_name))
    return [("", "—")] + [(label, groups[label]) for label in order]


class StudentChoiceField(forms.ChoiceField):
    """A student chosen from an access-filtered queryset (a guessed id is simply not valid)."""

    def __init__(self, *, queryset, **kwargs):
        self.queryset = queryset
        super().__init__(choices=grouped_student_choices(queryset), **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        student = self.queryset.filter(pk=value).first()
        if student is None:
            raise forms.ValidationError(_("Choose a student from the list."))
        return student


def classes_queryset(school):
    return (ClassGroup.objects.filter(school=school, year__is_current=True)
            .select_related("year").order_by("grade", "letter"))


def studying_students(school):
    return (Student.objects.filter(school=school, status=StudentStatus.STUDYING)
            .select_related("class_group").order_by("class_group__grade", "class_group__letter", "last_name",
                                                     "first_name"))


# --- import ------------------------------------------------------------------------------------

class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("XLSX or CSV, at most 10 MB. Download the template and keep its header row."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(FORMATS)}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        name = file.name.lower()
        if not name.endswith(FORMATS):
            raise forms.ValidationError(_("Upload an XLSX or CSV file."))
        if file.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than %(size)s MB.") % {"size": MAX_FILE_BYTES // 2**20})
        return file


# --- movement book -------------------------------------------------------------------------------

class _OrderFields(forms.Form):
    order_number = forms.CharField(label=_("Order number"), max_length=50, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ArrivalForm(_OrderFields):
    returning = forms.ModelChoiceField(
        label=_("A student who left earlier comes back"), queryset=Student.objects.none(), required=False,
        help_text=_("Leave empty for a new student and fill in the fields below."),
    )
    last_name = forms.CharField(label=_("Surname"), max_length=100, required=False)
    first_name = forms.CharField(label=_("Name"), max_length=100, required=False)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=100, required=False)
    birth_date = date_field(_("Birth date"), required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    pin = forms.CharField(label=_("Personal number (PIN)"), max_length=14, required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    class_group = forms.ModelChoiceField(label=_("Class"), queryset=ClassGroup.objects.none())
    date = date_field(_("Date of arrival"))
    reason = forms.ChoiceField(label=_("Reason"), choices=_reason_choices(ARRIVAL_REASONS),
                               initial=MovementReason.FROM_SCHOOL)
    other_school = forms.CharField(label=_("From which school"), max_length=255, required=False)
    region = forms.CharField(label=_("Region or country"), max_length=255, required=False)

    new_student_fields = ("last_name", "first_name", "patronymic", "birth_date", "sex", "pin", "address")
    place_fields = ("class_group", "date", "reason", "order_number", "other_school", "region", "note")
    field_order = ["returning", *new_student_fields, *place_fields]

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["class_group"].queryset = classes_queryset(school)
        self.fields["returning"].queryset = (
            Student.objects.filter(school=school).exclude(status=StudentStatus.STUDYING).order_by("last_name", "first_name")
        )
        self.fields["returning"].label_from_instance = (
            lambda s: f"{s.full_name} ({s.left_on:%d.%m.%Y})" if s.left_on else s.full_name
        )

    def who_fields(self):
        return [self[name] for name in ("returning", *self.new_student_fields)]

    def where_fields(self):
        return [self[name] for name in self.place_fields]

    def clean(self):
        data = super().clean()
        if not data.get("returning"):
            for name in ("last_name", "first_name", "sex"):
                if not data.get(name):
                    self.add_error(name, _("This field is required for a new student."))
        return data

    def new_student(self):
        data = self.cleaned_data
        return Student(last_name=data["last_name"].strip(), first_name=data["first_name"].strip(),
                       patronymic=data["patronymic"].strip(), birth_date=data["birth_date"], sex=data["sex"],
                       pin=data["pin"].strip(), address=data["address"].strip())


class DepartureForm(_OrderFields):
    date = date_field(_("Date of departure"))
    reason = forms.ChoiceField(label=_("Reason"), choices=_reason_choices(DEPARTURE_REASONS),
                               initial=MovementReason.OTHER_SCHOOL)
    other_school = forms.CharField(label=_("To which school"), max_length=255, required=False)
    region = forms.CharField(label=_("Region or country"), max_length=255, required=False)

    field_order = ["student", "date", "reason", "order_number", "other_school", "region", "note"]

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"] = StudentChoiceField(label=_("Student"), queryset=studying_students(school))
        self.order_fields(self.field_order)


class TransferForm(_OrderFields):
    date = date_field(_("Date of transfer"))
    class_group = forms.ModelChoiceField(label=_("To class"), queryset=ClassGroup.objects.none())

    field_order = ["student", "class_group", "date", "order_number", "note"]

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"] = StudentChoiceField(label=_("Student"), queryset=studying_students(school))
        self.fields["class_group"].queryset = classes_queryset(school)
        self.order_fields(self.field_order)


class MovementFilterSet(django_filters.FilterSet):
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"), widget=DateInput())
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("To"), widget=DateInput())
    kind = django_filters.ChoiceFilter(choices=MovementKind.choices, label=_("Kind"), empty_label=_("All"))
    reason = django_filters.ChoiceFilter(choices=MovementReason.choices, label=_("Reason"), empty_label=_("All"))
    class_group = django_filters.ModelChoiceFilter(queryset=ClassGroup.objects.none(), label=_("Class"),
                                                   method="filter_class", empty_label=_("All"))
    q = django_filters.CharFilter(label=_("Name"), method="filter_name")

    class Meta:
        model = MovementRecord
        fields = []

    def __init__(self, *args, classes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["class_group"].queryset = classes.select_related("year").order_by("-year__start", "grade", "letter")
        self.filters["class_group"].field.label_from_instance = lambda c: f"{c} ({c.year.name})"

    def filter_class(self, queryset, name, value):
        return queryset.filter(Q(class_from=value) | Q(class_to=value))

    def filter_name(self, queryset, name, value):
        for part in value.split():
            queryset = queryset.filter(Q(student__last_name__icontains=part) | Q(student__first_name__icontains=part))
        return queryset


class ReportPeriodForm(forms.Form):
    start = date_field(_("From"))
    end = date_field(_("To"))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end of the period is before its start."))
        return data


class YearTransitionForm(forms.Form):
    to_name = forms.CharField(label=_("New academic year"), max_length=20)
    to_start = date_field(_("Starts on"))
    to_end = date_field(_("Ends on"))
    order_date = date_field(_("Date of the order"),
                            help_text=_("The date of the promotion and graduation records in the movement book."))
    order_number = forms.CharField(label=_("Order number"), max_length=50, required=False)
