"""django-tables2 tables of the register lists. Each is exported to XLSX and CSV (tablib) and to
PDF (journal.pdf). Personal fields of people without a valid consent are hidden in
the page and in every export alike (PersonalColumn asks the access policy per row)."""

import html
from inspect import signature
from types import SimpleNamespace

import django_tables2 as tables
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from portal.phones import phone_display

from .models import ClassGroup, MovementRecord, Student
from .selectors import HIDDEN

TABLE_TEMPLATE = "journal/register/home/table.html"


class RegisterTable(tables.Table):
    """Base: our responsive template (rows become cards on a phone); `policy` is the request's
    portal.access.PersonalData."""

    def __init__(self, *args, policy=None, **kwargs):
        self.policy = policy
        super().__init__(*args, **kwargs)

    #: values() of a page's rows for `fast_cells`: when set and every visible column has a fast
    #: cell, the page's rows are read as plain values (one query, no model instances)
    fast_values = ()

    def body_html(self):
        """The rows of the page as HTML, cell for cell what django-tables2's template gives
        (the same accessors, render_* methods, empty values and escaping), built in one Python
        pass: the template's loop costs ~0.7 ms a row, too much for a school's 1,000 students on
        one page. The column's signature is looked up once per column, not once per cell.
        Empty when the page has no rows."""
        fast = self._fast_body()
        if fast is not None:
            return fast
        columns = []
        for bound_column in self.columns:
            columns.append((bound_column, _cell_opening(bound_column), _cell_renderer(bound_column)))
        out = []
        for row in self.paginated_rows:
            row_attrs = row.attrs.as_html()
            out.append(f"<tr {row_attrs}>" if row_attrs else "<tr>")
            for bound_column, opening, render in columns:
                cell = row._get_and_render_with(bound_column, render_func=render(row),
                                                default=bound_column.default)
                if bound_column.localize is not None:
                    cell = localize(cell, use_l10n=bound_column.localize)
                out.append(f"{opening}{conditional_escape(localize(cell))}</td>")
            out.append("</tr>")
        return mark_safe("".join(out))

    def fast_cells(self):
        """Column name → cell(row) for the rows `fast_values` reads (a SimpleNamespace of the
        values): the cell's final HTML (rendered, localized, escaped), exactly what
        django-tables2 gives for the model instance (the tests compare every cell). Built once
        per page, so labels, URLs and constant badges are computed once, not once per cell."""
        return {}

    def _fast_body(self):
        """body_html without django-tables2's per-cell machinery, or None when it does not
        apply (no fast_values, a visible column without a fast cell, row attributes or pinned
        rows, data that is not a queryset)."""
        if not self.fast_values or self.row_attrs or any(self.pinned_data.values()):
            return None
        # the page's BoundRows hold the sliced queryset (the whole ordered queryset unpaginated)
        rows = self.page.object_list.data if hasattr(self, "page") else self.data.data
        if not isinstance(rows, QuerySet):
            return None
        fast = self.fast_cells()
        columns = [(_cell_opening(bound_column), fast.get(bound_column.name)) for bound_column in self.columns]
        if any(cell is None for _, cell in columns):
            return None
        out = []
        counter = self._counter  # django-tables2's even/odd row counter
        for values in rows.values(*self.fast_values):
            row = SimpleNamespace(**values)
            out.append('<tr class="odd">' if next(counter) % 2 else '<tr class="even">')
            for opening, cell in columns:
                out.append(f"{opening}{cell(row)}</td>")
            out.append("</tr>")
        return mark_safe("".join(out))

    class Meta:
        template_name = TABLE_TEMPLATE
        attrs = {"class": "table table--register"}
        per_page = 50


def _cell_opening(bound_column):
    """The <td> of a column's cells, as the template writes it."""
    opening = format_html('<td data-label="{}"', bound_column.header)
    extra = bound_column.attrs["td"].as_html()
    return f"{opening} {extra}>" if extra else f"{opening}>"


