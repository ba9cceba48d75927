"""The demo school's register: ~1,000 students in 33 classes (grades 1–11), their parents, ~60
staff with full R-S8 data, subjects, the curriculum, teaching assignments, the academic year
2026–2027 with quarters (grades 1–9), half-years (10–11) and holidays, consents, logins of the
demo accounts, a few classes with logins and visits.

Re-runnable: the demo school's register is deleted and built again (bulk inserts; a few seconds
on SQLite). Demo accounts (password Mektep-2026): director, deputy, sysadmin, teacher (mathematics
in 5–9 «А»), classteacher (class teacher of 5 «А»), parent (three children in different
classes), student (5 «А»). Every other staff member has a login with the same password.
"""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.test.utils import override_settings
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from portal.models import Membership, School, User, Visit
from portal.roles import Role

from .factories import (
    KY_FEMALE_NAMES,
    KY_MALE_NAMES,
    KY_SURNAMES,
    RU_FEMALE_NAMES,
    RU_MALE_NAMES,
    RU_SURNAMES,
    feminine_surname,
    make_pin,
    patronymic_from,
)
from .models import (
    AcademicYear,
    AccountIssue,
    AccountKind,
    ClassGroup,
    Consent,
    ConsentScope,
    CurriculumHours,
    EducationLevel,
    Guardian,
    MovementKind,
    MovementReason,
    MovementRecord,
    Position,
    QualificationCategory,
    Relation,
    StaffMember,
    Student,
    StudentGuardian,
    StudentStatus,
    Subject,
    TeachingAssignment,
)
from .services.accounts import latin_slug, unique_usernames, username_base
from .services.school import SCHEME_HALVES, year_create

DEMO_CODE = "demo"
NAMED_LOGINS = ("director", "deputy", "sysadmin", "teacher", "classteacher", "parent", "student")
DEMO_PASSWORD = "Mektep-2026"
TODAY = datetime.date(2026, 11, 21)
LETTERS = "АБВ"
RUSSIAN_CLASSES = {(2, "В"), (4, "В"), (6, "В"), (8, "В"), (10, "В")}

# (key, order, name_ky, name_ru, short_ky, short_ru, hours per week in grades 1..11)
SUBJECTS = [
    ("kyr", 1, "Кыргыз тили", "Кыргызский язык", "Кырг. тили", "Кырг. яз.", [4, 4, 4, 4, 4, 4, 3, 3, 3, 2, 2]),
    ("read", 2, "Адабий окуу", "Литературное чтение", "Ад. окуу", "Лит. чтение", [3, 3, 3, 3, 0, 0, 0, 0, 0, 0, 0]),
    ("kyrlit", 3, "Кыргыз адабияты", "Кыргызская литература", "Кырг. адаб.", "Кырг. лит.", [0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2]),
    ("rus", 4, "Орус тили", "Русский язык", "Орус тили", "Рус. яз.", [2, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2]),
    ("eng", 5, "Англис тили", "Английский язык", "Англ. тили", "Англ. яз.", [0, 2, 2, 2, 3, 3, 3, 3, 3, 2, 2]),
    ("math", 6, "Математика", "Математика", "Матем.", "Матем.", [4, 4, 4, 4, 5, 5, 0, 0, 0, 0, 0]),
    ("alg", 7, "Алгебра", "Алгебра", "Алгебра", "Алгебра", [0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 3]),
    ("geom", 8, "Геометрия", "Геометрия", "Геом.", "Геом.", [0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2]),
    ("inf", 9, "Информатика", "Информатика", "Информ.", "Информ.", [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1]),
    ("phys", 10, "Физика", "Физика", "Физика", "Физика", [0, 0, 0, 0, 0, 0, 2, 2, 3, 3, 3]),
    ("chem", 11, "Химия", "Химия", "Химия", "Химия", [0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2]),
    ("bio", 12, "Биология", "Биология", "Биол.", "Биол.", [0, 0, 0, 0, 1, 1, 2, 2, 2, 2, 2]),
    ("geo", 13, "География", "География", "Геогр.", "Геогр.", [0, 0, 0, 0, 1, 2, 2, 2, 2, 1, 1]),
    ("hist_kg", 14, "Кыргызстан тарыхы", "История Кыргызстана", "КР тарыхы", "Ист. КР", [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1]),
    ("hist_w", 15, "Дүйнө тарыхы", "Всемирная история", "Дүйнө тар.", "Всем. ист.", [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1]),
    ("society", 16, "Адам жана коом", "Человек и общество", "Адам/коом", "Чел. и общ.", [0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]),
    ("world", 17, "Мекен таануу", "Родиноведение", "Мекен т.", "Родинов.", [1, 1, 2, 2, 0, 0, 0, 0, 0, 0, 0]),
    ("music", 18, "Музыка", "Музыка", "Музыка", "Музыка", [1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]),
    ("art", 19, "Сүрөт", "Изобразительное искусство", "Сүрөт", "ИЗО", [1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]),
    ("tech", 20, "Технология", "Технология", "Технол.", "Технол.", [1, 1, 1, 1, 2, 2, 2, 1, 0, 0, 0]),
    ("pe", 21, "Дене тарбия", "Физическая культура", "Дене тарб.", "Физ-ра", [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]),
    ("nvp", 22, "Аскердик даярдык", "Допризывная подготовка", "Аск. даярд.", "НВП", [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]),
]

