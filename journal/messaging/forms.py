"""Forms of the communication area (thin: the services check access and rules)."""

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from journal.gradebook.views.lessons import HOMEWORK_EXTENSIONS, _validate_size
from portal.roles import Role

from .models import Announcement, Audience, MessagingSettings

ATTACHMENT_VALIDATORS = [FileExtensionValidator(HOMEWORK_EXTENSIONS), _validate_size]


def attachment_field():
    return forms.FileField(label=_("Attachment"), required=False, validators=ATTACHMENT_VALIDATORS,
                           help_text=_("PDF, office documents, pictures; at most 10 MB."))


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Message"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))
    attachment = attachment_field()


class ConversationForm(ReplyForm):
    recipient = forms.TypedChoiceField(label=_("Recipient"), coerce=int)
    subject = forms.CharField(label=_("Message subject"), max_length=200, required=False)

    field_order = ["recipient", "subject", "body", "attachment"]

    def __init__(self, *args, contacts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].choices = [("", "—")] + [
            (u.pk, f"{u.full_name or u.username}" + (f" — {what}" if what else "")) for u, what in contacts]


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("What is wrong with it?"), max_length=500, required=False)


class AnnouncementForm(forms.ModelForm):
    attachment = attachment_field()

    class Meta:
        model = Announcement
        fields = ["title", "body", "audience", "class_group", "grade", "role", "publish_at", "expires_at", "pinned"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 6}),
            "publish_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "expires_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }

    def __init__(self, *args, audiences=(), classes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = [(k, v) for k, v in Audience.choices if k in audiences]
        self.fields["class_group"].queryset = classes
        self.fields["class_group"].required = False
        self.fields["grade"].widget = forms.Select(choices=[("", "—")] + [(n, str(n)) for n in range(1, 12)])
        self.fields["role"].choices = [("", "—")] + list(Role.choices)
        self.fields["publish_at"].required = False
        self.fields["publish_at"].help_text = _("Empty: now.")
        if Audience.GRADE not in audiences:  # a teacher addresses only classes
            del self.fields["grade"], self.fields["role"]


class TopicForm(forms.Form):
    title = forms.CharField(label=_("Topic"), max_length=200)
    body = forms.CharField(label=_("Text"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))


class PostForm(forms.Form):
    body = forms.CharField(label=_("Text"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))


class ModerateForm(forms.Form):
    action = forms.CharField(max_length=12)
    note = forms.CharField(max_length=500, required=False)


class MessagingSettingsForm(forms.ModelForm):
    class Meta:
        model = MessagingSettings
        fields = ["students_may_write", "forum_premoderation", "messages_per_minute"]
