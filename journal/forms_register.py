"""Forms of the register (people, classes, school set-up, consent, logins). Validation only: the
writes go through journal.services.

Edit forms carry the version of the record they were opened on: if someone else saved the
record meanwhile, the form says so instead of silently overwriting (and keeps what was typed).
"""

import hashlib

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    ClassGroup,
    Consent,
    Guardian,
    Holiday,
    Relation,
    StaffMember,
    Student,
    StudyPeriod,
    Subject,
    TeachingAssignment,
)
from .services.people import GUARDIAN_PERSONAL_FIELDS, STAFF_PERSONAL_FIELDS, STUDENT_PERSONAL_FIELDS
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


class PersonalFieldsMixin:
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

    def __init__(self, *args, classes=None, show_personal=True, allow_class=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_personal:
            self.drop_personal()
        if allow_class and classes is not None:
            self.fields["class_group"].queryset = classes
            self.fields["class_group"].required = True
        else:
            self.fields.pop("class_group")


class GuardianForm(PersonalFieldsMixin, VersionedModelForm):
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


class StaffForm(PersonalFieldsMixin, VersionedModelForm):
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
            "last_name", "first_name")


class AssignmentForm(VersionedModelForm):
    class Meta:
        model = TeachingAssignment
        fields = ["subject", "teacher", "subgroup", "hours_per_week"]

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = Subject.objects.filter(school=school).order_by("order", "name_ky")
        self.fields["teacher"].queryset = StaffMember.objects.filter(school=school, is_active=True).order_by(
            "last_name", "first_name")
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
        fields = ["name", "start", "end", "grade_from", "grade_to"]
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
