"""The lesson page: topic from the plan, homework (text and file), comment, the whole class's
attendance in one quick form, grades with type and comment (several per student). Mobile first.
A failed save shows the page again with everything typed and the errors."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import FileExtensionValidator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from journal.register.models import StaffMember
from portal import access, disk_full

from ..marks import ABSENCE_MARKS, ABSENCE_ORDER
from ..models import AbsenceStatus, LessonStatus
from ..selectors import lessons as sel
from ..services import lessons as service
from ..services.common import JournalConflict, is_date_locked
from ..services.lessons import AttendanceChange, GradeChange, LessonSaveErrors
from .common import int_or_none

HOMEWORK_EXTENSIONS = ["pdf", "doc", "docx", "odt", "rtf", "txt", "xls", "xlsx", "ods", "ppt", "pptx", "odp",
                       "jpg", "jpeg", "png", "gif", "webp", "zip", "mp3", "mp4"]
HOMEWORK_MAX_BYTES = 10 * 1024 * 1024


def _validate_size(f):
    if f.size > HOMEWORK_MAX_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))


class LessonFieldsForm(forms.Form):
    plan_topic = forms.TypedChoiceField(label=gettext_lazy("Topic from the plan"), required=False, coerce=int,
                                        empty_value=None)
    topic = forms.CharField(label=gettext_lazy("Topic of the lesson"), max_length=500, required=False)
    homework = forms.CharField(label=gettext_lazy("Homework"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    homework_file = forms.FileField(
        label=gettext_lazy("Attachment to the homework"), required=False,
        validators=[FileExtensionValidator(HOMEWORK_EXTENSIONS), _validate_size],
    )
    remove_homework_file = forms.BooleanField(label=gettext_lazy("Remove the attachment"), required=False)
    comment = forms.CharField(label=gettext_lazy("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_topic"].choices = [("", "—")] + [(t.pk, f"{t.order}. {t.title}") for t in topics]


def _lesson(request, pk):
    school = access.school_for_request(request)
    return access.get_or_404(access.lessons_visible(request.user, school).select_related(*sel.LESSON_RELATED), pk=pk)


def _signature(value, type_id, comment):
    return f"{value}|{type_id or ''}|{comment or ''}"


def _rows(lesson, sheet):
    """The page's rows from the database: one per student."""
    rows = []
    for number, student in enumerate(sheet["students"], start=1):
        absence = sheet["absences"].get(student.pk)
        grades = [
            {"position": g.position, "value": str(g.value), "type": g.grade_type_id, "comment": g.comment,
             "version": g.version, "original": _signature(g.value, g.grade_type_id, g.comment)}
            for g in sheet["grades"].get(student.pk, [])
        ]
        rows.append({
            "number": number, "student": student,
            "att": {"status": absence.status if absence else "", "version": absence.version if absence else 0,
                    "original": absence.status if absence else ""},
            "grades": grades,
            "new": {"value": "", "type": sheet["default_type"].pk if sheet["default_type"] else None, "comment": ""},
            "errors": [], "conflicts": [],
        })
    return rows


def _parse(request, rows, types_by_id, students_by_id):
    """The changes the user made (compared with the originals sent with the page), and the rows
    with what was typed (for showing the page again)."""
    post = request.POST
    attendance, grades = [], []
    for row in rows:
        sid = row["student"].pk
        student = students_by_id[sid]
        key = f"att-{sid}"
        if key in post:
            status = post.get(key, "")
            original = post.get(f"{key}-o", "")
            if status != original:
                attendance.append(AttendanceChange(student=student, status=status,
                                                   version=int_or_none(post.get(f"{key}-v")) or 0, key=key))
                row["att"]["status"] = status
                row["att"]["version"] = int_or_none(post.get(f"{key}-v")) or 0
                row["att"]["original"] = original
        typed = []
        positions = sorted({int(k.split("-")[2]) for k in post if k.startswith(f"g-{sid}-") and k.count("-") == 2
                            and k.split("-")[2].isdigit()})
        for position in positions:
            key = f"g-{sid}-{position}"
            value = post.get(key, "").strip()
            type_id = int_or_none(post.get(f"{key}-t"))
            comment = post.get(f"{key}-c", "").strip()
            version = int_or_none(post.get(f"{key}-v")) or 0
            original = post.get(f"{key}-o", "")
            entry = {"position": position, "value": value, "type": type_id, "comment": comment, "version": version,
                     "original": original}
            typed.append(entry)
            if _signature(value, type_id, comment) != original:
                grades.append(GradeChange(
                    student=student, position=position, value=value or None,
                    grade_type=types_by_id.get(type_id), comment=comment, version=version, key=key))
        if typed:
            # keep what was typed for positions the user changed; current data for the rest
            current = {g["position"]: g for g in row["grades"]}
            for entry in typed:
                if _signature(entry["value"], entry["type"], entry["comment"]) != entry["original"]:
                    current[entry["position"]] = entry
            row["grades"] = [current[p] for p in sorted(current)]
        new_value = post.get(f"g-{sid}-new", "").strip()
        new_type = int_or_none(post.get(f"g-{sid}-new-t"))
        new_comment = post.get(f"g-{sid}-new-c", "").strip()
        row["new"] = {"value": new_value, "type": new_type or row["new"]["type"], "comment": new_comment}
        if new_value:
            grades.append(GradeChange(student=student, position=None, value=new_value,
                                      grade_type=types_by_id.get(new_type), comment=new_comment,
                                      key=f"g-{sid}-new"))
    return attendance, grades


