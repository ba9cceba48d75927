"""A subject-access export (R-I15, Law of the KR No. 58, the person's right to know what is
stored about them): everything the system keeps about one student, parent or staff member —
the record, links, consents, movement records, login and visits, the history of changes and
the journal rows that refer to them — as a machine-readable JSON file and as a PDF."""

import datetime
import json
from decimal import Decimal

from django.apps import apps
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from journal.pdf import pdf_response
from journal.register.models import Consent, Guardian, MovementRecord, StudentGuardian, TeachingAssignment
from portal.models import Membership, Visit

SKIP_FIELDS = {"school", "user"}


def _plain(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds") if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _row(obj, skip=()):
    """A model instance as {field name: value}; choices as their labels, relations as text."""
    data = {}
    for f in obj._meta.concrete_fields:
        if f.primary_key or f.name in skip:
            continue
        if f.is_relation:
            value = getattr(obj, f.name)
            value = str(value) if value is not None else None
        elif f.choices:
            value = getattr(obj, f"get_{f.name}_display")()
        else:
            value = _plain(getattr(obj, f.attname))
        data[f.name] = value
    return data


def _history(obj):
    rows = []
    records = list(obj.history.select_related("history_user").order_by("history_date", "history_id"))
    prev = None
    for rec in records:
        entry = {"date": _plain(rec.history_date), "by": str(rec.history_user) if rec.history_user else None,
                 "type": rec.get_history_type_display(), "changes": []}
        if prev is not None:
            for change in rec.diff_against(prev).changes:
                entry["changes"].append({"field": change.field, "old": _plain(change.old), "new": _plain(change.new)})
        rows.append(entry)
        prev = rec
    return rows


def _journal_rows(person):
    """Rows of the class journal (grades, attendance, period grades, substitutions …) that
    point at the person: found through the relations, so new journal tables are included."""
    sections = {}
    for rel in person._meta.related_objects:
        model = rel.related_model
        if model._meta.app_label != "gradebook" or not rel.one_to_many:
            continue
        qs = model._default_manager.filter(**{rel.field.name: person}).select_related()
        rows = [_row(obj, skip=SKIP_FIELDS | {rel.field.name}) for obj in qs[:20000]]
        if rows:
            sections[model._meta.label_lower] = rows
    return sections


def subject_access_data(person):
    kind = person._meta.model_name
    data = {
        "generated_at": _plain(timezone.now()),
        "school": str(person.school),
        "kind": str(person._meta.verbose_name),
        "person": _row(person, skip=SKIP_FIELDS),
    }
    field = Consent.subject_field(person)
    if kind == "student":
        data["person"]["class"] = str(person.class_group) if person.class_group_id else None
        data["parents"] = [
            {**_row(link.guardian, skip=SKIP_FIELDS), "relation": link.get_relation_display()}
            for link in StudentGuardian.objects.filter(student=person).select_related("guardian")
        ]
        data["movement"] = [
            _row(m, skip={"school", "student"})
            for m in MovementRecord.objects.filter(student=person).select_related("class_from", "class_to", "recorded_by")
        ]
    elif kind == "guardian":
        data["children"] = [
            {"name": link.student.full_name, "class": str(link.student.class_group or ""),
             "relation": link.get_relation_display()}
            for link in StudentGuardian.objects.filter(guardian=person).select_related("student__class_group")
        ]
    else:
        data["person"]["subjects"] = [s.name for s in person.subjects.all()]
        data["teaching"] = [
            {"year": str(a.year), "class": str(a.class_group), "subject": a.subject.name,
             "subgroup": a.subgroup, "hours_per_week": _plain(a.hours_per_week)}
            for a in TeachingAssignment.objects.filter(teacher=person).select_related("year", "class_group", "subject")
        ]
        data["class_teacher_of"] = [f"{c} ({c.year})" for c in person.homerooms.select_related("year")]
    data["consents"] = [
        _row(c, skip={"school", "student", "guardian", "staff_member"})
        for c in Consent.objects.filter(**{field: person}).select_related("recorded_by")
    ]
    user = person.user
    if user is not None:
        data["login"] = {
            "username": user.username, "active": user.is_active, "created": _plain(user.date_joined),
            "last_login": _plain(user.last_login), "email": user.email or None,
            "roles": [
                {"role": m.get_role_display(), "active": m.is_active, "since": _plain(m.created_at)}
                for m in Membership.objects.filter(user=user, school=person.school)
            ],
            "visits": [
                {"date": _plain(v.date), "logins": v.logins, "page_views": v.page_views}
                for v in Visit.objects.filter(user=user).order_by("date")
            ],
            "issued": [
                {"at": _plain(i.issued_at), "by": str(i.issued_by) if i.issued_by else None, "reset": i.reissue}
                for i in user.account_issues.select_related("issued_by")
            ],
        }
    else:
        data["login"] = None
    data["history"] = _history(person)
    data["journal"] = _journal_rows(person)
    return data


def subject_access_json(person):
    return json.dumps(subject_access_data(person), ensure_ascii=False, indent=2)


EXTRA_LABELS = {"class": _("Class"), "relation": _("Relation"), "subjects": _("Subjects taught")}


def _labelled(model, row):
    """[(label, value)] of a row for the PDF: the fields' names in the user's language."""
    labels = {f.name: capfirst(str(f.verbose_name)) for f in model._meta.concrete_fields}
    out = []
    for key, value in row.items():
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        out.append((labels.get(key) or capfirst(str(EXTRA_LABELS.get(key, key))), value))
    return out


def subject_access_pdf_response(person, request, filename):
    data = subject_access_data(person)
    model = type(person)
    sections = {
        "person": _labelled(model, data["person"]),
        "parents": [_labelled(Guardian, row) for row in data.get("parents", [])],
        "movement": [_labelled(MovementRecord, row) for row in data.get("movement", [])],
        "consents": [_labelled(Consent, row) for row in data["consents"]],
        "journal": [],
    }
    labels = {f.name: capfirst(str(f.verbose_name)) for f in model._meta.concrete_fields}
    labels.update({f.attname: labels[f.name] for f in model._meta.concrete_fields})
    for entry in data["history"]:
        for change in entry["changes"]:
            change["label"] = labels.get(change["field"], change["field"])
    for label, rows in data["journal"].items():
        journal_model = apps.get_model(label)
        labelled = [_labelled(journal_model, row) for row in rows]
        sections["journal"].append({
            "title": capfirst(str(journal_model._meta.verbose_name_plural)),
            "header": [k for k, _v in labelled[0]], "rows": [[v for _k, v in row] for row in labelled],
        })
    return pdf_response(
        "journal/register/consent/subject_access_pdf.html",
        {"school": person.school, "person": person, "data": data, "sections": sections},
        filename, request=request, inline=False,
    )
