"""Forms of the register (people, classes, school set-up, consent, logins, import, the movement book,
the new school year). Validation only: the
writes go through journal.register.services.

Edit forms carry the version of the record they were opened on: if someone else saved the
record meanwhile, the form says so instead of silently overwriting (and keeps what was typed).
"""

import hashlib

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal import collation
from portal.phones import phone_normalize

from .imports.reader import FORMATS, MAX_FILE_BYTES
from .models import (
    ClassGroup,
    Consent,
    Guardian,
    Holiday,
    MovementKind,
    MovementReason,
    MovementRecord,
    Relation,
    Sex,
    StaffMember,
    Student,
    StudentStatus,
    StudyPeriod,
    Subject,
    TeachingAssignment,
)
from .models.people import pin_mismatches
from .services.movement import ARRIVAL_REASONS, DEPARTURE_REASONS
from .services.people import (
    GUARDIAN_PERSONAL_FIELDS,
    STAFF_PERSONAL_FIELDS,
    STUDENT_PERSONAL_FIELDS,
    clean_person_name,
)
from .services.school import SCHEME_HALVES, SCHEME_QUARTERS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def record_version(instance):
    """A short fingerprint of a saved record's values."""
    values = [repr(getattr(instance, f.attname)) for f in instance._meta.concrete_fields]
    return hashlib.sha1("|".join(values).encode()).hexdigest()[:16]


class VersionedModelForm(forms.ModelForm):
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._current_version = record_version(self.instance) if self.instance.pk else ""
        self.initial["version"] = self._current_version

    def clean(self):
        data = super().clean()
        sent = self.data.get(self.add_prefix("version"), "")
        if self.instance.pk and sent and sent != self._current_version:
            raise ValidationError(
                _("Someone else changed this record while you were editing it. Check the current values below "
                  "(your input is kept) and save again."),
                code="conflict",
            )
        return data

    def refresh_version(self):
        """After a conflict, the next save compares against the record as it is now."""
        data = self.data.copy()
        data[self.add_prefix("version")] = self._current_version
        self.data = data


class PersonNameMixin:
    """Names are saved trimmed, with single spaces (the services do the same for every write)."""

    def clean_last_name(self):
        return clean_person_name(self.cleaned_data.get("last_name"))

    def clean_first_name(self):
        return clean_person_name(self.cleaned_data.get("first_name"))

    def clean_patronymic(self):
        return clean_person_name(self.cleaned_data.get("patronymic"))


class PhoneFieldsMixin:
    """Phone numbers checked and stored as +996555123456 (shown as +996 555 123 456)."""

    def _clean_phone_field(self, name):
        return phone_normalize(self.cleaned_data.get(name))

    def clean_phone(self):
        return self._clean_phone_field("phone")

    def clean_phone2(self):
        return self._clean_phone_field("phone2")


class PersonalFieldsMixin(PersonNameMixin):
    """Drops the personal fields when the user may not see them (no consent, R-I15)."""

    personal_fields = ()

    def drop_personal(self):
        for name in self.personal_fields:
            self.fields.pop(name, None)


