"""The movement book as a django-tables2 table (page, XLSX and CSV export) and as PDF rows."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from journal.models import MovementRecord


class MovementTable(tables.Table):
    date = tables.DateColumn(format="d.m.Y", verbose_name=_("Date"))
    order_number = tables.Column(verbose_name=_("Order number"), default="—")
    student = tables.Column(verbose_name=_("Student"), order_by=("student__last_name", "student__first_name"))
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
        template_name = "journal/movement/_table.html"
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
