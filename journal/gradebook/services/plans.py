"""Writes of the calendar-thematic plan (КТП; R-I13, R-J13, R-J16): save the ordered topics of a
teaching assignment from the browser or from an XLSX file, and set the planned dates from the
scheduled lessons.

All or nothing: a plan with any bad row is not saved at all, and the errors name the rows.
"""

import datetime
from io import BytesIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import access

from ..models import Lesson, LessonStatus, PlanTopic

MAX_ROWS = 400
MAX_HOURS = 40
MAX_FILE_BYTES = 2 * 1024 * 1024
TRUE_WORDS = {"1", "x", "х", "+", "yes", "y", "true", "да", "ооба", "ҳа", "kr", "к/р", "т/и"}

# Columns of the XLSX template: (key, header). Headers are bilingual, so one template serves
# a Kyrgyz and a Russian school.
COLUMNS = [
    ("order", "№"),
    ("section", "Бөлүм / Раздел"),
    ("title", "Тема / Тема урока"),
    ("hours", "Саат / Часы"),
    ("is_control", "Текшерүү иши / Контрольная (1)"),
    ("planned_date", "Күнү / Дата (КК.АА.ЖЖЖЖ)"),
]


NOT_SAVED = gettext_lazy("The plan was not saved: correct the rows marked below.")


class PlanRowErrors(ValidationError):
    """Errors of a plan, by row: .rows = {row number (1-based): [message, …]}; .summary is the
    sentence to show above them."""

    def __init__(self, rows, message=NOT_SAVED):
        self.rows = rows
        self.summary = message
        flat = [f"{_('Row')} {n}: {m}" for n, msgs in sorted(rows.items()) for m in msgs]
        super().__init__([str(message), *flat])


def _as_bool(value):
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    return str(value).strip().lower() in TRUE_WORDS


def _as_date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def clean_rows(rows, *, year=None):
    """Validate plan rows (dicts with section, title, hours, is_control, planned_date, optional
    id); returns cleaned dicts or raises PlanRowErrors. Row numbers in messages are 1-based
    positions in `rows` unless a row carries its own "row" number (the line of the file)."""
    errors = {}
    cleaned = []
    if len(rows) > MAX_ROWS:
        raise PlanRowErrors({}, _("A plan has at most %(max)s topics.") % {"max": MAX_ROWS})
    for index, row in enumerate(rows, start=1):
        number = row.get("row", index)
        msgs = []
        title = str(row.get("title") or "").strip()
        section = str(row.get("section") or "").strip()
        if not title:
            msgs.append(_("the topic is empty."))
        elif len(title) > 500:
            msgs.append(_("the topic is longer than 500 characters."))
        if len(section) > 255:
            msgs.append(_("the section is longer than 255 characters."))
        hours_raw = row.get("hours")
        hours = None
        try:
            if hours_raw in (None, ""):
                hours = 1
            else:
                as_float = float(str(hours_raw).replace(",", "."))
                if as_float != int(as_float):
                    raise ValueError
                hours = int(as_float)
            if not 1 <= hours <= MAX_HOURS:
                raise ValueError
        except (TypeError, ValueError):
            msgs.append(_("the hours must be a whole number from 1 to %(max)s.") % {"max": MAX_HOURS})
        try:
            planned = _as_date(row.get("planned_date"))
        except ValueError:
            planned = None
            msgs.append(_("“%(value)s” is not a date (write it as DD.MM.YYYY).") % {"value": row.get("planned_date")})
        if planned and year is not None and not year.start <= planned <= year.end:
            msgs.append(_("the date is outside the academic year."))
        if msgs:
            errors[number] = msgs
            continue
        cleaned.append({
            "id": row.get("id") or None,
            "section": section,
            "title": title,
            "hours": hours,
            "is_control": _as_bool(row.get("is_control")),
            "planned_date": planned,
        })
    if errors:
        raise PlanRowErrors(errors)
    return cleaned


def _require_writable(user, assignment):
    if not access.assignments_writable(user, assignment.school).filter(pk=assignment.pk).exists():
        raise PermissionDenied