class StudentForm(PersonalFieldsMixin, VersionedModelForm):
    personal_fields = STUDENT_PERSONAL_FIELDS

    class Meta:
        model = Student
        fields = ["last_name", "first_name", "patronymic", "sex", "birth_date", "pin", "address", "class_group",
                  "enrolled_on"]
        widgets = {"birth_date": DATE, "enrolled_on": DATE,
                   "pin": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 14, "autocomplete": "off"})}

    pin_confirmed = forms.BooleanField(
        label=_("The PIN is correct: save it although it does not match the sex or the birth date"),
        required=False, widget=forms.HiddenInput,
    )

    def __init__(self, *args, classes=None, show_personal=True, allow_class=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.pin_warnings = []
        if not show_personal:
            self.drop_personal()
            self.fields.pop("pin_confirmed")
        if allow_class and classes is not None:
            self.fields["class_group"].queryset = classes
            self.fields["class_group"].required = True
        else:
            self.fields.pop("class_group")

    def clean(self):
        data = super().clean()
        if "pin" in self.fields:
            warn_about_pin(self, data.get("pin"), data.get("sex"), data.get("birth_date"))
        data.pop("pin_confirmed", None)  # not a field of the record
        return data


def warn_about_pin(form, pin, sex, birth_date):
    """A PIN that disagrees with the sex or birth date stops the save once, with a warning and a
    tick box «the PIN is correct»; ticked, the record is saved as entered (the deputy overrides)."""
    form.pin_warnings = pin_mismatches(pin, sex, birth_date)
    if form.pin_warnings and not form.cleaned_data.get("pin_confirmed"):
        form.fields["pin_confirmed"].widget = forms.CheckboxInput()
        for warning in form.pin_warnings:
            form.add_error("pin", ValidationError(warning, code="pin_mismatch"))


class GuardianForm(PhoneFieldsMixin, PersonalFieldsMixin, VersionedModelForm):
    personal_fields = GUARDIAN_PERSONAL_FIELDS

    class Meta:
        model = Guardian
        fields = ["last_name", "first_name", "patronymic", "phone", "phone2", "email", "workplace"]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
                   "phone2": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"})}

    def __init__(self, *args, show_personal=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_personal:
            self.drop_personal()


class GuardianAddForm(GuardianForm):
    relation = forms.ChoiceField(label=_("Relation"), choices=Relation.choices)

    field_order = ["relation", "last_name", "first_name", "patronymic", "phone", "phone2", "email", "workplace"]


class RelationForm(forms.Form):
    relation = forms.ChoiceField(label=_("Relation"), choices=Relation.choices)


class StaffForm(PhoneFieldsMixin, PersonalFieldsMixin, VersionedModelForm):
    personal_fields = STAFF_PERSONAL_FIELDS

    class Meta:
        model = StaffMember
        fields = [
            "last_name", "first_name", "patronymic", "position", "extra_positions", "subjects", "education_level",
            "education_ky", "education_ru", "qualification", "specialty_ky", "specialty_ru", "training_ky",
            "training_ru", "publications", "total_experience", "specialty_experience", "phone", "email", "photo",
            "hired_on", "is_teaching", "is_public", "is_active",
        ]
        widgets = {
            "subjects": forms.CheckboxSelectMultiple,
            "hired_on": DATE,
            "education_ky": forms.Textarea(attrs={"rows": 2}), "education_ru": forms.Textarea(attrs={"rows": 2}),
            "training_ky": forms.Textarea(attrs={"rows": 3}), "training_ru": forms.Textarea(attrs={"rows": 3}),
            "publications": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, school, show_personal=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subjects"].queryset = Subject.objects.filter(school=school).order_by("order", "name_ky")
        if not show_personal:
            self.drop_personal()

    def clean(self):
        data = super().clean()
        total, specialty = data.get("total_experience"), data.get("specialty_experience")
        if total is not None and specialty is not None and specialty > total:
            self.add_error("specialty_experience", _("Experience in the specialty cannot exceed the total experience."))
        return data


class ConsentForm(forms.ModelForm):
    MAX_UPLOAD = 10 * 1024 * 1024
    ALLOWED = (".pdf", ".jpg", ".jpeg", ".png")

    class Meta:
        model = Consent
        fields = ["given_by", "given_by_relation", "given_on", "scope", "document"]
        widgets = {"given_on": DATE}
        help_texts = {"document": _("PDF, JPG or PNG, up to 10 MB. Stored privately, never published.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_on"].initial = timezone.localdate()

    def clean_given_on(self):
        value = self.cleaned_data["given_on"]
        if value and value > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return value

    def clean_document(self):
        doc = self.cleaned_data.get("document")
        if doc and hasattr(doc, "size"):
            if doc.size > self.MAX_UPLOAD:
                raise ValidationError(_("The file is larger than 10 MB."))
            if not doc.name.lower().endswith(self.ALLOWED):
                raise ValidationError(_("Upload a PDF, JPG or PNG file."))
        return doc


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DATE)

    def __init__(self, *args, consent, **kwargs):
        super().__init__(*args, **kwargs)
        self.consent = consent
        self.fields["withdrawn_on"].initial = timezone.localdate()

    def clean_withdrawn_on(self):
        value = self.cleaned_data["withdrawn_on"]
        if value < self.consent.given_on:
            raise ValidationError(_("Consent cannot be withdrawn before it was given."))
        return value


class ClassForm(VersionedModelForm):
    class Meta:
        model = ClassGroup
        fields = ["grade", "letter", "language", "class_teacher", "room"]

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["class_teacher"].queryset = StaffMember.objects.filter(school=school, is_active=True).order_by(
            "sort_key")


class AssignmentForm(VersionedModelForm):
    class Meta:
        model = TeachingAssignment
        fields = ["subject", "teacher", "subgroup", "hours_per_week"]

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = Subject.objects.filter(school=school).order_by("order", "name_ky")
        self.fields["teacher"].queryset = StaffMember.objects.filter(school=school, is_active=True).order_by(
            "sort_key")
        self.fields["subgroup"].widget = forms.Select(choices=[(0, _("whole class")), (1, "1"), (2, "2"), (3, "3")])


class YearCreateForm(forms.Form):
    start_year = forms.IntegerField(label=_("The year starts on 1 September of"), min_value=2000, max_value=2100)
    upper_scheme = forms.ChoiceField(
        label=_("Grades 10–11 study in"),
        choices=[(SCHEME_HALVES, _("half-years")), (SCHEME_QUARTERS, _("quarters"))],
    )
    make_current = forms.BooleanField(label=_("Make it the current year"), required=False)


class UpperSchemeForm(forms.Form):
    scheme = forms.ChoiceField(
        label=_("Grades 10–11 study in"),
        choices=[(SCHEME_HALVES, _("half-years")), (SCHEME_QUARTERS, _("quarters"))],
    )


class PeriodForm(VersionedModelForm):
    class Meta:
        model = StudyPeriod
        fields = ["start", "end"]
        widgets = {"start": DATE, "end": DATE}


class HolidayForm(forms.ModelForm):
    class Meta:
        model = Holiday
        fields = ["name", "name_ru", "start", "end", "grade_from", "grade_to"]
        widgets = {"start": DATE, "end": DATE}


class SubjectForm(VersionedModelForm):
    class Meta:
        model = Subject
        fields = ["name_ky", "name_ru", "short_ky", "short_ru", "order"]


class IssueLoginsForm(forms.Form):
    """Who gets a login now: the class's students and parents (those without one are ticked)."""

    students = forms.ModelMultipleChoiceField(queryset=Student.objects.none(), required=False,
                                              widget=forms.CheckboxSelectMultiple)
    guardians = forms.ModelMultipleChoiceField(queryset=Guardian.objects.none(), required=False,
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, students, guardians, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["students"].queryset = Student.objects.filter(pk__in=[s.pk for s in students])
        self.fields["guardians"].queryset = Guardian.objects.filter(pk__in=[g.pk for g in guardians])
        self.fields["students"].initial = [s.pk for s in students if not s.user_id]
        self.fields["guardians"].initial = [g.pk for g in guardians if not g.user_id]

    def clean(self):
        data = super().clean()
        if not data.get("students") and not data.get("guardians"):
            raise ValidationError(_("Tick at least one person."))
        return data


class SlipsForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    language = forms.ChoiceField(label=_("Language of the slips"),
                                 choices=[("ky", "Кыргызча"), ("ru", "Русский")], widget=forms.RadioSelect)


# Forms of the import pages, the movement book and the new school year.
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


class SearchableSelect(forms.Select):
    """A select of many options (the school's students) that one types into to search: Tom Select
    (static/vendor/tom-select) over the plain <select>, which still works without JavaScript.
    Render ``{{ form.media }}`` on the page."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-searchable": "1", **(attrs or {})}, choices)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].setdefault("data-no-results", str(_("Nobody found: type another part of the name.")))
        context["widget"]["attrs"].setdefault("data-placeholder", str(_("Type a surname or a name")))
        return context

    class Media:
        css = {"all": ["vendor/tom-select/tom-select.min.css", "css/searchable-select.css"]}
        js = ["vendor/tom-select/tom-select.complete.min.js", "js/searchable-select.js"]


class StudentChoiceField(forms.ChoiceField):
    """A student chosen from an access-filtered queryset (a guessed id is simply not valid),
    in a select one can type into."""

    widget = SearchableSelect

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
            .select_related("class_group").order_by("class_group__grade", "class_group__letter", "sort_key"))


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


class ArrivalForm(PersonNameMixin, _OrderFields):
    returning = forms.ModelChoiceField(
        label=_("A student who left earlier comes back"), queryset=Student.objects.none(), required=False,
        widget=SearchableSelect,
        help_text=_("Leave empty for a new student and fill in the fields below."),
    )
    last_name = forms.CharField(label=_("Surname"), max_length=100, required=False)
    first_name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=100, required=False)
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
    field_order = ["returning", *new_student_fields, "pin_confirmed", *place_fields]

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["class_group"].queryset = classes_queryset(school)
        self.fields["returning"].queryset = (
            Student.objects.filter(school=school).exclude(status=StudentStatus.STUDYING).order_by("sort_key")
        )
        self.fields["returning"].label_from_instance = (
            lambda s: f"{s.full_name} ({s.left_on:%d.%m.%Y})" if s.left_on else s.full_name
        )

    def who_fields(self):
        names = ["returning", *self.new_student_fields]
        if not self.fields["pin_confirmed"].widget.is_hidden:  # shown after a PIN warning
            names.append("pin_confirmed")
        return [self[name] for name in names]

    def where_fields(self):
        return [self[name] for name in self.place_fields]

    pin_confirmed = forms.BooleanField(
        label=_("The PIN is correct: save it although it does not match the sex or the birth date"),
        required=False, widget=forms.HiddenInput,
    )

    def clean(self):
        data = super().clean()
        if not data.get("returning"):
            for name in ("last_name", "first_name", "sex"):
                if not data.get(name):
                    self.add_error(name, _("This field is required for a new student."))
            warn_about_pin(self, (data.get("pin") or "").strip(), data.get("sex"), data.get("birth_date"))
        return data

    def new_student(self):
        data = self.cleaned_data
        return Student(last_name=clean_person_name(data["last_name"]), first_name=clean_person_name(data["first_name"]),
                       patronymic=clean_person_name(data["patronymic"]), birth_date=data["birth_date"], sex=data["sex"],
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
    q = django_filters.CharFilter(label=pgettext_lazy("person", "Name"), method="filter_name")

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
            queryset = queryset.filter(student__name_key__contains=collation.fold(part))
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
    first_grade_letters = forms.CharField(
        label=_("Letters of the new grade 1 classes"), max_length=60, required=False,
        help_text=_("One letter per class, separated by spaces, e.g. «А Б В». Empty: no new grade 1 classes."))
