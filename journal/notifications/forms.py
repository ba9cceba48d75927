from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Event, Mode, RecipientSettings


class PreferencesForm(forms.ModelForm):
    """Per event a mode; the digest hour and day; quiet hours; the channels; the language."""

    language = forms.ChoiceField(label=_("Language of the notifications"),
                                 choices=[("ky", "Кыргызча"), ("ru", "Русский")])

    class Meta:
        model = RecipientSettings
        fields = ["email_enabled", "telegram_enabled", "push_enabled", "digest_hour", "digest_weekday",
                  "quiet_from", "quiet_to"]
        widgets = {
            "quiet_from": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_to": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "digest_hour": forms.Select(choices=[(h, f"{h:02d}:00") for h in range(24)]),
        }

    def __init__(self, *args, modes, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = language
        for event, label in Event.choices:
            self.fields[f"mode_{event}"] = forms.ChoiceField(label=label, choices=Mode.choices,
                                                             initial=modes.get(event, Mode.INSTANT))

    def clean_digest_hour(self):
        hour = self.cleaned_data["digest_hour"]
        if not 0 <= hour <= 23:
            raise forms.ValidationError(_("Choose an hour from 0 to 23."))
        return hour

    def clean(self):
        data = super().clean()
        if bool(data.get("quiet_from")) != bool(data.get("quiet_to")):
            raise forms.ValidationError(_("Give both the start and the end of the quiet hours, or neither."))
        return data

    def modes(self):
        return {event: self.cleaned_data[f"mode_{event}"] for event in Event.values}

    def mode_fields(self):
        return [self[f"mode_{event}"] for event in Event.values]