def _cell_renderer(bound_column):
    """render_func(row) for BoundRow._get_and_render_with: calls the column's render with only
    the arguments it takes (django-tables2 inspects the signature again for every cell)."""
    render = bound_column.render
    parameters = signature(render).parameters
    takes_all = any(p.kind == p.VAR_KEYWORD for p in parameters.values())
    names = [n for n in ("value", "record", "column", "bound_column", "bound_row", "table")
             if takes_all or n in parameters]
    link = bound_column.link

    def for_row(row):
        def call(bc, value=None):
            available = {"value": value, "record": row.record, "column": bc.column, "bound_column": bc,
                         "bound_row": row, "table": row.table}
            kwargs = {name: available[name] for name in names}
            content = render(**kwargs)
            return link(content, **available) if link else content
        return call

    return for_row


class PersonalColumn(tables.Column):
    """A personal field: shown only when the policy allows it for the row's person."""

    def __init__(self, *args, kind, **kwargs):
        self.kind = kind
        kwargs.setdefault("empty_values", ())
        super().__init__(*args, **kwargs)

    def _allowed(self, table, record):
        policy = getattr(table, "policy", None)
        return policy is not None and getattr(policy, self.kind)(record)

    def render(self, value, record, table):
        if not self._allowed(table, record):
            return HIDDEN
        if value in (None, ""):
            return "—"
        if hasattr(value, "strftime"):
            return value.strftime("%d.%m.%Y")
        return value

    def value(self, value, record, table):
        if not self._allowed(table, record):
            return HIDDEN
        if value in (None, ""):
            return ""
        if hasattr(value, "strftime"):
            return value.strftime("%d.%m.%Y")
        return str(value)



class PhoneColumn(PersonalColumn):
    """A personal phone number, printed +996 555 123 456 (stored +996555123456)."""

    def render(self, value, record, table):
        shown = super().render(value, record, table)
        return phone_display(shown) if shown == value else shown

    def value(self, value, record, table):
        shown = super().value(value, record, table)
        return phone_display(shown) if shown == value else shown

class ConsentColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", _("Consent"))
        kwargs.setdefault("empty_values", ())
        super().__init__(*args, **kwargs)

    def render(self, value):
        if value:
            return format_html('<span class="badge badge--ok">{}</span>', gettext("yes"))
        return format_html('<span class="badge badge--missing">{}</span>', gettext("no consent"))

    def value(self, value):
        return gettext("yes") if value else gettext("no")


class LoginColumn(tables.Column):
    """Whether the person has an active login (and its username in exports)."""

    ACTIVE = '<span class="badge badge--ok">{}</span>'  # the username

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", _("Login"))
        kwargs.setdefault("empty_values", ())
        kwargs.setdefault("accessor", "user")
        kwargs.setdefault("orderable", False)
        super().__init__(*args, **kwargs)

    def render(self, value):
        if value is None:
            return "—"
        if not value.is_active:
            return format_html('<span class="badge">{}</span>', gettext("deactivated"))
        return format_html(self.ACTIVE, value.username)

    def value(self, value):
        if value is None:
            return ""
        return value.username if value.is_active else f"{value.username} ({gettext('deactivated')})"


def _url_around_pk(url_name):
    """The escaped parts of `url_name`'s URL before and after its pk (one reverse() per page)."""
    marker = 987654321
    head, tail = reverse(url_name, args=[marker]).split(str(marker))
    return escape(head), escape(tail)


def _choice_labels(model, field_name):
    """value → escaped label of a choices field in the active language, as get_FOO_display()
    gives it."""
    return {value: _html(label) for value, label in model._meta.get_field(field_name).flatchoices}


def _html(text):
    """django.utils.html.escape (the same characters) without its lazy-string wrapper, for the
    cells of long lists: the result is marked safe with the whole table body."""
    return html.escape(str(text))


def _name_link(url_name, record):
    return format_html('<a href="{}">{}</a>', reverse(url_name, args=[record.pk]), record.full_name)


