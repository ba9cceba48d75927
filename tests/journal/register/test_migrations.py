"""Issue 8 §1: an installation built from the main of before the register move (register
migrations up to 0002, class journal up to 0002) migrates to today's schema with no data change:
the same rows, the same names; only what the later migrations add (name keys, phone numbers in
one form, private files) is filled in."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from portal import private_files

OLD_MAIN = [("journal", "0002_account_issue_private_consent_scans"), ("gradebook", "0002_lesson_grade_type_period_lock")]


def _executor():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True)
def test_database_of_the_old_main_migrates_with_no_data_change():
    executor = _executor()
    leaves = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(OLD_MAIN)
        old = _executor().loader.project_state(OLD_MAIN).apps
        School = old.get_model("portal", "School")
        school = School.objects.create(code="old-main", name_ky="№1 мектеп", name_ru="Школа №1")
        year = old.get_model("journal", "AcademicYear").objects.create(
            school=school, name="2026–2027", start=datetime.date(2026, 9, 1), end=datetime.date(2027, 5, 31),
            is_current=True)
        group = old.get_model("journal", "ClassGroup").objects.create(school=school, year=year, grade=5, letter="А")
        Student = old.get_model("journal", "Student")
        for last in ("Үсөнов", "токтогулов", "Абдыкеров"):
            Student.objects.create(school=school, class_group=group, last_name=last, first_name="Азамат",
                                   sex="m", birth_date=datetime.date(2015, 3, 14), enrolled_on=datetime.date(2021, 9, 1))
        guardian = old.get_model("journal", "Guardian").objects.create(
            school=school, last_name="Токтогулова", first_name="Айгүл", phone="0555 123 456")
        subject = old.get_model("journal", "Subject").objects.create(school=school, name_ky="Математика",
                                                                      name_ru="Математика")
        teacher = old.get_model("journal", "StaffMember").objects.create(school=school, last_name="Асанова",
                                                                         first_name="Гүлнара")
        assignment = old.get_model("journal", "TeachingAssignment").objects.create(
            school=school, year=year, class_group=group, subject=subject, teacher=teacher)
        public_name = default_storage.save("homework/2026/11/dz.pdf", ContentFile(b"%PDF homework"))
        lesson = old.get_model("gradebook", "Lesson").objects.create(
            school=school, assignment=assignment, date=datetime.date(2026, 11, 12), lesson_number=1,
            homework_file=public_name)
        before = sorted(Student.objects.values_list("pk", "last_name", "first_name", "class_group_id"))

        _executor().migrate(leaves)

        new = _executor().loader.project_state(leaves).apps
        NewStudent = new.get_model("journal", "Student")
        assert sorted(NewStudent.objects.values_list("pk", "last_name", "first_name", "class_group_id")) == before
        keys = dict(NewStudent.objects.values_list("last_name", "name_key"))
        assert keys["токтогулов"].startswith("токтогулов")
        assert all(NewStudent.objects.values_list("sort_key", flat=True))
        assert new.get_model("journal", "Guardian").objects.get(pk=guardian.pk).phone == "+996555123456"
        moved = new.get_model("gradebook", "Lesson").objects.get(pk=lesson.pk).homework_file.name
        assert moved != public_name and moved.endswith("/dz.pdf")
        assert not default_storage.exists(public_name)
        assert private_files.private_storage.open(moved).read() == b"%PDF homework"
    finally:
        _executor().migrate(leaves)
