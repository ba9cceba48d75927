"""django-filter filtersets of the register lists. Choices of classes and subjects come from the
access policy (a teacher is offered only the classes they see)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal import access, collation

from .models import (
    ClassGroup,
    Guardian,
    Language,
    Position,
    QualificationCategory,
    StaffMember,
    Student,
    StudentStatus,
    Subject,
)
from .selectors import current_year

YES_NO = (("yes", _("yes")), ("no", _("no")))


class FastSelect(forms.Select):
    """forms.Select written out in Python: the HTML of Django's select.html, select_option.html
    and attrs.html (the tests compare the two), without two template includes per option — the
    filters of a register list have dozens of options (every class of the school) on every
    request. A subclass with other templates renders through them as usual."""

    def render(self, name, value, attrs=None, renderer=None):
        if (self.template_name, self.option_template_name) != (forms.Select.template_name,
                                                                forms.Select.option_template_name):
            return super().render(name, value, attrs, renderer)
        widget = self.get_context(name, value, attrs)["widget"]
        out = [f'<select name="{_shown(widget["name"])}"{_attrs_html(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                out.append(f'\n  <optgroup label="{_shown(group_name)}">')
            for option in options:
                out.append(f'\n  <option value="{_formatted(option["value"])}"{_attrs_html(option["attrs"])}>'
                           f'{_shown(option["label"])}</option>\n')
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return mark_safe("".join(out))


def _shown(value):
    """{{ value }} in a template: localized, as text, escaped unless safe."""
    value = localize(value)
    return conditional_escape(value if isinstance(value, str) else str(value))


def _formatted(value):
    """{{ value|stringformat:'s' }} in a template."""
    return conditional_escape(value) if isinstance(value, SafeData) else escape(str(value))


def _attrs_html(attrs):
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {_shown(name)}" if value is True else f' {_shown(name)}="{_formatted(value)}"'
        for name, value in attrs.items() if value is not False
    )


def _school(request):
    return access.school_for_request(request)


def _visible_classes(request):
    if request is None:
        return ClassGroup.objects.none()
    school = _school(request)
    return access.classes_visible(request.user, school).filter(year=current_year(school)).order_by("grade", "letter")


def _subjects(request):
    if request is None:
        return Subject.objects.none()
    return Subject.objects.filter(school=_school(request)).order_by("order", "name_ky")


def _search_names(queryset, value, extra=()):
    condition = Q()
    for word in value.split():
        # name_key is the case-folded name: Cyrillic matches regardless of case on SQLite too
        word_q = Q(name_key__contains=collation.fold(word))
        for field in extra:
            word_q |= Q(**{f"{field}__icontains": word})
        condition &= word_q
    return queryset.filter(condition)


class RegisterFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q",
                                  widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Surname or name")}))
    consent = django_filters.ChoiceFilter(label=_("Consent"), choices=YES_NO, method="filter_consent",
                                          empty_label=_("all"), widget=FastSelect)
    login = django_filters.ChoiceFilter(label=_("Login"), choices=YES_NO, method="filter_login", empty_label=_("all"),
                                        widget=FastSelect)

    def filter_q(self, queryset, name, value):
        return _search_names(queryset, value)

    def filter_consent(self, queryset, name, value):
        return queryset.filter(has_consent=value == "yes")

    def filter_login(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(user__isnull=False, user__is_active=True)
        return queryset.filter(Q(user__isnull=True) | Q(user__is_active=False))


class StudentFilterSet(RegisterFilterSet):
    class_group = django_filters.ModelChoiceFilter(label=_("Class"), queryset=_visible_classes, empty_label=_("all"),
                                                   widget=FastSelect)
    grade = django_filters.ChoiceFilter(label=pgettext_lazy("grade level", "Grade"), field_name="class_group__grade",
                                        choices=[(g, g) for g in range(1, 12)], empty_label=_("all"), widget=FastSelect)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=StudentStatus.choices, empty_label=_("all"),
                                         widget=FastSelect)

    class Meta:
        model = Student
        fields = ["q", "class_group", "grade", "status", "consent", "login"]


class GuardianFilterSet(RegisterFilterSet):
    class_group = django_filters.ModelChoiceFilter(label=_("Class of a child"), queryset=_visible_classes,
                                                   method="filter_class", empty_label=_("all"), widget=FastSelect)

    class Meta:
        model = Guardian
        fields = ["q", "class_group", "consent", "login"]

    def filter_class(self, queryset, name, value):
        return queryset.filter(child_links__student__class_group=value).distinct()


class StaffFilterSet(RegisterFilterSet):
    position = django_filters.ChoiceFilter(label=pgettext_lazy("job", "Position"), choices=Position.choices,
                                           empty_label=_("all"), widget=FastSelect)
    subjects = django_filters.ModelChoiceFilter(label=_("Subject"), queryset=_subjects, empty_label=_("all"),
                                                widget=FastSelect)
    qualification = django_filters.ChoiceFilter(label=_("Qualification category"),
                                                choices=QualificationCategory.choices, empty_label=_("all"), widget=FastSelect)
    is_active = django_filters.ChoiceFilter(label=_("Works at the school"), choices=YES_NO, method="filter_active",
                                            empty_label=_("all"), widget=FastSelect)

    class Meta:
        model = StaffMember
        fields = ["q", "position", "subjects", "qualification", "is_active", "consent", "login"]

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "yes")


class ClassFilterSet(django_filters.FilterSet):
    grade = django_filters.ChoiceFilter(label=pgettext_lazy("grade level", "Grade"), choices=[(g, g) for g in range(1, 12)],
                                        empty_label=_("all"), widget=FastSelect)
    language = django_filters.ChoiceFilter(label=_("Language of instruction"), choices=Language.choices,
                                           empty_label=_("all"), widget=FastSelect)

    class Meta:
        model = ClassGroup
        fields = ["grade", "language"]


class VisitFilterForm(forms.Form):
    """The period and the filters of the visits report."""

    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    role = forms.ChoiceField(label=_("Role"), required=False)
    class_group = forms.ModelChoiceField(label=_("Class"), queryset=ClassGroup.objects.none(), required=False,
                                         empty_label=_("all"))
    used = forms.ChoiceField(label=_("Used the system"), required=False,
                             choices=[("", _("all")), ("yes", _("yes")), ("no", _("no"))])

    def __init__(self, *args, classes=None, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("all")), *[(r, r.label) for r in roles]]
        if classes is not None:
            self.fields["class_group"].queryset = classes

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end is before the start."))
        return data