class StudentTable(RegisterTable):
    full_name = tables.Column(verbose_name=_("Full name"), order_by=("sort_key",),
                              empty_values=())
    class_group = tables.Column(verbose_name=_("Class"), order_by=("class_group__grade", "class_group__letter"))
    birth_date = PersonalColumn(kind="student", verbose_name=_("Birth date"))
    sex = PersonalColumn(kind="student", verbose_name=_("Sex"), accessor="get_sex_display", orderable=False)
    pin = PersonalColumn(kind="student", verbose_name=_("Personal number (PIN)"), visible=False)
    address = PersonalColumn(kind="student", verbose_name=_("Address"), visible=False)
    status = tables.Column(verbose_name=_("Status"))
    enrolled_on = tables.DateColumn(verbose_name=_("Enrolled on"), format="d.m.Y", visible=False)
    guardian_count = tables.Column(verbose_name=_("Parents"), attrs={"td": {"class": "num"}})
    user = LoginColumn()
    has_consent = ConsentColumn()

    class Meta(RegisterTable.Meta):
        sequence = ("full_name", "class_group", "birth_date", "sex", "pin", "address", "status", "enrolled_on",
                    "guardian_count", "user", "has_consent")

    def render_full_name(self, record):
        return _name_link("journal:student_detail", record)

    def value_full_name(self, record):
        return record.full_name

    def render_status(self, record):
        return record.get_status_display()

    fast_values = ("pk", "last_name", "first_name", "patronymic", "school_id", "user_id", "class_group_id",
                   "class_group__grade", "class_group__letter", "birth_date", "sex", "status", "guardian_count",
                   "user__username", "user__is_active", "has_consent")

    def fast_cells(self):
        """The visible cells of the student list from the row's values: the detail URL, choice
        labels, class names and the consent badges once per page; the access policy per row
        (PersonalColumn's rule: personal fields hidden without consent)."""
        policy = self.policy
        columns = self.base_columns  # also those a page excludes (the class page: class, status)

        def empty(name):  # BoundColumn.default: the column's, else the table's
            default = columns[name].default
            return conditional_escape(self.default if default is None else default)

        url_head, url_tail = _url_around_pk("journal:student_detail")
        sexes, statuses = _choice_labels(Student, "sex"), _choice_labels(Student, "status")  # escaped
        class_default, status_default, count_default = empty("class_group"), empty("status"), empty("guardian_count")
        login = columns["user"]
        no_login = conditional_escape(login.render(None))
        deactivated = conditional_escape(login.render(SimpleNamespace(username="", is_active=False)))
        consent = {answer: conditional_escape(columns["has_consent"].render(answer)) for answer in (True, False)}
        classes, counts = {}, {}

        def personal(row):
            return policy is not None and policy.student(row)

        def full_name(row):
            return f'<a href="{url_head}{row.pk}{url_tail}">{_html(Student.full_name.fget(row))}</a>'

        def class_group(row):
            key = row.class_group_id
            if key not in classes:
                classes[key] = class_default if key is None else escape(
                    ClassGroup(pk=key, grade=row.class_group__grade, letter=row.class_group__letter))
            return classes[key]

        def birth_date(row):
            if not personal(row):
                return HIDDEN
            return "—" if row.birth_date is None else row.birth_date.strftime("%d.%m.%Y")  # digits only

        def sex(row):
            if not personal(row):
                return HIDDEN
            value = row.sex  # get_sex_display(): the label, else the value itself
            shown = sexes[value] if value in sexes else "" if value is None else _html(value)
            return shown or "—"

        def status(row):
            value = row.status  # get_status_display(), empty: the column's default
            shown = statuses[value] if value in statuses else "" if value is None else _html(value)
            return shown or status_default

        def guardian_count(row):
            value = row.guardian_count
            if value not in counts:
                counts[value] = count_default if value in (None, "") else conditional_escape(localize(value))
            return counts[value]

        def user(row):  # LoginColumn.render
            if row.user_id is None:
                return no_login
            return login.ACTIVE.format(_html(row.user__username)) if row.user__is_active else deactivated

        def has_consent(row):
            return consent[bool(row.has_consent)]

        return {"full_name": full_name, "class_group": class_group, "birth_date": birth_date, "sex": sex,
                "status": status, "guardian_count": guardian_count, "user": user, "has_consent": has_consent}


