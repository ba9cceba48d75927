"""Benchmark: the dry run and the import of 1,500 students with 1–2 parents each from XLSX.

    DATABASE_URL=postgres://… .venv/bin/python bench/import_students.py

Uses portal.settings.dev and the configured DATABASE_URL; creates a throwaway school with one
academic year and 33 classes, writes an XLSX with openpyxl, times the dry run and the import,
prints `import_1500_dry_run_s: X s` and `import_1500_students_s: X s`, then deletes its school."""

import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import translation  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from journal.register.factories import make_pin, random_person, rng_for  # noqa: E402
from journal.register.imports.columns import STUDENT_COLUMNS, STUDENTS, header_label  # noqa: E402
from journal.register.models import AcademicYear, ClassGroup, Student  # noqa: E402
from journal.register.services.imports import import_apply, import_preview  # noqa: E402
from portal.models import School  # noqa: E402

N = 1500
CODE = "bench-import"


def build_school():
    School.objects.filter(code=CODE).delete()
    school = School.objects.create(code=CODE, name_ky="Бенчмарк мектеби", name_ru="Школа для замеров")
    year = AcademicYear.objects.create(school=school, name="2026–2027", start=datetime.date(2026, 9, 1),
                                       end=datetime.date(2027, 5, 31), is_current=True)
    classes = []
    for grade in range(1, 12):
        for letter in "АБВ":
            classes.append(ClassGroup.objects.create(school=school, year=year, grade=grade, letter=letter))
    return school, classes


def write_file(path, classes):
    rng = rng_for(1500)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    with translation.override("ky"):
        sheet.append([header_label(c) for c in STUDENT_COLUMNS])
    keys = [c.key for c in STUDENT_COLUMNS]
    for n in range(N):
        cg = classes[n % len(classes)]
        sex = rng.choice("mf")
        person = random_person(rng, sex)
        birth = datetime.date(2026 - 6 - cg.grade, rng.randint(1, 12), rng.randint(1, 28))
        row = {
            "last_name": person["last_name"], "first_name": person["first_name"],
            "patronymic": f"{person['patronymic']} {n}",  # unique people
            "birth_date": birth, "sex": "Ж" if sex == "f" else "Э", "pin": make_pin(sex, birth, rng),
            "class": f"{cg.grade} «{cg.letter}»", "address": "Бишкек ш.",
        }
        mother = random_person(rng, "f")
        row.update({"g1_last_name": mother["last_name"], "g1_first_name": mother["first_name"],
                    "g1_patronymic": mother["patronymic"], "g1_relation": "эне",
                    "g1_phone": f"+996 555 {n:06d}"})
        if n % 2:
            father = random_person(rng, "m")
            row.update({"g2_last_name": father["last_name"], "g2_first_name": father["first_name"],
                        "g2_patronymic": father["patronymic"], "g2_phone": f"+996 700 {n:06d}"})
        sheet.append([row.get(k) for k in keys])
    workbook.save(path)


def main():
    school, classes = build_school()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "students.xlsx"
            write_file(path, classes)
            print(f"database: {connection.vendor}; file: {path.stat().st_size // 1024} KB, {N} students")
            with translation.override("ky"):
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as dry_queries:
                    preview = import_preview(school=school, kind=STUDENTS, path=path)
                dry = time.perf_counter() - started
                assert preview.is_valid, [e.message for r in preview.error_rows[:5] for e in r.errors]
                print(f"import_1500_dry_run_s: {dry:.2f} s ({len(dry_queries)} queries)")

                def progress(stage, done, total):
                    if stage != "validate":
                        print(f"  {stage}: {done}/{total}")

                started = time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    result = import_apply(school=school, kind=STUDENTS, path=path, progress=progress)
                took = time.perf_counter() - started
            assert Student.objects.filter(school=school).count() == N
            print(f"import_1500_students_s: {took:.2f} s ({len(queries)} queries; {result.created} students, "
                  f"{result.guardians_created} parents)")
    finally:
        School.objects.filter(pk=school.pk).delete()


if __name__ == "__main__":
    main()