# Who teaches what: group key, subjects, grades, target load (h/week), specialty ky/ru, women share.
PRIMARY_SUBJECTS = ("kyr", "read", "math", "world", "art", "tech")
GROUPS = [
    ("kyrlang", ("kyr", "kyrlit"), range(5, 12), 21, "Кыргыз тили жана адабияты мугалими",
     "Учитель кыргызского языка и литературы", 0.9),
    ("ruslang", ("rus",), range(1, 12), 21, "Орус тили жана адабияты мугалими", "Учитель русского языка и литературы", 1.0),
    ("english", ("eng",), range(2, 12), 22, "Англис тили мугалими", "Учитель английского языка", 0.9),
    ("math", ("math", "alg", "geom"), range(5, 12), 22, "Математика мугалими", "Учитель математики", 0.7),
    ("inf", ("inf",), range(5, 12), 24, "Информатика мугалими", "Учитель информатики", 0.4),
    ("phys", ("phys",), range(7, 12), 20, "Физика мугалими", "Учитель физики", 0.5),
    ("chem", ("chem",), range(8, 12), 24, "Химия жана биология мугалими", "Учитель химии и биологии", 0.8),
    ("bio", ("bio",), range(5, 12), 20, "Биология мугалими", "Учитель биологии", 0.9),
    ("geo", ("geo",), range(5, 12), 20, "География мугалими", "Учитель географии", 0.6),
    ("hist", ("hist_kg", "hist_w", "society"), range(5, 12), 20, "Тарых мугалими", "Учитель истории", 0.6),
    ("music", ("music",), range(1, 8), 22, "Музыка мугалими", "Учитель музыки", 0.7),
    ("art", ("art", "tech"), range(5, 9), 16, "Сүрөт жана технология мугалими",
     "Учитель изобразительного искусства и технологии", 0.6),
    ("pe", ("pe",), range(1, 12), 24, "Дене тарбия мугалими", "Учитель физической культуры", 0.2),
    ("nvp", ("nvp",), range(10, 12), 12, "Аскердик даярдык мугалими", "Преподаватель-организатор НВП", 0.0),
]
# Subjects split into two subgroups (grades 5–11).
SPLIT = {"eng": range(5, 12)}

UNIVERSITIES = [
    ("Жалал-Абад мамлекеттик университети", "Жалал-Абадский государственный университет"),
    ("Ош мамлекеттик университети", "Ошский государственный университет"),
    ("И. Арабаев атындагы Кыргыз мамлекеттик университети", "Кыргызский государственный университет им. И. Арабаева"),
    ("Ж. Баласагын атындагы Кыргыз улуттук университети", "Кыргызский национальный университет им. Ж. Баласагына"),
    ("Жалал-Абад педагогикалык колледжи", "Джалал-Абадский педагогический колледж"),
]
TRAININGS = [
    ("Жалал-Абад облустук мугалимдердин квалификациясын жогорулатуу институту, «Жаңы муундагы предметтик стандарттар», 72 саат",
     "Джалал-Абадский областной институт повышения квалификации учителей, «Предметные стандарты нового поколения», 72 часа"),
    ("Кыргыз билим берүү академиясы, «Окутуунун интерактивдүү ыкмалары», 36 саат",
     "Кыргызская академия образования, «Интерактивные методы обучения», 36 часов"),
    ("«Күндөлүк» электрондук журналы менен иштөө, онлайн-курс, 16 саат",
     "Работа с электронным журналом «Күндөлүк», онлайн-курс, 16 часов"),
    ("Республикалык мугалимдердин квалификациясын жогорулатуу институту, «Инклюзивдүү билим берүү», 72 саат",
     "Республиканский институт повышения квалификации, «Инклюзивное образование», 72 часа"),
]
STREETS = ["Ленин", "Токтогул", "Эркиндик", "Барпы", "Чолпонбай", "Курманбек", "Жеңижок", "Айтматов", "Манас", "Исанов",
           "Кадыркулов", "Ырысбаев", "Асан Жансейитов"]
WORKPLACES = ["Жалал-Абад облустук клиникалык ооруканасы", "№5 бала бакча", "Жеке ишкер", "«Жалал-Абад» соода борбору",
              "Шаардык мэрия", "Кыргыз Темир Жолу", "№3 орто мектеп", "Айыл чарба кооперативи", "Мобилдик байланыш дүкөнү",
              "Салык кызматы", "Курулуш компаниясы", "Үй-бүлөлүк дарыгерлер борбору", "Россияда иштейт", ""]
EXTRA_KY_MALE = ["Бекжан", "Нурбек", "Талант", "Жыргалбек", "Канат", "Руслан", "Замир", "Алмаз", "Тилек", "Медер"]
EXTRA_KY_FEMALE = ["Гүлнара", "Динара", "Назира", "Жаңыл", "Урмат", "Гүлмира", "Айнура", "Мөлдир", "Нуржан", "Шайыргүл"]


def _log(stdout, text):
    if stdout is not None:
        stdout.write(text)


def demo_code(number=1):
    """The code of the demo school `number` (1: "demo"; 2…: "demo2", … for `demo_school --schools N`)."""
    return DEMO_CODE if number == 1 else f"{DEMO_CODE}{number}"