def _lesson_changes(form, lesson, post):
    """The lesson fields the user changed (compared with the originals sent with the page)."""
    changes = {}
    data = form.cleaned_data
    for name in ("topic", "homework", "comment"):
        if (data.get(name) or "").strip() != (post.get(f"o-{name}") or "").strip():
            changes[name] = data.get(name) or ""
    if str(data.get("plan_topic") or "") != (post.get("o-plan_topic") or ""):
        changes["plan_topic"] = data.get("plan_topic")
    if data.get("homework_file"):
        changes["homework_file"] = data["homework_file"]
    elif data.get("remove_homework_file"):
        changes["homework_file"] = None
    return changes


@never_cache
@login_required
def lesson_detail(request, pk):
    lesson = _lesson(request, pk)
    assignment = lesson.assignment
    locked = is_date_locked(assignment.class_group, lesson.date)
    mode = access.journal_write_mode(request.user, assignment.school, assignment, lesson=lesson, locked=locked)
    topics, suggested = sel.plan_topics(lesson)
    sheet = sel.lesson_sheet(lesson)
    types_by_id = {t.pk: t for t in sheet["types"]}
    rows = _rows(lesson, sheet)
    students_by_id = {s.pk: s for s in sheet["students"]}
    topic_by_id = {t.pk: t for t in topics}
    errors = {}
    conflicts = {}
    file_lost = False

    if request.method == "POST":
        if mode is None:
            raise PermissionDenied
        form = LessonFieldsForm(request.POST, request.FILES, topics=topics)
        attendance, grades = _parse(request, rows, types_by_id, students_by_id)
        reason = request.POST.get("reason", "")
        if form.is_valid():
            changes = _lesson_changes(form, lesson, request.POST)
            if "plan_topic" in changes:
                changes["plan_topic"] = topic_by_id.get(changes["plan_topic"]) if changes["plan_topic"] else None
            try:
                service.lesson_journal_save(
                    lesson=lesson, by=request.user, reason=reason, lesson_fields=changes or None,
                    lesson_version=int_or_none(request.POST.get("version")), attendance=attendance, grades=grades)
            except LessonSaveErrors as exc:
                errors, conflicts = exc.errors, exc.conflicts
            except OSError as exc:  # the disk is full: the transaction rolled back, keep what was typed
                if not disk_full.is_disk_full(exc):
                    raise
                errors = {"homework_file": str(disk_full.MESSAGE)}
            else:
                messages.success(request, _("The lesson is saved."))
                return redirect(reverse("journal:lesson_detail", args=[lesson.pk]))
        else:
            errors = {name: " ".join(errs) for name, errs in form.errors.items()}
        file_lost = bool(request.FILES.get("homework_file"))
        # show conflicts: the current value, and the current version so saving again replaces it
        for key, current in conflicts.items():
            _apply_conflict(rows, key, current, lesson)
        for key, message in errors.items():
            _attach(rows, key, "errors", message)
        messages.error(request, _("Nothing was saved: check the marked entries and save again."))
        lesson_version = request.POST.get("version") if "lesson" not in conflicts else lesson.version
    else:
        initial = {"plan_topic": lesson.plan_topic_id or (suggested.pk if suggested else None), "topic": lesson.topic,
                   "homework": lesson.homework, "comment": lesson.comment}
        if not lesson.topic and suggested and not lesson.plan_topic_id:
            initial["topic"] = suggested.title
        form = LessonFieldsForm(initial=initial, topics=topics)
        lesson_version = lesson.version

    scale = sheet["scale"]
    absent = sum(1 for r in rows if r["att"]["status"] and r["att"]["status"] != AbsenceStatus.LATE)
    previous, following = sel.neighbour_lessons(lesson)
    context = {
        "lesson": lesson, "assignment": assignment, "form": form, "rows": rows, "mode": mode,
        "can_write": mode is not None, "locked": locked, "scale": scale, "types": sheet["types"],
        "default_type": sheet["default_type"], "suggested": suggested, "topics": topics,
        "errors": errors, "conflicts": conflicts, "file_lost": file_lost, "lesson_version": lesson_version,
        "originals": {"topic": lesson.topic, "homework": lesson.homework, "comment": lesson.comment,
                      "plan_topic": lesson.plan_topic_id or ""},
        "absence_choices": [("", _("present"), _("Present"))] + [
            (s, ABSENCE_MARKS[s], AbsenceStatus(s).label) for s in ABSENCE_ORDER],
        "absent_count": absent, "present_count": len(rows) - absent,
        "previous": previous, "following": following,
        "staff": StaffMember.objects.filter(school=lesson.school, is_active=True, is_teaching=True)
        if mode is not None else [],
        "statuses": LessonStatus,
        "is_future": lesson.date > timezone.localdate(),
    }
    return render(request, "journal/gradebook/lesson.html", context, status=400 if errors or conflicts else 200)