@transaction.atomic
def plan_save(*, assignment, rows, user, fill_dates=True):
    """Replace the plan of an assignment with `rows` (in order). Rows with the id of an existing
    topic update it (lessons linked to it stay linked); other existing topics are deleted.
    With fill_dates, topics without a planned date get one from the scheduled lessons."""
    _require_writable(user, assignment)
    cleaned = clean_rows(rows, year=assignment.year)
    existing = {t.pk: t for t in PlanTopic.objects.filter(assignment=assignment)}
    # free the order numbers first: (assignment, order) is unique
    PlanTopic.objects.filter(assignment=assignment).update(order=F("order") + 10000)
    to_update, to_create, seen = [], [], set()
    for order, row in enumerate(cleaned, start=1):
        topic_id = row.pop("id")
        topic = existing.get(int(topic_id)) if topic_id and str(topic_id).isdigit() else None
        if topic is None or topic.pk in seen:
            topic = PlanTopic(assignment=assignment)
        for name, value in row.items():
            setattr(topic, name, value)
        topic.order = order
        topic.full_clean(exclude=["assignment"], validate_unique=False, validate_constraints=False)
        if topic.pk:
            seen.add(topic.pk)
            to_update.append(topic)
        else:
            to_create.append(topic)
    gone = [pk for pk in existing if pk not in seen]
    PlanTopic.objects.filter(pk__in=gone).delete()
    PlanTopic.objects.bulk_update(
        to_update, ["order", "section", "title", "hours", "is_control", "planned_date"], batch_size=500
    )
    PlanTopic.objects.bulk_create(to_create, batch_size=500)
    if fill_dates:
        plan_assign_dates(assignment=assignment, user=user, only_empty=True)
    return PlanTopic.objects.filter(assignment=assignment).count()


def lesson_dates(assignment):
    """Dates of the assignment's lessons that are not cancelled, one per lesson, in order."""
    return list(
        Lesson.objects.filter(assignment=assignment)
        .exclude(status=LessonStatus.CANCELLED)
        .order_by("date", "lesson_number", "pk")
        .values_list("date", flat=True)
    )


@transaction.atomic
def plan_assign_dates(*, assignment, user, only_empty=False):
    """Set each topic's planned date to the date of the lesson where it starts, walking the
    topics' hours through the scheduled lessons. Topics beyond the last lesson get no date."""
    _require_writable(user, assignment)
    dates = lesson_dates(assignment)
    topics = list(PlanTopic.objects.filter(assignment=assignment).order_by("order"))
    position = 0
    changed = []
    for topic in topics:
        date = dates[position] if position < len(dates) else None
        position += topic.hours
        if only_empty and topic.planned_date is not None:
            continue
        if topic.planned_date != date:
            topic.planned_date = date
            changed.append(topic)
    PlanTopic.objects.bulk_update(changed, ["planned_date"], batch_size=500)
    return len(changed)


def read_xlsx(data):
    """Rows of a plan workbook (first sheet; the first row is the header). Returns dicts with
    the file's line number in "row". Raises PlanRowErrors for a file that is not a workbook."""
    from openpyxl import load_workbook

    if len(data) > MAX_FILE_BYTES:
        raise PlanRowErrors({}, _("The file is larger than 2 MB."))
    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - zip, XML or format errors all mean "not a workbook"
        raise PlanRowErrors({}, _("The file could not be read. Upload an Excel workbook (.xlsx) made from the template."))
    sheet = workbook.worksheets[0]
    rows = []
    for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if line == 1:
            continue  # header
        values = list(values or ()) + [None] * len(COLUMNS)
        if all(v in (None, "") or (isinstance(v, str) and not v.strip()) for v in values[: len(COLUMNS)]):
            continue
        row = {key: values[i] for i, (key, _header) in enumerate(COLUMNS)}
        row["row"] = line
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise PlanRowErrors({}, _("A plan has at most %(max)s topics.") % {"max": MAX_ROWS})
    workbook.close()
    if not rows:
        raise PlanRowErrors({}, _("The file has no topics: fill the rows under the header."))
    return rows


@transaction.atomic
def plan_import_xlsx(*, assignment, data, user):
    """Replace the plan with the topics of an XLSX file. Nothing is written when any row is
    bad. Existing topics are reused in order, so lessons linked to topic 5 stay linked to
    the new topic 5."""
    _require_writable(user, assignment)
    rows = read_xlsx(data)
    clean_rows(rows, year=assignment.year)  # raise with the file's line numbers
    existing = list(PlanTopic.objects.filter(assignment=assignment).order_by("order").values_list("pk", flat=True))
    for row, pk in zip(rows, existing, strict=False):
        row["id"] = pk
    for row in rows:
        row.pop("row", None)
        row.pop("order", None)
    return plan_save(assignment=assignment, rows=rows, user=user)


def plan_xlsx(topics=()):
    """An XLSX workbook with the template header and the given topics (bytes)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "КТП"
    sheet.append([header for _key, header in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F0")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for topic in topics:
        sheet.append([
            topic.order, topic.section, topic.title, topic.hours, 1 if topic.is_control else None,
            topic.planned_date,
        ])
    for row in sheet.iter_rows(min_row=2, min_col=6, max_col=6):
        for cell in row:
            cell.number_format = "DD.MM.YYYY"
    for letter, width in zip("ABCDEF", (6, 30, 60, 10, 16, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