class GuardianTable(RegisterTable):
    full_name = tables.Column(verbose_name=_("Full name"), order_by=("sort_key",),
                              empty_values=())
    children = tables.Column(verbose_name=_("Children"), empty_values=(), orderable=False)
    phone = PhoneColumn(kind="guardian", verbose_name=_("Phone"))
    phone2 = PhoneColumn(kind="guardian", verbose_name=_("Second phone"), visible=False)
    email = PersonalColumn(kind="guardian", verbose_name=_("Email"), visible=False)
    workplace = PersonalColumn(kind="guardian", verbose_name=_("Workplace"), visible=False)
    user = LoginColumn()
    has_consent = ConsentColumn()

    class Meta(RegisterTable.Meta):
        sequence = ("full_name", "children", "phone", "phone2", "email", "workplace", "user", "has_consent")

    def render_full_name(self, record):
        return _name_link("journal:guardian_detail", record)

    def value_full_name(self, record):
        return record.full_name

    def _children(self, record):
        return [
            (link.student, link.get_relation_display())
            for link in record.child_links.all()
        ]

    def render_children(self, record):
        return format_html_join(
            ", ", "{} ({}, {})",
            ((s.full_name, s.class_group or "—", relation) for s, relation in self._children(record)),
        )

    def value_children(self, record):
        return "; ".join(f"{s.full_name} ({s.class_group or '—'}, {relation})" for s, relation in self._children(record))


class StaffTable(RegisterTable):
    full_name = tables.Column(verbose_name=_("Full name"), order_by=("sort_key",),
                              empty_values=())
    position = tables.Column(verbose_name=pgettext_lazy("job", "Position"))
    subjects = tables.Column(verbose_name=_("Subjects"), empty_values=(), orderable=False)
    homeroom = tables.Column(verbose_name=_("Class teacher of"), empty_values=(), orderable=False)
    hours = tables.Column(verbose_name=_("Hours a week"), attrs={"td": {"class": "num"}})
    education_level = PersonalColumn(kind="staff", verbose_name=_("Education"), accessor="get_education_level_display",
                                     orderable=False)
    education = PersonalColumn(kind="staff", verbose_name=_("Education: institution, year"), visible=False,
                               orderable=False)
    qualification = PersonalColumn(kind="staff", verbose_name=_("Qualification category"),
                                   accessor="get_qualification_display", orderable=False)
    specialty = PersonalColumn(kind="staff", verbose_name=_("Specialty"), visible=False, orderable=False)
    training = PersonalColumn(kind="staff", verbose_name=_("Professional development"), visible=False,
                              orderable=False)
    total_experience = PersonalColumn(kind="staff", verbose_name=_("Total experience"))
    specialty_experience = PersonalColumn(kind="staff", verbose_name=_("Experience in the specialty"), visible=False)
    phone = PhoneColumn(kind="staff", verbose_name=_("Phone"), visible=False)
    email = PersonalColumn(kind="staff", verbose_name=_("Email"), visible=False)
    user = LoginColumn()
    has_consent = ConsentColumn()

    class Meta(RegisterTable.Meta):
        sequence = ("full_name", "position", "subjects", "homeroom", "hours", "education_level", "education",
                    "qualification", "specialty", "training", "total_experience", "specialty_experience", "phone",
                    "email", "user", "has_consent")

    def render_full_name(self, record):
        return _name_link("journal:staff_detail", record)

    def value_full_name(self, record):
        return record.full_name

    def render_position(self, record):
        position = record.get_position_display()
        return f"{position}, {record.extra_positions}" if record.extra_positions else position

    def value_position(self, record):
        return self.render_position(record)

    def render_subjects(self, record):
        return ", ".join(s.name for s in record.subjects.all()) or "—"

    def value_subjects(self, record):
        return ", ".join(s.name for s in record.subjects.all())

    def render_homeroom(self, record):
        return ", ".join(str(c) for c in getattr(record, "current_homerooms", [])) or "—"

    def value_homeroom(self, record):
        return ", ".join(str(c) for c in getattr(record, "current_homerooms", []))

    def render_hours(self, value):
        return f"{value:g}" if value else "—"

    def value_hours(self, value):
        return f"{value:g}" if value else ""