def _attach(rows, key, kind, message):
    if key in ("lesson", "reason") or not key.startswith(("att-", "g-")):
        return
    sid = int(key.split("-")[1])
    for row in rows:
        if row["student"].pk == sid:
            row[kind].append(message)


def _apply_conflict(rows, key, current, lesson):
    if key == "lesson":
        return
    sid = int(key.split("-")[1])
    for row in rows:
        if row["student"].pk != sid:
            continue
        who = ""
        if current is not None and current.updated_by_id:
            who = current.updated_by.full_name or current.updated_by.username
        if key.startswith("att-"):
            row["att"]["version"] = current.version if current is not None else 0
            row["att"]["original"] = current.status if current is not None else ""
            now = str(AbsenceStatus(current.status).label) if current is not None else _("present")
        else:
            position = int(key.split("-")[2]) if key.split("-")[2].isdigit() else None
            for g in row["grades"]:
                if g["position"] == position:
                    g["version"] = current.version if current is not None else 0
                    g["original"] = _signature(current.value, current.grade_type_id, current.comment) \
                        if current is not None else "||"
            now = str(current.value) if current is not None else _("(empty)")
        message = _("Changed meanwhile%(who)s: now «%(now)s». Save again to replace it with your entry.") % {
            "who": f" ({who})" if who else "", "now": now}
        row["conflicts"].append(message)


@never_cache
@login_required
@require_POST
def lesson_change(request, pk):
    """Move, cancel or restore a lesson, or record a substitution."""
    lesson = _lesson(request, pk)
    action = request.POST.get("action")
    reason = request.POST.get("reason", "")
    version = int_or_none(request.POST.get("version"))
    back = reverse("journal:lesson_detail", args=[lesson.pk])
    try:
        if action == "move":
            try:
                date = datetime.date.fromisoformat(request.POST.get("date", ""))
            except ValueError:
                raise ValidationError(_("Enter a valid date."))
            number = int_or_none(request.POST.get("lesson_number"))
            service.lesson_move(lesson=lesson, date=date, lesson_number=number, by=request.user, version=version,
                                reason=reason)
            messages.success(request, _("The lesson is moved to %(date)s.") % {
                "date": date_format(date, "SHORT_DATE_FORMAT")})
        elif action == "cancel":
            service.lesson_cancel(lesson=lesson, by=request.user, version=version, reason=reason)
            messages.success(request, _("The lesson is cancelled."))
        elif action == "restore":
            service.lesson_update(lesson=lesson, by=request.user, version=version, status=LessonStatus.PLANNED,
                                  reason=reason)
            messages.success(request, _("The lesson is restored."))
        elif action == "substitute":
            school = access.school_for_request(request)
            teacher_id = int_or_none(request.POST.get("teacher"))
            teacher = None
            if teacher_id:
                teacher = access.get_or_404(StaffMember.objects.filter(school=school), pk=teacher_id)
            service.lesson_set_substitute(lesson=lesson, teacher=teacher, by=request.user, version=version,
                                          reason=reason)
            messages.success(request, _("The substitution is recorded.") if teacher else
                             _("The substitution is removed."))
        else:
            messages.error(request, _("Unknown action."))
    except JournalConflict:
        messages.error(request, _("Someone else changed the lesson in the meantime: check it and try again."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(back)
