"""A register of any size built with the register factories, for the timetable / plans / demo
tests of the class journal (part B) and for trying the journal demo before the register demo
lands: quarters with holidays, subjects with curriculum hours, classes with class teachers,
subject teachers, split English lessons, students, a parent of two, a deputy and a director.

    school = build_register(grades=range(1, 12), letters="АБВ", students=30)   # full size
"""

import datetime
import random
from decimal import Decimal

from journal.register import factories as f
from journal.register.models import CurriculumHours, Holiday, PeriodKind, StudyPeriod
from portal.roles import Role

QUARTERS = [
    (1, datetime.date(2026, 9, 1), datetime.date(2026, 10, 31)),
    (2, datetime.date(2026, 11, 9), datetime.date(2026, 12, 29)),
    (3, datetime.date(2027, 1, 12), datetime.date(2027, 3, 20)),
    (4, datetime.date(2027, 4, 1), datetime.date(2027, 5, 25)),
]
HOLIDAYS = [
    ("Күзгү каникул", datetime.date(2026, 11, 1), datetime.date(2026, 11, 8)),
    ("Кышкы каникул", datetime.date(2026, 12, 30), datetime.date(2027, 1, 11)),
    ("Аялдар күнү", datetime.date(2027, 3, 8), datetime.date(2027, 3, 8)),
    ("Жазгы каникул", datetime.date(2027, 3, 21), datetime.date(2027, 3, 31)),
]
# (name_ky, name_ru, short_ky, short_ru, {grade range: hours})
SUBJECTS = [
    ("Математика", "Математика", "Мат.", "Мат.", {(1, 4): 4, (5, 6): 5}),
    ("Алгебра", "Алгебра", "Алг.", "Алг.", {(7, 11): 3}),
    ("Геометрия", "Геометрия", "Геом.", "Геом.", {(7, 11): 2}),
    ("Кыргыз тили", "Кыргызский язык", "Кырг. т.", "Кырг. яз.", {(1, 4): 5, (5, 9): 3, (10, 11): 2}),
    ("Кыргыз адабияты", "Кыргызская литература", "Кырг. ад.", "Кырг. лит.", {(5, 11): 2}),
    ("Окуу", "Чтение", "Окуу", "Чтение", {(1, 4): 3}),
    ("Орус тили", "Русский язык", "Орус т.", "Рус. яз.", {(2, 11): 2}),
    ("Англис тили", "Английский язык", "Англ.", "Англ.", {(3, 11): 2}),
    ("Мекен таануу", "Родиноведение", "Мекен т.", "Родинов.", {(1, 4): 1}),
    ("Тарых", "История", "Тарых", "Ист.", {(5, 11): 2}),
    ("Биология", "Биология", "Биол.", "Биол.", {(6, 11): 2}),
    ("География", "География", "Геогр.", "Геогр.", {(6, 10): 2}),
    ("Физика", "Физика", "Физ.", "Физ.", {(7, 11): 2}),
    ("Химия", "Химия", "Хим.", "Хим.", {(8, 11): 2}),
    ("Информатика", "Информатика", "Инф.", "Инф.", {(7, 11): 1}),
    ("Дене тарбия", "Физическая культура", "Дене т.", "Физ-ра", {(1, 11): 2}),
    ("Музыка", "Музыка", "Муз.", "Муз.", {(1, 7): 1}),
    ("Сүрөт", "Изобразительное искусство", "Сүрөт", "ИЗО", {(1, 7): 1}),
]


def hours_for(spec, grade):
    for (lo, hi), hours in spec.items():
        if lo <= grade <= hi:
            return hours
    return 0


