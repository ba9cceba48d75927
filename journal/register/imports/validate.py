"""Validation of an import file: every row checked, every error kept, in the user's language.

The database is read a fixed number of times per file (classes, existing people, guardians,
subjects): never per row, so 1,500 rows validate in well under a second."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from journal.register.models import AcademicYear, ClassGroup, Guardian, StaffMember, Student, Subject
from journal.register.models.people import Position, pin_mismatches

from . import values as v
from .columns import STAFF, STUDENTS, columns_by_key, match_headers
from .reader import HEADER_SEARCH_ROWS, MAX_ROWS, ReadError, is_blank, read_rows

GUARDIAN_FIELDS = ("last_name", "first_name", "patronymic", "relation", "phone", "email", "workplace")


@dataclass
class CellError:
    column: str
    message: str


@dataclass
class GuardianRow:
    values: dict
    key: tuple
    existing_id: int | None = None
    first_row: int | None = None  # the row where this parent first appears (siblings share one)


@dataclass
class RowResult:
    number: int
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)  # shown, not blocking: confirming the import overrides them
    guardians: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    @property
    def full_name(self):
        return " ".join(p for p in (self.values.get(k, "") for k in ("last_name", "first_name", "patronymic")) if p)

    @property
    def position_label(self):
        from journal.register.models.people import Position

        value = self.values.get("position")
        return Position(value).label if value in Position.values else ""

    def add(self, column, message):
        self.errors.append(CellError(str(column.label) if column is not None else "", str(message)))

    def warn(self, column, message):
        self.warnings.append(CellError(str(column.label) if column is not None else "", str(message)))


@dataclass
class ImportPreview:
    kind: str
    filename: str
    file_errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    year: AcademicYear | None = None

    @property
    def is_valid(self):
        return not self.file_errors and bool(self.rows) and all(r.ok for r in self.rows)

    @property
    def error_rows(self):
        return [r for r in self.rows if not r.ok]

    @property
    def warning_rows(self):
        return [r for r in self.rows if r.warnings]

    @property
    def ok_count(self):
        return sum(1 for r in self.rows if r.ok)

    @property
    def error_count(self):
        return sum(len(r.errors) for r in self.rows) + len(self.file_errors)

    @property
    def new_guardians(self):
        seen = set()
        for row in self.rows:
            for g in row.guardians:
                if g.existing_id is None:
                    seen.add(g.key)
        return len(seen)

    @property
    def existing_guardians(self):
        return len({g.existing_id for r in self.rows for g in r.guardians if g.existing_id})


def person_key(last_name, first_name, patronymic):
    return tuple(v.normalize_name(p) for p in (last_name, first_name, patronymic))


def guardian_key(values):
    return (*person_key(values.get("last_name"), values.get("first_name"), values.get("patronymic")),
            v.phone_digits(values.get("phone")))


def validate_file(*, school, kind, path, filename):
    """Read and validate a file: an ImportPreview (never raises for bad content)."""
    preview = ImportPreview(kind=kind, filename=filename)
    try:
        raw_rows = read_rows(path, filename)
    except ReadError as error:
        preview.file_errors.append(str(error))
        return preview
    header_index, positions = _find_header(kind, raw_rows)
    if header_index is None:
        preview.file_errors.append(
            _("No header row was found. Download the template and keep its first row of column names.")
        )
        return preview
    header_cells = raw_rows[header_index][1]
    _pos, unknown, duplicates = match_headers(kind, header_cells)
    columns = columns_by_key(kind)
    missing = [str(c.label) for c in columns.values() if c.required and c.key not in positions.values()]
    if missing:
        preview.file_errors.append(_("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)})
    if duplicates:
        preview.file_errors.append(_("Columns appear twice: %(columns)s.") % {"columns": ", ".join(duplicates)})
    if unknown:
        preview.warnings.append(
            _("These columns are not recognised and will be ignored: %(columns)s.") % {"columns": ", ".join(unknown)}
        )
    data_rows = [(n, cells) for n, cells in raw_rows[header_index + 1:] if not is_blank(cells)]
    if not data_rows:
        preview.file_errors.append(_("The file has no rows below the header."))
    if len(data_rows) > MAX_ROWS:
        preview.file_errors.append(_("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
    if preview.file_errors:
        return preview

    records = []
    for number, cells in data_rows:
        record = {}
        for index, key in positions.items():
            record[key] = cells[index] if index < len(cells) else None
        records.append((number, record))

    validator = StudentValidator(school) if kind == STUDENTS else StaffValidator(school)
    if kind == STUDENTS:
        preview.year = validator.year
        if validator.year is None:
            preview.file_errors.append(_("The school has no current academic year: create it and its classes first."))
            return preview
    preview.rows = [validator.validate(number, record) for number, record in records]
    if kind == STUDENTS:
        _flag_shared_pins(preview.rows, validator.columns["pin"])
    return preview


def _flag_shared_pins(rows, column):
    """A ПИН that several rows of the file share is an error on every one of them, the first included."""
    by_pin = {}
    for row in rows:
        if row.values.get("pin"):
            by_pin.setdefault(row.values["pin"], []).append(row)
    for shared in by_pin.values():
        if len(shared) < 2:
            continue
        numbers = [r.number for r in shared]
        for row in shared:
            others = ", ".join(str(n) for n in numbers if n != row.number)
            row.add(column, _("The same PIN is in rows %(rows)s of the file: a PIN belongs to one student.")
                    % {"rows": others})


def _find_header(kind, raw_rows):
    best = (None, {})
    for index, (_number, cells) in enumerate(raw_rows[:HEADER_SEARCH_ROWS]):
        positions, _unknown, _dupes = match_headers(kind, cells)
        if len(positions) >= 2 and len(positions) > len(best[1]):
            best = (index, positions)
    return best


class _Validator:
    def __init__(self, school):
        self.school = school
        self.columns = columns_by_key(self.kind)
        self.choices = v.choice_parsers()

    def cell(self, row, record, key):
        """The clean value of a cell, or None (an error is added for bad or missing values)."""
        column = self.columns[key]
        raw = record.get(key)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if column.required:
                row.add(column, _("This field is required."))
            return None
        try:
            if column.kind == "text":
                value = v.text(raw)
                if len(value) > column.max_length:
                    raise ValueError(_("Too long: at most %(n)s characters.") % {"n": column.max_length})
                return value
            if column.kind == "date":
                return v.parse_date(raw)
            if column.kind == "pin":
                return v.parse_pin(raw)
            if column.kind == "class":
                return v.parse_class_name(raw)
            if column.kind == "phone":
                return v.parse_phone(raw)
            if column.kind == "email":
                return v.parse_email(raw)
            if column.kind == "int":
                return v.parse_int(raw)
            if column.kind in self.choices:
                return self.choices[column.kind](raw)
            return v.text(raw)
        except ValueError as error:
            row.add(column, error)
            return None


class StudentValidator(_Validator):
    kind = STUDENTS

    def __init__(self, school):
        super().__init__(school)
        self.today = timezone.localdate()
        self.year = AcademicYear.objects.filter(school=school, is_current=True).first()
        self.classes = {}
        if self.year is not None:
            for pk, grade, letter in ClassGroup.objects.filter(school=school, year=self.year).values_list(
                "pk", "grade", "letter"
            ):
                self.classes[v.class_key(grade, letter)] = pk
        self.db_pins, self.db_people = {}, {}
        for pin, last, first, patr, birth in Student.objects.filter(school=school).values_list(
            "pin", "last_name", "first_name", "patronymic", "birth_date"
        ):
            name = " ".join(p for p in (last, first, patr) if p)
            if pin:
                self.db_pins[pin] = name
            self.db_people[(*person_key(last, first, patr), birth)] = name
        self.db_guardians = {}
        for pk, last, first, patr, phone in Guardian.objects.filter(school=school).values_list(
            "pk", "last_name", "first_name", "patronymic", "phone"
        ):
            self.db_guardians.setdefault((*person_key(last, first, patr), v.phone_digits(phone)), pk)
        self.file_people, self.file_guardians = {}, {}

    def validate(self, number, record):
        row = RowResult(number=number)
        c = self.columns
        for key in ("last_name", "first_name", "patronymic", "address"):
            row.values[key] = self.cell(row, record, key) or ""
        pin = self.cell(row, record, "pin") or ""
        row.values["pin"] = pin

        birth_raw, sex_raw = record.get("birth_date"), record.get("sex")
        if pin and (birth_raw is None or v.text(birth_raw) == ""):
            birth = v.pin_birth_date(pin)
        else:
            birth = self.cell(row, record, "birth_date")
        if pin and (sex_raw is None or v.text(sex_raw) == ""):
            sex = v.pin_sex(pin)
        else:
            sex = self.cell(row, record, "sex")
        if birth is not None and not self.today.year - 30 <= birth.year <= self.today.year - 4:
            row.add(c["birth_date"], _("%(date)s is not a plausible birth date of a pupil.")
                    % {"date": birth.strftime("%d.%m.%Y")})
        # a PIN that disagrees with the sex or birth date is a warning: confirming the import overrides it
        for warning in pin_mismatches(pin, sex, birth):
            row.warn(c["pin"], warning)
        row.values["birth_date"], row.values["sex"] = birth, sex

        class_name = self.cell(row, record, "class")
        row.values["class_group_id"] = None
        if class_name is not None:
            grade, letter = class_name
            row.values["class_label"] = f"{grade} «{letter}»"
            for key in v.class_lookup_keys(grade, letter):
                if key in self.classes:
                    row.values["class_group_id"] = self.classes[key]
                    break
            else:
                row.add(c["class"], _("There is no class %(name)s in the academic year %(year)s.")
                        % {"name": f"{grade} «{letter}»", "year": self.year.name})
        enrolled = self.cell(row, record, "enrolled_on")
        if enrolled and birth and enrolled <= birth:
            row.add(c["enrolled_on"], _("The enrolment date is before the birth date."))
        if enrolled and enrolled > self.today + datetime.timedelta(days=366):
            row.add(c["enrolled_on"], _("The enrolment date is too far in the future."))
        row.values["enrolled_on"] = enrolled

        self._duplicates(row)
        for n in (1, 2):
            self._guardian(row, record, n)
        return row

    def _duplicates(self, row):
        c = self.columns
        pin = row.values["pin"]
        if pin:
            if pin in self.db_pins:
                row.add(c["pin"], _("A student with this PIN is already in the register: %(name)s.")
                        % {"name": self.db_pins[pin]})
            # PINs shared by rows of the file are flagged on all of them at the end (_flag_shared_pins)
        if row.values["last_name"] and row.values["first_name"] and row.values["birth_date"]:
            key = (*person_key(row.values["last_name"], row.values["first_name"], row.values["patronymic"]),
                   row.values["birth_date"])
            if key in self.db_people:
                row.add(None, _("%(name)s, born %(date)s, is already in the register.")
                        % {"name": self.db_people[key], "date": row.values["birth_date"].strftime("%d.%m.%Y")})
            elif key in self.file_people:
                row.add(None, _("The same person as in row %(row)s.") % {"row": self.file_people[key]})
            else:
                self.file_people[key] = row.number

    def _guardian(self, row, record, n):
        keys = {name: f"g{n}_{name}" for name in GUARDIAN_FIELDS}
        if all(record.get(k) is None or v.text(record.get(k)) == "" for k in keys.values()):
            return
        values = {}
        for name, key in keys.items():
            values[name] = self.cell(row, record, key)
        for name in ("last_name", "first_name"):
            if not values[name]:
                row.add(self.columns[keys[name]], _("This field is required when the parent's other columns are filled."))
        if not values["last_name"] or not values["first_name"]:
            return
        for name in GUARDIAN_FIELDS:
            values[name] = values[name] or ""
        if not values["relation"]:
            values["relation"] = v.guess_relation(values["patronymic"], values["first_name"])
        key = guardian_key(values)
        if any(g.key == key for g in row.guardians):
            row.add(self.columns[keys["last_name"]], _("Parent 1 and parent 2 are the same person."))
            return
        guardian = GuardianRow(values=values, key=key, existing_id=self.db_guardians.get(key))
        guardian.first_row = self.file_guardians.setdefault(key, row.number)
        row.guardians.append(guardian)


class StaffValidator(_Validator):
    kind = STAFF

    def __init__(self, school):
        super().__init__(school)
        self.db_people = {}
        for last, first, patr in StaffMember.objects.filter(school=school).values_list(
            "last_name", "first_name", "patronymic"
        ):
            self.db_people[person_key(last, first, patr)] = " ".join(p for p in (last, first, patr) if p)
        self.file_people = {}
        self.subjects = {}
        for pk, name_ky, name_ru, short_ky, short_ru in Subject.objects.filter(school=school).values_list(
            "pk", "name_ky", "name_ru", "short_ky", "short_ru"
        ):
            for name in (name_ky, name_ru, short_ky, short_ru):
                if name:
                    self.subjects.setdefault(v.normalize_name(name), pk)

    def validate(self, number, record):
        row = RowResult(number=number)
        c = self.columns
        for key in ("last_name", "first_name", "patronymic", "extra_positions", "education_ky", "education_ru",
                    "specialty_ky", "specialty_ru", "phone", "email"):
            row.values[key] = self.cell(row, record, key) or ""
        row.values["position"] = self.cell(row, record, "position") or Position.TEACHER
        for key in ("education_level", "qualification"):
            value = self.cell(row, record, key)
            if value:
                row.values[key] = value
        for key in ("total_experience", "specialty_experience"):
            row.values[key] = self.cell(row, record, key) or 0
        if row.values["specialty_experience"] > row.values["total_experience"]:
            row.add(c["specialty_experience"], _("Experience in the specialty is longer than the total experience."))
        row.values["hired_on"] = self.cell(row, record, "hired_on")
        row.values["subject_ids"] = self._subjects(row, record)
        row.values["is_teaching"] = row.values["position"] in {
            Position.TEACHER, Position.PRIMARY_TEACHER, Position.DEPUTY_ACADEMIC, Position.DEPUTY_EDUCATION,
            Position.DIRECTOR,
        }
        if row.values["last_name"] and row.values["first_name"]:
            key = person_key(row.values["last_name"], row.values["first_name"], row.values["patronymic"])
            if key in self.db_people:
                row.add(None, _("%(name)s is already on the staff list.") % {"name": self.db_people[key]})
            elif key in self.file_people:
                row.add(None, _("The same person as in row %(row)s.") % {"row": self.file_people[key]})
            else:
                self.file_people[key] = row.number
        return row

    def _subjects(self, row, record):
        raw = v.text(record.get("subjects"))
        if not raw:
            return []
        ids, unknown = [], []
        for part in raw.replace(";", ",").split(","):
            name = v.normalize_name(part)
            if not name:
                continue
            if name in self.subjects:
                ids.append(self.subjects[name])
            else:
                unknown.append(part.strip())
        if unknown:
            row.add(self.columns["subjects"], _("Unknown subjects: %(names)s.") % {"names": ", ".join(unknown)})
        return sorted(set(ids))

