"""Forms of the planning views: events, lesson generation, bell times, plan import."""

from django import forms
from django.utils.translation import gettext_lazy as _

from journal.register.models import ClassGroup

from .models import SchoolEvent


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class SchoolEventForm(forms.ModelForm):
    classes = forms.ModelMultipleChoiceField(
        label=_("Classes"), queryset=ClassGroup.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for an event of the whole school."),
    )

    class Meta:
        model = SchoolEvent
        fields = ["title_ky", "title_ru", "start", "end", "time", "place", "description"]
        widgets = {"start": DateInput(), "end": DateInput(), "time": TimeInput(),
                   "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, school, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classes"].queryset = ClassGroup.objects.filter(school=school, year=year)
        if self.instance.pk:
            self.fields["classes"].initial = list(self.instance.classes.all())

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end must not be before the start."))
        return data


class GenerateLessonsForm(forms.Form):
    date_from = forms.DateField(label=_("From"), widget=DateInput())
    date_to = forms.DateField(label=_("To"), widget=DateInput())

    def __init__(self, *args, year, **kwargs):
        self.year = year
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if end < start:
                self.add_error("date_to", _("The end must not be before the start."))
            if start < self.year.start or end > self.year.end:
                self.add_error(None, _("The dates must be within the academic year (%(start)s – %(end)s).") % {
                    "start": f"{self.year.start:%d.%m.%Y}", "end": f"{self.year.end:%d.%m.%Y}"})
        return data


class PlanImportForm(forms.Form):
    file = forms.FileField(label=_("XLSX file"), help_text=_("Download the template, fill it in and upload it here."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an Excel workbook (.xlsx)."))
        return upload