class ClassTable(RegisterTable):
    name = tables.Column(verbose_name=_("Class"), empty_values=(), order_by=("grade", "letter"))
    language = tables.Column(verbose_name=_("Language of instruction"))
    class_teacher = tables.Column(verbose_name=_("Class teacher"), order_by=("class_teacher__sort_key",))
    room = tables.Column(verbose_name=_("Room"))
    student_count = tables.Column(verbose_name=_("Students"), attrs={"td": {"class": "num"}})
    girls = tables.Column(verbose_name=_("of them girls"), attrs={"td": {"class": "num"}})

    class Meta(RegisterTable.Meta):
        sequence = ("name", "language", "class_teacher", "room", "student_count", "girls")
        per_page = 100

    def render_name(self, record):
        return format_html('<a href="{}">{}</a>', reverse("journal:class_detail", args=[record.pk]), str(record))

    def value_name(self, record):
        return str(record)

    def render_class_teacher(self, value):
        return value.short_name

    def value_class_teacher(self, value):
        return value.full_name


class VisitTable(RegisterTable):
    """Per-user rows of the visits report (dicts from selectors.visits_report)."""

    name = tables.Column(verbose_name=_("Full name"))
    username = tables.Column(verbose_name=_("Login"))
    role_labels = tables.Column(verbose_name=_("Role"))
    classes = tables.Column(verbose_name=_("Class"))
    days = tables.Column(verbose_name=_("Days active"), attrs={"td": {"class": "num"}})
    logins = tables.Column(verbose_name=pgettext_lazy("number of sign-ins", "Logins"), attrs={"td": {"class": "num"}})
    views = tables.Column(verbose_name=_("Pages viewed"), attrs={"td": {"class": "num"}})
    last = tables.DateColumn(verbose_name=_("Last visit"), format="d.m.Y")

    class Meta(RegisterTable.Meta):
        per_page = 100


# The movement book as a django-tables2 table (page, XLSX and CSV export) and as PDF rows.
class MovementTable(tables.Table):
    date = tables.DateColumn(format="d.m.Y", verbose_name=_("Date"))
    order_number = tables.Column(verbose_name=_("Order number"), default="—")
    student = tables.Column(verbose_name=_("Student"), order_by=("student__sort_key",))
    kind = tables.Column(verbose_name=_("Kind"))
    class_from = tables.Column(verbose_name=_("From class"), default="—", orderable=False)
    class_to = tables.Column(verbose_name=_("To class"), default="—", orderable=False)
    place = tables.Column(verbose_name=_("School, region or country"), empty_values=(), orderable=False)
    reason = tables.Column(verbose_name=_("Reason"))
    note = tables.Column(verbose_name=_("Note"), default="", orderable=False, visible=False)

    class Meta:
        model = MovementRecord
        fields = ("date", "order_number", "student", "kind", "class_from", "class_to", "place", "reason")
        sequence = ("date", "order_number", "student", "kind", "class_from", "class_to", "place", "reason", "note")
        template_name = "journal/register/movement/_table.html"
        attrs = {"class": "table table--movement"}
        order_by = ("-date",)
        per_page = 50

    def render_student(self, record):
        url = reverse("journal:movement_detail", args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, record.student.full_name)

    def value_student(self, record):
        return record.student.full_name

    def render_place(self, record):
        return ", ".join(p for p in (record.other_school, record.region) if p) or "—"

    def value_place(self, record):
        return ", ".join(p for p in (record.other_school, record.region) if p)

    def render_reason(self, record):
        if record.kind in ("arrival", "departure", "graduation"):
            return record.get_reason_display()
        return "—"

    def value_reason(self, record):
        return self.render_reason(record).replace("—", "")

    def value_class_from(self, record):
        return str(record.class_from) if record.class_from else ""

    def value_class_to(self, record):
        return str(record.class_to) if record.class_to else ""


def pdf_rows(records):
    table = MovementTable(records)
    widths = {"date": 9, "order_number": 8, "student": 22, "kind": 11, "class_from": 7, "class_to": 7, "place": 18,
              "reason": 14}
    header = [(str(col.header), widths.get(col.name, 8)) for col in table.columns if col.name != "note"]
    rows = []
    for record in records:
        rows.append([
            record.date.strftime("%d.%m.%Y"), record.order_number, record.student.full_name,
            record.get_kind_display(), str(record.class_from or ""), str(record.class_to or ""),
            ", ".join(p for p in (record.other_school, record.region) if p), table.value_reason(record),
        ])
    return header, rows