def demo_suffix(number=1):
    """What the logins of the demo school `number` end with: "" for the first ("director"), the
    number for the others ("director2"), so that every school has the same named accounts."""
    return "" if number == 1 else str(number)


def _demo_school(number=1):
    school, _ = School.objects.get_or_create(code=demo_code(number), defaults={"name_ky": "-", "name_ru": "-"})
    n = 8 if number == 1 else 100 + number
    school.name_ky = f"Асан Жансейитов атындагы №{n} орто мектеби"
    school.name_ru = f"Средняя школа №{n} имени Асана Жансейитова"
    school.short_name = f"№{n} мектеп"
    school.address_ky = "Жалал-Абад ш., Асан Жансейитов көч., 12"
    school.address_ru = "г. Джалал-Абад, ул. Асана Жансейитова, 12"
    school.director_name = "Касенова Бактыгүл Асанбековна"
    school.deputy_name = "Кадырова Эльмира Токтогуловна"
    school.save()
    return school


def _fast_delete_school_rows(school, app_label):
    """Delete an app's rows of the school with plain DELETEs (no per-row signals): the class
    journal's ~100,000 lessons, grades and absences would otherwise be loaded one by one by the
    cascade from the academic year. Only when every table pointing at them is deleted too."""
    models = [m for m in apps.get_app_config(app_label).get_models()
              if any(f.name == "school" and f.is_relation for f in m._meta.fields)]
    chosen = set(models)
    for model in apps.get_models():
        for f in model._meta.fields:
            if f.is_relation and f.related_model in chosen and f.db_constraint and model not in chosen:
                return False
    order, done = [], set()
    while len(order) < len(models):
        progressed = False
        for model in models:
            if model in done:
                continue
            referrers = {m for m in models if m is not model and m not in done and any(
                f.is_relation and f.related_model is model and f.db_constraint for f in m._meta.fields)}
            if not referrers:
                order.append(model)
                done.add(model)
                progressed = True
        if not progressed:
            return False
    for model in order:
        queryset = model._base_manager.filter(school=school)
        queryset._raw_delete(queryset.db)
    return True


def wipe_register(school):
    """Delete the school's register (and, through it, its journal) and the demo users."""
    person_users = set()
    for model in (Student, Guardian, StaffMember):
        person_users |= set(model.objects.filter(school=school, user__isnull=False).values_list("user_id", flat=True))
    member_users = set(Membership.objects.filter(school=school).values_list("user_id", flat=True))
    student_ids = list(Student.objects.filter(school=school).values_list("pk", flat=True))
    elsewhere = set(Membership.objects.filter(user_id__in=member_users).exclude(school=school).values_list(
        "user_id", flat=True))
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        _fast_delete_school_rows(school, "gradebook")
        AcademicYear.objects.filter(school=school).delete()
        MovementRecord.objects.filter(school=school).delete()
        Consent.objects.filter(school=school).delete()
        StudentGuardian.objects.filter(student__school=school).delete()
        Student.objects.filter(school=school).delete()
        Guardian.objects.filter(school=school).delete()
        StaffMember.objects.filter(school=school).delete()
        Subject.objects.filter(school=school).delete()
        AccountIssue.objects.filter(school=school).delete()
        Membership.objects.filter(school=school).delete()
        User.objects.filter(pk__in=(person_users | member_users) - elsewhere, is_superuser=False).delete()
    for model in (Student, Guardian, StaffMember, Consent):
        model.history.filter(school_id=school.pk).delete()
    StudentGuardian.history.filter(student_id__in=student_ids).delete()
    Membership.history.filter(school_id=school.pk).delete()


