"""factory_boy factories of the register, shared by the tests and the demo-data command."""

import datetime
import random

import factory
from factory.django import DjangoModelFactory

from portal.models import Membership, School, User
from portal.roles import Role

from . import models

KY_MALE_NAMES = ["Айбек", "Бакыт", "Эрлан", "Нурлан", "Азамат", "Темирлан", "Улан", "Бектур", "Адилет", "Жоомарт",
                 "Мирлан", "Нурсултан", "Эмир", "Арсен", "Данияр", "Элдияр", "Курманбек", "Марат", "Чыңгыз", "Үмөт"]
KY_FEMALE_NAMES = ["Айгерим", "Айпери", "Нургүл", "Жылдыз", "Гүлзат", "Асель", "Бегимай", "Айжан", "Мээрим", "Нуриза",
                   "Элнура", "Айдана", "Каныкей", "Бүбүсара", "Чолпон", "Зарина", "Сезим", "Айзада", "Өмүркан", "Төлгөнай"]
KY_SURNAMES = ["Асанов", "Токтогулов", "Исаков", "Жумабеков", "Садыков", "Мамытов", "Осмонов", "Кадыров", "Бекмуратов",
               "Сатыбалдиев", "Абдыкалыков", "Турсунбаев", "Эшматов", "Үсөнов", "Төрөбеков", "Орозбаев", "Шаршеев",
               "Калыков", "Момунов", "Жээнбеков", "Алыбаев", "Маматов", "Токтосунов", "Нурбеков", "Карыпов"]
RU_MALE_NAMES = ["Алексей", "Дмитрий", "Сергей", "Андрей", "Иван", "Михаил", "Николай", "Павел", "Артём", "Владимир"]
RU_FEMALE_NAMES = ["Елена", "Ольга", "Наталья", "Татьяна", "Анна", "Мария", "Светлана", "Ирина", "Людмила", "Юлия"]
RU_SURNAMES = ["Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Васильев", "Соколов", "Морозов", "Волков", "Фёдоров"]


def feminine_surname(surname):
    """Асанов → Асанова, Сатыбалдиев → Сатыбалдиева (Kyrgyz and Russian surnames in -ов/-ев/-ин)."""
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    return surname


def patronymic_from(father_name, sex):
    """Kyrgyz-style patronymic: Бакыт → Бакытович / Бакытовна (as written in school documents)."""
    base = father_name
    if base.endswith("й"):
        base = base[:-1] + "е"
        return base + ("вич" if sex == "m" else "вна")
    return base + ("ович" if sex == "m" else "овна")


def random_person(rng, sex, russian=False):
    surnames = RU_SURNAMES if russian else KY_SURNAMES
    names = (RU_MALE_NAMES if sex == "m" else RU_FEMALE_NAMES) if russian else (
        KY_MALE_NAMES if sex == "m" else KY_FEMALE_NAMES)
    father = rng.choice(RU_MALE_NAMES if russian else KY_MALE_NAMES)
    surname = rng.choice(surnames)
    if sex == "f":
        surname = feminine_surname(surname)
    return {"last_name": surname, "first_name": rng.choice(names), "patronymic": patronymic_from(father, sex)}


def make_pin(sex, birth_date, rng):
    """A valid-looking ПИН: sex digit (1 female, 2 male), DDMMYYYY, 5 random digits."""
    return f"{1 if sex == 'f' else 2}{birth_date:%d%m%Y}{rng.randint(0, 99999):05d}"


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ("code",)

    name_ky = factory.Sequence(lambda n: f"№{n + 1} орто мектеби")
    name_ru = factory.Sequence(lambda n: f"Средняя школа №{n + 1}")
    code = factory.Sequence(lambda n: f"school-{n + 1}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Айбек"
    last_name = "Асанов"
    password = factory.django.Password("Mektep-2026")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    role = Role.TEACHER


class AcademicYearFactory(DjangoModelFactory):
    class Meta:
        model = models.AcademicYear

    school = factory.SubFactory(SchoolFactory)
    name = "2026–2027"
    start = datetime.date(2026, 9, 1)
    end = datetime.date(2027, 5, 31)
    is_current = True


class StudyPeriodFactory(DjangoModelFactory):
    class Meta:
        model = models.StudyPeriod

    year = factory.SubFactory(AcademicYearFactory)
    kind = models.PeriodKind.QUARTER
    number = 2
    start = datetime.date(2026, 11, 10)
    end = datetime.date(2026, 12, 29)
    grade_from = 1
    grade_to = 11


class SubjectFactory(DjangoModelFactory):
    class Meta:
        model = models.Subject
        django_get_or_create = ("school", "name_ky")

    school = factory.SubFactory(SchoolFactory)
    name_ky = factory.Sequence(lambda n: f"Математика {n}")
    name_ru = factory.Sequence(lambda n: f"Математика {n}")


class StaffMemberFactory(DjangoModelFactory):
    class Meta:
        model = models.StaffMember

    school = factory.SubFactory(SchoolFactory)
    last_name = factory.Iterator(KY_SURNAMES)
    first_name = factory.Iterator(KY_FEMALE_NAMES)
    patronymic = "Бакытовна"
    position = "teacher"
    qualification = "first"
    total_experience = 12
    specialty_experience = 10
    specialty_ky = "Математика мугалими"
    specialty_ru = "Учитель математики"


class ClassGroupFactory(DjangoModelFactory):
    class Meta:
        model = models.ClassGroup

    school = factory.SubFactory(SchoolFactory)
    year = factory.SubFactory(AcademicYearFactory, school=factory.SelfAttribute("..school"))
    grade = 5
    letter = factory.Sequence(lambda n: "АБВГДЕЖЗ"[n % 8])


class StudentFactory(DjangoModelFactory):
    class Meta:
        model = models.Student

    school = factory.SubFactory(SchoolFactory)
    last_name = factory.Iterator(KY_SURNAMES)
    first_name = factory.Iterator(KY_MALE_NAMES)
    patronymic = "Нурланович"
    sex = "m"
    birth_date = datetime.date(2015, 3, 14)
    class_group = None
    enrolled_on = datetime.date(2021, 9, 1)


class GuardianFactory(DjangoModelFactory):
    class Meta:
        model = models.Guardian

    school = factory.SubFactory(SchoolFactory)
    last_name = factory.Iterator([feminine_surname(s) for s in KY_SURNAMES])
    first_name = factory.Iterator(KY_FEMALE_NAMES)
    patronymic = "Асановна"
    phone = factory.Sequence(lambda n: f"+996 555 {n % 1000:03d} {(n * 7) % 1000:03d}")


class StudentGuardianFactory(DjangoModelFactory):
    class Meta:
        model = models.StudentGuardian

    student = factory.SubFactory(StudentFactory)
    guardian = factory.SubFactory(GuardianFactory, school=factory.SelfAttribute("..student.school"))
    relation = "mother"


class TeachingAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = models.TeachingAssignment

    class_group = factory.SubFactory(ClassGroupFactory)
    school = factory.SelfAttribute("class_group.school")
    year = factory.SelfAttribute("class_group.year")
    teacher = factory.SubFactory(StaffMemberFactory, school=factory.SelfAttribute("..class_group.school"))
    subject = factory.SubFactory(SubjectFactory, school=factory.SelfAttribute("..class_group.school"))
    hours_per_week = 5


def user_with_role(school, role, username, **user_fields):
    """A user holding `role` in `school` (password Mektep-2026)."""
    user = UserFactory(username=username, **user_fields)
    Membership.objects.get_or_create(user=user, school=school, role=role)
    return user


def rng_for(seed):
    return random.Random(seed)