def build_register(school=None, *, grades=range(1, 12), letters="А", students=6, seed=1, year=None):
    rng = random.Random(seed)
    school = school or f.SchoolFactory(code="planning", name_ky="№5 Жаңы-Жол орто мектеби",
                                       name_ru="Средняя школа №5 Жаны-Жол",
                                       director_name="Касенова Бактыгүл Асановна",
                                       deputy_name="Кадырова Эльмира Бакытовна")
    if year is None:
        year = f.AcademicYearFactory(school=school)
    for number, start, end in QUARTERS:
        StudyPeriod.objects.get_or_create(year=year, kind=PeriodKind.QUARTER, number=number, grade_from=1,
                                          grade_to=11, defaults={"start": start, "end": end})
    StudyPeriod.objects.get_or_create(year=year, kind=PeriodKind.YEAR, number=1, grade_from=1, grade_to=11,
                                      defaults={"start": year.start, "end": year.end})
    for name, start, end in HOLIDAYS:
        Holiday.objects.get_or_create(year=year, name=name, start=start, end=end)

    deputy = f.user_with_role(school, Role.DEPUTY, f"deputy-{school.code}", first_name="Эльмира",
                              last_name="Кадырова")
    director = f.user_with_role(school, Role.DIRECTOR, f"director-{school.code}", first_name="Бактыгүл",
                                last_name="Касенова")
    subjects = []
    for order, (ky, ru, sky, sru, spec) in enumerate(SUBJECTS, start=1):
        subject = f.SubjectFactory(school=school, name_ky=ky, name_ru=ru, short_ky=sky, short_ru=sru)
        subject.order = order
        subject.save(update_fields=["order"])
        subjects.append((subject, spec))
        for grade in grades:
            hours = hours_for(spec, grade)
            if hours:
                CurriculumHours.objects.get_or_create(school=school, year=year, grade=grade, subject=subject,
                                                      defaults={"hours_per_week": Decimal(hours)})

    teacher_no = [0]

    def new_teacher(specialty):
        teacher_no[0] += 1
        n = teacher_no[0]
        user = f.user_with_role(school, Role.TEACHER, f"t{n}-{school.code}", first_name=f.KY_FEMALE_NAMES[n % 20],
                                last_name=f.feminine_surname(f.KY_SURNAMES[n % 25]))
        return f.StaffMemberFactory(school=school, user=user, last_name=user.last_name, first_name=user.first_name,
                                    specialty_ky=specialty, specialty_ru=specialty)

    # subject teachers: one per subject and ~6 classes (two for English subgroups)
    pools = {}

    def teacher_for(subject, slot, pool_key=""):
        pool = pools.setdefault((subject.pk, pool_key), [])
        index = slot // 6
        while len(pool) <= index:
            pool.append(new_teacher(subject.name_ky))
        return pool[index]

    classes, all_students = [], []
    slot_of_subject = {}
    for grade in grades:
        for letter in letters:
            primary = grade <= 4
            class_teacher = new_teacher("Башталгыч класстардын мугалими" if primary else "Мугалим")
            class_group = f.ClassGroupFactory(school=school, year=year, grade=grade, letter=letter,
                                              class_teacher=class_teacher, room=str(200 + len(classes)),
                                              language="ru" if letter == "В" else "ky")
            classes.append(class_group)
            for subject, spec in subjects:
                hours = hours_for(spec, grade)
                if not hours:
                    continue
                slot = slot_of_subject.get(subject.pk, 0)
                slot_of_subject[subject.pk] = slot + 1
                if primary and subject.name_ky not in ("Англис тили", "Дене тарбия", "Орус тили"):
                    teacher = class_teacher
                else:
                    teacher = teacher_for(subject, slot)
                if subject.name_ky == "Англис тили" and grade >= 5:
                    second = teacher_for(subject, slot, "second group")  # never the first group's teacher
                    f.TeachingAssignmentFactory(class_group=class_group, subject=subject, teacher=teacher,
                                                subgroup=1, hours_per_week=hours)
                    f.TeachingAssignmentFactory(class_group=class_group, subject=subject, teacher=second,
                                                subgroup=2, hours_per_week=hours)
                else:
                    f.TeachingAssignmentFactory(class_group=class_group, subject=subject, teacher=teacher,
                                                hours_per_week=hours)
            for i in range(students):
                sex = "f" if i % 2 else "m"
                person = f.random_person(rng, sex, russian=class_group.language == "ru")
                all_students.append(f.StudentFactory(school=school, class_group=class_group, sex=sex, **person))
    # a parent of two children in different classes, a student with a login
    parent = f.user_with_role(school, Role.PARENT, f"parent-{school.code}")
    guardian = f.GuardianFactory(school=school, user=parent)
    children = [all_students[0], all_students[-1]] if len(all_students) > 1 else all_students
    for child in children:
        f.StudentGuardianFactory(student=child, guardian=guardian)
    student_user = f.user_with_role(school, Role.STUDENT, f"student-{school.code}")
    pupil = all_students[len(all_students) // 2]
    pupil.user = student_user
    pupil.save(update_fields=["user"])
    school.demo = {"year": year, "classes": classes, "deputy": deputy, "director": director, "parent": parent,
                   "children": children, "student_user": student_user, "pupil": pupil}
    return school