class _Builder:
    def __init__(self, school, seed, stdout, suffix=""):
        self.school = school
        self.suffix = suffix
        self.rng = random.Random(seed)
        self.stdout = stdout
        self.pins = set()
        self.phones = set()
        self.password_hash = make_password(DEMO_PASSWORD)
        self.at = timezone.make_aware(datetime.datetime(2026, 9, 1, 9, 0))

    # --- helpers -----------------------------------------------------------------------------
    def login(self, username):
        """The school's login: "director", or "director2" in the second demo school. Generated
        logins ("aibek.asanov") get ".2" instead, so no two schools' logins can meet."""
        if not self.suffix:
            return username
        return f"{username}.{self.suffix}" if "." in username else f"{username}{self.suffix}"

    def phone(self):
        while True:
            number = f"+996 {self.rng.choice(['555', '700', '707', '770', '772', '777', '999', '550'])} " \
                     f"{self.rng.randint(100, 999)} {self.rng.randint(100, 999)}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def pin(self, sex, birth_date):
        while True:
            value = make_pin(sex, birth_date, self.rng)
            if value not in self.pins:
                self.pins.add(value)
                return value

    def male_names(self, russian=False):
        return RU_MALE_NAMES if russian else KY_MALE_NAMES + EXTRA_KY_MALE

    def female_names(self, russian=False):
        return RU_FEMALE_NAMES if russian else KY_FEMALE_NAMES + EXTRA_KY_FEMALE

    def address(self):
        return f"Жалал-Абад ш., {self.rng.choice(STREETS)} көч., {self.rng.randint(1, 140)}"

    # --- year, subjects, classes ---------------------------------------------------------------
    def build_year(self):
        self.year = year_create(school=self.school, start_year=2026, upper_scheme=SCHEME_HALVES, make_current=True)
        self.subjects = {}
        subjects = [Subject(school=self.school, order=order, name_ky=ky, name_ru=ru, short_ky=sky, short_ru=sru)
                    for key, order, ky, ru, sky, sru, _h in SUBJECTS]
        Subject.objects.bulk_create(subjects)
        for (key, *_rest), subject in zip(SUBJECTS, subjects, strict=True):
            self.subjects[key] = subject
        self.hours = {key: hours for key, *_m, hours in SUBJECTS}
        CurriculumHours.objects.bulk_create([
            CurriculumHours(school=self.school, year=self.year, grade=g, subject=self.subjects[key],
                            hours_per_week=Decimal(h))
            for key, hours in self.hours.items() for g, h in enumerate(hours, start=1) if h
        ])
        classes = []
        for grade in range(1, 12):
            for i, letter in enumerate(LETTERS):
                classes.append(ClassGroup(
                    school=self.school, year=self.year, grade=grade, letter=letter,
                    language="ru" if (grade, letter) in RUSSIAN_CLASSES else "ky",
                    room=f"{1 if grade <= 4 else 2 if grade <= 8 else 3}{(grade * 3 + i) % 20 + 1:02d}",
                ))
        ClassGroup.objects.bulk_create(classes)
        self.classes = classes
        self.class_by_name = {(c.grade, c.letter): c for c in classes}

    # --- staff and teaching assignments --------------------------------------------------------
    def _staff(self, *, position, female, russian=False, specialty=("", ""), teaching=True, experience=None):
        rng = self.rng
        sex = "f" if female else "m"
        first = rng.choice(self.female_names(russian) if female else self.male_names(russian))
        surname = rng.choice(RU_SURNAMES if russian else KY_SURNAMES)
        father = rng.choice(self.male_names(russian))
        total = experience if experience is not None else rng.randint(1, 38)
        spec_exp = max(0, total - rng.choice([0, 0, 0, 1, 2, 4]))
        qualification = (QualificationCategory.NONE if total < 3 else QualificationCategory.SECOND if total < 8
                         else QualificationCategory.FIRST if total < 16 else QualificationCategory.HIGHEST)
        uni_ky, uni_ru = rng.choice(UNIVERSITIES[:4]) if position != Position.PRIMARY_TEACHER else rng.choice(
            UNIVERSITIES)
        college = "колледж" in uni_ky
        graduated = 2026 - total - rng.randint(0, 1)
        level = (EducationLevel.SECONDARY_VOCATIONAL if college
                 else rng.choice([EducationLevel.HIGHER] * 8 + [EducationLevel.MASTER]))
        trainings = rng.sample(TRAININGS, k=rng.randint(1, 2))
        years = sorted(rng.sample(range(2022, 2027), k=len(trainings)), reverse=True)
        member = StaffMember(
            school=self.school, last_name=feminine_surname(surname) if female else surname, first_name=first,
            patronymic=patronymic_from(father, sex), position=position, education_level=level,
            education_ky=f"{uni_ky}, {graduated}-ж.", education_ru=f"{uni_ru}, {graduated} г.",
            qualification=qualification, specialty_ky=specialty[0], specialty_ru=specialty[1],
            training_ky="\n".join(f"{y} — {t[0]}" for y, t in zip(years, trainings, strict=True)),
            training_ru="\n".join(f"{y} — {t[1]}" for y, t in zip(years, trainings, strict=True)),
            publications=("«Сабакта санариптик ресурстарды колдонуу», «Кут билим» гезити, 2024"
                          if rng.random() < 0.12 else ""),
            total_experience=total, specialty_experience=spec_exp, phone=self.phone(),
            email="", is_teaching=teaching, is_public=teaching, is_active=True,
            hired_on=datetime.date(max(1990, 2026 - rng.randint(0, total)), 8, 25),
        )
        return member

    def build_staff(self):
        rng = self.rng
        self.staff = []
        self.director = self._staff(position=Position.DIRECTOR, female=True, teaching=False, experience=31,
                                    specialty=("Тарых мугалими", "Учитель истории"))
        self.director.last_name, self.director.first_name, self.director.patronymic = "Касенова", "Бактыгүл", "Асанбековна"
        self.deputy = self._staff(position=Position.DEPUTY_ACADEMIC, female=True, teaching=False, experience=24,
                                  specialty=("Математика мугалими", "Учитель математики"))
        self.deputy.last_name, self.deputy.first_name, self.deputy.patronymic = "Кадырова", "Эльмира", "Токтогуловна"
        deputy_edu = self._staff(position=Position.DEPUTY_EDUCATION, female=True, teaching=False,
                                 specialty=("Педагог", "Педагог"))
        self.sysadmin = self._staff(position=Position.ADMINISTRATOR, female=False, teaching=False, experience=9,
                                    specialty=("Информатика мугалими", "Учитель информатики"))
        self.sysadmin.last_name, self.sysadmin.first_name, self.sysadmin.patronymic = "Мамытов", "Азамат", "Нурланович"
        others = [
            self._staff(position=Position.LIBRARIAN, female=True, teaching=False, specialty=("Китепканачы", "Библиотекарь")),
            self._staff(position=Position.PSYCHOLOGIST, female=True, teaching=False,
                        specialty=("Педагог-психолог", "Педагог-психолог")),
            self._staff(position=Position.SOCIAL_PEDAGOGUE, female=True, teaching=False,
                        specialty=("Социалдык педагог", "Социальный педагог")),
        ]
        self.staff += [self.director, self.deputy, deputy_edu, self.sysadmin, *others]

        # units of teaching: (class, subject key, subgroup, hours)
        assignments = []  # (staff, class, subject key, subgroup, hours)
        self.primary = {}
        for c in self.classes:
            if c.grade <= 4:
                teacher = self._staff(position=Position.PRIMARY_TEACHER, female=rng.random() < 0.95,
                                      russian=c.language == "ru",
                                      specialty=("Башталгыч класстардын мугалими", "Учитель начальных классов"))
                self.primary[c.pk] = teacher
                self.staff.append(teacher)
                for key in PRIMARY_SUBJECTS:
                    h = self.hours[key][c.grade - 1]
                    if h:
                        assignments.append((teacher, c, key, 0, h))
        self.group_teachers = {}
        for key, subjects, grades, target, spec_ky, spec_ru, women in GROUPS:
            # a unit: one class (or one subgroup of it) with all the group's subjects, so a class
            # has one teacher of mathematics for algebra and geometry alike
            units = []
            for c in sorted((c for c in self.classes if c.grade in grades),
                            key=lambda c: (c.grade > 9, c.grade <= 4, c.letter, c.grade)):
                lessons = [(s, self.hours[s][c.grade - 1]) for s in subjects
                           if self.hours[s][c.grade - 1] and not (c.grade <= 4 and s in PRIMARY_SUBJECTS)]
                if not lessons:
                    continue
                split = all(s in SPLIT and c.grade in SPLIT[s] for s, _h in lessons)
                for sg in (1, 2) if split else (0,):
                    units.append((c, sg, lessons))
            if not units:
                continue
            units.sort(key=lambda u: u[1] == 2)  # second subgroups last: one teacher per class group
            total = sum(h for _c, _sg, lessons in units for _s, h in lessons)
            n = max(1, round(total / target))
            teachers = [self._staff(position=Position.TEACHER, female=rng.random() < women,
                                    russian=key == "ruslang" and rng.random() < 0.5, specialty=(spec_ky, spec_ru))
                        for _ in range(n)]
            self.group_teachers[key] = teachers
            self.staff += teachers
            remaining, i, load = total, 0, 0
            for c, sg, lessons in units:
                share = remaining / (n - i) if n - i else remaining
                if load >= share - 0.5 and i < n - 1:
                    remaining -= load
                    i, load = i + 1, 0
                for subject, hours in lessons:
                    assignments.append((teachers[i], c, subject, sg, hours))
                    load += hours
        for m in self.staff:
            if rng.random() < 0.4:
                m.email = f"{latin_slug(m.first_name)}.{latin_slug(m.last_name)}@mektep8.kg"
        StaffMember.objects.bulk_create(self.staff)
        StaffMember.history.bulk_history_create(self.staff, default_date=self.at)
        TeachingAssignment.objects.bulk_create([
            TeachingAssignment(school=self.school, year=self.year, teacher=t, class_group=c,
                               subject=self.subjects[s], subgroup=sg, hours_per_week=Decimal(h))
            for t, c, s, sg, h in assignments
        ])
        through = StaffMember.subjects.through
        pairs = {(t.pk, self.subjects[s].pk) for t, c, s, sg, h in assignments}
        through.objects.bulk_create([through(staffmember_id=a, subject_id=b) for a, b in pairs])
        self.assignments = assignments
        self.math_teacher = self.group_teachers["math"][0]  # 5–9 «А»

        # class teachers: primary teachers for 1–4; for 5–11 a teacher of the class, one class each
        taken = set()
        order = ["kyrlang", "ruslang", "hist", "english", "bio", "geo", "chem", "phys", "inf", "math", "art", "pe"]
        by_class = defaultdict(set)
        for t, c, *_rest in assignments:
            by_class[c.pk].add(t)
        for c in self.classes:
            if c.grade <= 4:
                c.class_teacher = self.primary[c.pk]
                continue
            candidates = []
            for key in order:
                for t in self.group_teachers.get(key, []):
                    if t in by_class[c.pk] and t.pk not in taken and t is not self.math_teacher:
                        candidates.append(t)
            if c.language == "ru":
                candidates.sort(key=lambda t: t not in self.group_teachers["ruslang"])
            if candidates:
                c.class_teacher = candidates[0]
                taken.add(candidates[0].pk)
        ClassGroup.objects.bulk_update(self.classes, ["class_teacher"])
        self.classteacher = self.class_by_name[(5, "А")].class_teacher

    # --- students and parents ------------------------------------------------------------------
    def build_people(self):
        rng = self.rng
        sizes = {c.pk: rng.randint(27, 33) for c in self.classes}
        slots = defaultdict(list)  # grade -> [class, ...] one entry per place
        for c in self.classes:
            slots[c.grade] += [c] * sizes[c.pk]
        for grade in slots:
            rng.shuffle(slots[grade])

        students, guardians, links = [], [], []
        self.families = []

        def child(c, surname, father, russian, sex=None, first=None):
            sex = sex or rng.choice("mf")
            start = datetime.date(2026 - 6 - c.grade, 9, 1)
            birth = start + datetime.timedelta(days=rng.randint(0, 364))
            s = Student(
                school=self.school, class_group=c, last_name=feminine_surname(surname) if sex == "f" else surname,
                first_name=first or rng.choice(self.female_names(russian) if sex == "f" else self.male_names(russian)),
                patronymic=patronymic_from(father, sex), sex=sex, birth_date=birth, pin=self.pin(sex, birth),
                address=self.address(), status=StudentStatus.STUDYING,
                enrolled_on=datetime.date(2026 - c.grade + 1, 9, 1) if rng.random() < 0.93 else datetime.date(
                    rng.randint(2026 - c.grade + 1, 2026), rng.choice([1, 9, 10, 11]), rng.randint(1, 20)),
            )
            if s.enrolled_on > TODAY:
                s.enrolled_on = datetime.date(2026, 9, 1)
            return s

        def family(classes, russian=False, fixed=None):
            fixed = fixed or {}
            surname = fixed.get("surname") or rng.choice(RU_SURNAMES if russian else KY_SURNAMES)
            father = fixed.get("father") or rng.choice(self.male_names(russian))
            kids = [child(c, surname, father, russian, *(fixed.get("kids", [])[i] if fixed.get("kids") else ()))
                    for i, c in enumerate(classes)]
            members = []
            kind = rng.random()
            if kind < 0.03 and not fixed:
                members.append((Relation.GRANDMOTHER, Guardian(
                    school=self.school, last_name=feminine_surname(rng.choice(KY_SURNAMES)),
                    first_name=rng.choice(self.female_names()), patronymic=patronymic_from(rng.choice(KY_MALE_NAMES), "f"),
                    phone=self.phone(), workplace="Пенсионер")))
            else:
                if fixed or rng.random() < 0.92:
                    mother_surname = surname if rng.random() < 0.6 else rng.choice(KY_SURNAMES)
                    members.append((Relation.MOTHER, Guardian(
                        school=self.school, last_name=feminine_surname(mother_surname),
                        first_name=fixed.get("mother") or rng.choice(self.female_names(russian)),
                        patronymic=patronymic_from(rng.choice(self.male_names(russian)), "f"),
                        phone=self.phone(), phone2=self.phone() if rng.random() < 0.2 else "",
                        workplace=rng.choice(WORKPLACES))))
                if fixed or not members or rng.random() < 0.55:
                    members.append((Relation.FATHER, Guardian(
                        school=self.school, last_name=surname, first_name=father,
                        patronymic=patronymic_from(rng.choice(self.male_names(russian)), "m"),
                        phone=self.phone(), workplace=rng.choice(WORKPLACES))))
            for _relation, g in members:
                if rng.random() < 0.3:
                    g.email = f"{latin_slug(g.first_name)}.{latin_slug(g.last_name)}{rng.randint(1, 99)}@gmail.com"
            students.extend(kids)
            guardians.extend(g for _r, g in members)
            self.families.append((kids, members))
            return kids, members

        def take(grade):
            return slots[grade].pop() if slots[grade] else None

        # the demo family: three children in 2 «Б», 5 «А», 9 «В»; the father has the "parent" login
        demo_classes = [self.class_by_name[(2, "Б")], self.class_by_name[(5, "А")], self.class_by_name[(9, "В")]]
        for c in demo_classes:
            slots[c.grade].remove(c)
        kids, members = family(demo_classes, fixed={
            "surname": "Асанов", "father": "Бакыт", "mother": "Айгерим",
            "kids": [("f", "Айпери"), ("m", "Нурсултан"), ("m", "Эмир")]})
        self.demo_family = (kids, members)

        while any(slots.values()):
            size = rng.choices([1, 2, 3], weights=[55, 32, 13])[0]
            grades = [g for g in slots if slots[g]]
            chosen = rng.sample(grades, k=min(size, len(grades)))
            classes = [take(g) for g in chosen]
            russian = any(c.language == "ru" for c in classes) and rng.random() < 0.45
            family([c for c in classes if c is not None], russian=russian)

        bulk_create_with_history(students, Student, default_date=self.at, default_user=self.deputy_user)
        bulk_create_with_history(guardians, Guardian, default_date=self.at, default_user=self.deputy_user)
        for kids, members in self.families:
            for s in kids:
                for relation, g in members:
                    links.append(StudentGuardian(student=s, guardian=g, relation=relation))
        bulk_create_with_history(links, StudentGuardian, default_date=self.at, default_user=self.deputy_user)
        self.students, self.guardians = students, guardians

        # consents: most families on the parents' meeting in September; a few missing, two withdrawn
        consents = []
        for kids, members in self.families:
            if rng.random() < 0.04 and kids is not self.demo_family[0]:
                continue
            giver_relation, giver = members[0]
            given_on = datetime.date(2026, 9, rng.randint(2, 20))
            for s in kids:
                consents.append(Consent(school=self.school, student=s, given_by=giver.full_name,
                                        given_by_relation=str(giver_relation.label), given_on=given_on,
                                        scope=ConsentScope.REGISTER, recorded_by=self.deputy_user))
            for _r, g in members:
                consents.append(Consent(school=self.school, guardian=g, given_by=g.full_name, given_on=given_on,
                                        scope=ConsentScope.REGISTER, recorded_by=self.deputy_user))
        for consent in rng.sample([c for c in consents if c.student is not None
                                   and c.student not in self.demo_family[0]], k=2):
            consent.withdrawn_on = datetime.date(2026, 10, rng.randint(5, 25))
        for m in self.staff:
            if m in (self.staff[-1], self.staff[-7]):
                continue  # two staff members have not signed yet
            for scope in (ConsentScope.REGISTER, ConsentScope.PUBLIC_SITE):
                consents.append(Consent(school=self.school, staff_member=m, given_by=m.full_name,
                                        given_on=datetime.date(2026, 8, 28), scope=scope, recorded_by=self.deputy_user))
        bulk_create_with_history(consents, Consent, default_date=self.at, default_user=self.deputy_user)

    # --- movement: a few arrivals and departures this year -------------------------------------
    def build_movement(self):
        rng = self.rng
        records = []
        candidates = [s for s in self.students if s not in self.demo_family[0] and s.class_group.grade > 1]
        for s in rng.sample(candidates, k=4):
            date = datetime.date(2026, rng.choice([9, 10]), rng.randint(7, 28))
            reason = rng.choice([MovementReason.OTHER_SCHOOL, MovementReason.RELOCATION, MovementReason.ABROAD])
            records.append(MovementRecord(
                school=self.school, student=s, kind=MovementKind.DEPARTURE, date=date,
                order_number=f"{rng.randint(40, 90)}-к", class_from=s.class_group, reason=reason,
                other_school="Бишкек ш., №61 мектеп-гимназия" if reason == MovementReason.OTHER_SCHOOL else "",
                region="Россия Федерациясы" if reason == MovementReason.ABROAD else "",
                recorded_by=self.deputy_user))
            s.status, s.left_on, s.class_group = StudentStatus.LEFT, date, None
        left = {r.student_id for r in records}
        arrivals = [s for s in self.students if s.pk not in left and s.enrolled_on and
                    datetime.date(2026, 9, 2) <= s.enrolled_on <= TODAY]
        for s in rng.sample(candidates, k=5):
            if s.pk in left or len(arrivals) >= 6:
                continue
            s.enrolled_on = datetime.date(2026, rng.choice([9, 10, 11]), rng.randint(3, 19))
            arrivals.append(s)
        for s in arrivals:
            records.append(MovementRecord(
                school=self.school, student=s, kind=MovementKind.ARRIVAL, date=s.enrolled_on,
                order_number=f"{rng.randint(40, 90)}-к", class_to=s.class_group, reason=MovementReason.FROM_SCHOOL,
                other_school=rng.choice(["Ош ш., №5 орто мектеп", "Сузак району, Кара-Дарыя орто мектеби",
                                         "Бишкек ш., №12 орто мектеп"]),
                recorded_by=self.deputy_user))
        MovementRecord.objects.bulk_create(records)
        Student.objects.bulk_update(self.students, ["status", "left_on", "class_group", "enrolled_on"])

    # --- logins, roles, visits -----------------------------------------------------------------
    def build_users(self):
        named = {
            self.director.pk: ("director", [Role.DIRECTOR]),
            self.deputy.pk: ("deputy", [Role.DEPUTY]),
            self.sysadmin.pk: ("sysadmin", [Role.SYSADMIN]),
            self.math_teacher.pk: ("teacher", [Role.TEACHER]),
            self.classteacher.pk: ("classteacher", [Role.TEACHER]),
        }
        # teachers and the deputy for educational work get logins; the librarian, the psychologist
        # and the social pedagogue not yet (the Roles page offers to create them)
        others = [m for m in self.staff if m.pk not in named and (
            m.is_teaching or m.position == Position.DEPUTY_EDUCATION)]
        generated = unique_usernames([self.login(username_base(m.first_name, m.last_name)) for m in others])
        reserved = {self.login(u) for u in NAMED_LOGINS}
        generated = [u if u not in reserved else f"{u}1" for u in generated]
        users, memberships = [], []
        self.staff_users = {}
        for m, username in [*[(m, self.login(named[m.pk][0])) for m in self.staff if m.pk in named],
                            *zip(others, generated, strict=True)]:
            u = User(username=username, first_name=m.first_name, last_name=m.last_name, patronymic=m.patronymic,
                     password=self.password_hash, language="ky", date_joined=self.at)
            users.append(u)
            self.staff_users[m.pk] = (m, u)
        User.objects.bulk_create(users)
        for m, u in self.staff_users.values():
            m.user = u
            roles = named[m.pk][1] if m.pk in named else [Role.TEACHER]
            memberships += [Membership(user=u, school=self.school, role=r) for r in roles]
        StaffMember.objects.bulk_update(self.staff, ["user"])
        Membership.objects.bulk_create(memberships)
        self.deputy_user = self.staff_users[self.deputy.pk][1]

    def build_family_logins(self):
        """The demo parent and student, and every student and parent of a few classes (as if the
        deputy had issued them in September; unusable passwords: re-issue to print slips)."""
        kids, members = self.demo_family
        father = next(g for r, g in members if r == Relation.FATHER)
        son_5a = next(s for s in kids if s.class_group == self.class_by_name[(5, "А")])
        issued_classes = [self.class_by_name[k] for k in [(3, "А"), (5, "А"), (8, "Б"), (10, "А")]]
        class_ids = {c.pk for c in issued_classes}
        students = [s for s in self.students if s.class_group_id in class_ids and s.status == StudentStatus.STUDYING]
        sids = {s.pk for s in students}
        guardian_ids = set()
        for kids_, members_ in self.families:
            if any(s.pk in sids for s in kids_):
                guardian_ids |= {g.pk for _r, g in members_}
        guardians = [g for g in self.guardians if g.pk in guardian_ids]
        people = [(s, AccountKind.STUDENT, Role.STUDENT) for s in students] + [
            (g, AccountKind.PARENT, Role.PARENT) for g in guardians]
        free = [p for p, _k, _r in people if p is not son_5a and p is not father]
        generated = iter(unique_usernames([self.login(username_base(p.first_name, p.last_name)) for p in free]))
        users, memberships, issues = [], [], []
        for p, kind, role in people:
            if p is son_5a:
                username, password = self.login("student"), self.password_hash
            elif p is father:
                username, password = self.login("parent"), self.password_hash
            else:
                username, password = next(generated), "!demo-unusable"
            u = User(username=username, first_name=p.first_name, last_name=p.last_name, patronymic=p.patronymic,
                     password=password, language="ru" if p._meta.model_name == "student" and p.class_group.language == "ru"
                     else "ky", must_change_password=password.startswith("!"), date_joined=self.at)
            p.user = u
            users.append((p, kind, role, u))
        User.objects.bulk_create([u for *_x, u in users])
        Student.objects.bulk_update([p for p, k, r, u in users if k == AccountKind.STUDENT], ["user"])
        Guardian.objects.bulk_update([p for p, k, r, u in users if k == AccountKind.PARENT], ["user"])
        for _p, kind, role, u in users:
            memberships.append(Membership(user=u, school=self.school, role=role))
            issues.append(AccountIssue(school=self.school, user=u, kind=kind, issued_by=self.deputy_user))
        Membership.objects.bulk_create(memberships)
        AccountIssue.objects.bulk_create(issues)
        AccountIssue.objects.filter(school=self.school).update(issued_at=timezone.make_aware(
            datetime.datetime(2026, 9, 10, 14, 0)))
        self.login_users = [(u, kind) for _p, kind, _r, u in users]

    def build_visits(self):
        rng = self.rng
        visits = []
        days = [TODAY - datetime.timedelta(days=d) for d in range(0, 60)]
        school_days = [d for d in days if d.weekday() < 6 and not (datetime.date(2026, 11, 2) <= d <= datetime.date(2026, 11, 8))]
        staff_users = [u for _m, u in self.staff_users.values()]
        people = [(u, 0.9, 0.85) for u in staff_users] + [
            (u, 0.7 if kind == AccountKind.STUDENT else 0.55, rng.uniform(0.15, 0.6)) for u, kind in self.login_users]
        for user, uses, freq in people:
            if user.username in {self.login(u) for u in NAMED_LOGINS}:
                uses, freq = 1.0, 0.8
            if rng.random() > uses:
                continue
            for d in school_days:
                if rng.random() < freq:
                    logins = rng.choice([1, 1, 1, 2])
                    visits.append(Visit(user=user, school=self.school, date=d, logins=logins,
                                        page_views=logins * rng.randint(2, 14)))
        Visit.objects.bulk_create(visits)
        last = {}
        for v in visits:
            last[v.user_id] = max(last.get(v.user_id, v.date), v.date)
        users = User.objects.filter(pk__in=last.keys())
        for u in users:
            u.last_login = timezone.make_aware(datetime.datetime.combine(last[u.pk], datetime.time(19, 30)))
        User.objects.bulk_update(users, ["last_login"])
        self.visit_count = len(visits)

    def build_history_samples(self):
        """A few everyday corrections, so the person pages show a history."""
        kids, members = self.demo_family
        son = next(s for s in kids if s.class_group == self.class_by_name[(5, "А")])
        ct_user = self.staff_users[self.classteacher.pk][1]
        son.address = "Жалал-Абад ш., Токтогул көч., 77, 12-батир"
        son._history_user = ct_user
        son._history_date = timezone.make_aware(datetime.datetime(2026, 10, 6, 16, 20))
        son.save()
        mother = next(g for r, g in members if r == Relation.MOTHER)
        mother.phone2 = "+996 700 456 789"
        mother.workplace = "Жалал-Абад облустук клиникалык ооруканасы"
        mother._history_user = ct_user
        mother._history_date = timezone.make_aware(datetime.datetime(2026, 10, 14, 11, 5))
        mother.save()


def build_register(*, seed=2026, stdout=None, number=1):
    """Build (or rebuild) the demo school's register. Returns the School. `number` > 1 builds
    another demo school of the same deployment (code "demo2", logins "director2" …)."""
    school = _demo_school(number)
    wipe_register(school)
    b = _Builder(school, seed if number == 1 else seed + number, stdout, demo_suffix(number))
    b.build_year()
    b.build_staff()
    b.build_users()
    b.build_people()
    b.build_movement()
    b.build_family_logins()
    b.build_visits()
    b.build_history_samples()
    _log(stdout, (
        f"register: {len(b.classes)} classes, {len(b.students)} students, {len(b.guardians)} parents, "
        f"{len(b.staff)} staff, {len(b.assignments)} teaching assignments, {b.visit_count} visit days"
    ))
    return school


__all__ = ["DEMO_CODE", "DEMO_PASSWORD", "build_register", "demo_code", "demo_suffix", "wipe_register"]
