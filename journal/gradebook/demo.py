"""The demo class journal: a school year of timetable, lessons, plans, grades and absences.

`build_journal(school)` runs after the register demo (`journal/register/demo.py: build_register`) has
created the school, its classes, subjects, teaching assignments, study periods and holidays.
It deletes the school's journal rows and builds them again (re-runnable):

- bell times, school events;
- a timetable for every class from its assignments' weekly hours (no teacher in two places,
  each teacher in their own room; split subjects taught to both subgroups at once);
- every lesson of the year from the timetable (the lesson generator's own rules);
- a calendar-thematic plan for every assignment (titles from a small bank per subject, in the
  class's language), planned dates from the lessons;
- the demo's "today" (default: the real today; env MEKTEP_DEMO_TODAY=YYYY-MM-DD moves it):
  lessons up to it are held, with the plan's topic, homework, attendance taken, grades and
  absences; later lessons are planned and empty. A few teachers are a little behind, so the
  fill control has something to show;
- grades: about 0.3 per student and lesson (mostly 4 and 3, some 5, few 2; none where the
  scale has no marks — grade 1, grade 2 in the first half-year), every student in a control
  lesson; each mark drawn around the student's level in the subject on that day, which drifts
  over the year (MarkModel: ability, subject offset, a per-student trend, noise); about 5 % of
  student-lessons absent (mostly ill for a few days, some excused; a few frequent truants);
- period grades for the study periods that ended before "today", which are closed: the weighted
  average rounded, the last marks deciding on the border (_teacher_grade); н/а without marks or
  with under 3 marks and half the lessons missed.

With the real today (late November) that is ~80,000 grades; a full year — set
MEKTEP_DEMO_TODAY to the last day of the year — gives ~300,000. Bulk inserts in batches, no
per-row queries.
"""

import datetime
import math
import os
import random
import time
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.utils import timezone

from journal.register.models import (
    AcademicYear,
    ClassGroup,
    Student,
    StudentStatus,
    StudyPeriod,
    SubgroupMembership,
    TeachingAssignment,
)
from portal.models import Membership
from portal.roles import Role

from .models import (
    AbsenceStatus,
    AssessmentRule,
    Attendance,
    BellTime,
    Grade,
    GradeType,
    Lesson,
    LessonStatus,
    PeriodGrade,
    PeriodGradeKind,
    PeriodGradeSpecial,
    PlanTopic,
    SchoolEvent,
    TimetableEntry,
)
from .selectors.calendar import YearCalendar
from .services.grade_types import grade_types_ensure_defaults
from .services.lesson_generation import expected_lessons, lessons_generate
from .services.scales import scale_for

BATCH = 5000
GRADE_DENSITY = 0.28          # grades per present student and ordinary lesson
SECOND_GRADE = 0.06           # share of graded students who get a second grade in the lesson
BELLS = [("08:00", "08:45"), ("08:55", "09:40"), ("09:50", "10:35"), ("10:55", "11:40"),
         ("11:50", "12:35"), ("12:45", "13:30"), ("13:40", "14:25"), ("14:35", "15:20")]


def _say(stdout, message):
    if stdout is not None:
        stdout.write(message)


def demo_today():
    value = os.environ.get("MEKTEP_DEMO_TODAY", "").strip()
    if value:
        return datetime.date.fromisoformat(value)
    return timezone.localdate()


# --- topic banks -------------------------------------------------------------------------------

TOPICS = {
    "math": {
        "ky": [("Натуралдык сандар", ["Натуралдык сандарды окуу жана жазуу", "Сандарды салыштыруу", "Кошуу жана кемитүү",
                                      "Көбөйтүү жана бөлүү", "Амалдардын тартиби", "Тегеректөө"]),
               ("Бөлчөктөр", ["Жөнөкөй бөлчөктөр", "Бөлчөктөрдү салыштыруу", "Бөлчөктөрдү кошуу", "Ондук бөлчөктөр",
                              "Ондук бөлчөктөрдү көбөйтүү", "Пайыздар"]),
               ("Теңдемелер", ["Сызыктуу теңдеме", "Теңдемелер менен маселе чыгаруу", "Теңсиздиктер",
                               "Теңдемелер системасы"]),
               ("Геометрия", ["Кесинди жана түз сызык", "Бурчтар", "Үч бурчтуктар", "Периметр жана аянт",
                              "Тик бурчтуу параллелепипед", "Айлана жана тегерек"])],
        "ru": [("Натуральные числа", ["Чтение и запись натуральных чисел", "Сравнение чисел", "Сложение и вычитание",
                                      "Умножение и деление", "Порядок действий", "Округление"]),
               ("Дроби", ["Обыкновенные дроби", "Сравнение дробей", "Сложение дробей", "Десятичные дроби",
                          "Умножение десятичных дробей", "Проценты"]),
               ("Уравнения", ["Линейное уравнение", "Решение задач с помощью уравнений", "Неравенства",
                              "Системы уравнений"]),
               ("Геометрия", ["Отрезок и прямая", "Углы", "Треугольники", "Периметр и площадь",
                              "Прямоугольный параллелепипед", "Окружность и круг"])],
    },
    "language": {
        "ky": [("Фонетика", ["Үндүү жана үнсүз тыбыштар", "Үндөштүк мыйзамы", "Муун жана басым"]),
               ("Лексика", ["Сөздүн мааниси", "Синонимдер жана антонимдер", "Фразеологизмдер"]),
               ("Морфология", ["Зат атооч", "Сын атооч", "Сан атооч", "Ат атооч", "Этиш", "Тактооч"]),
               ("Синтаксис", ["Сүйлөм мүчөлөрү", "Жөнөкөй сүйлөм", "Татаал сүйлөм", "Тыныш белгилери"])],
        "ru": [("Фонетика", ["Гласные и согласные звуки", "Слог и ударение", "Звуко-буквенный разбор"]),
               ("Лексика", ["Лексическое значение слова", "Синонимы и антонимы", "Фразеологизмы"]),
               ("Морфология", ["Имя существительное", "Имя прилагательное", "Имя числительное", "Местоимение",
                               "Глагол", "Наречие"]),
               ("Синтаксис", ["Члены предложения", "Простое предложение", "Сложное предложение",
                              "Знаки препинания"])],
    },
    "literature": {
        "ky": [("Оозеки адабият", ["Макал-лакаптар", "Жомоктор", "«Манас» эпосу", "Табышмактар"]),
               ("Кыргыз адабияты", ["Токтогулдун ырлары", "Ч. Айтматов «Биринчи мугалим»", "А. Осмоновдун лирикасы",
                                    "Т. Сыдыкбеков «Балдар»"]),
               ("Дүйнөлүк адабият", ["А. С. Пушкиндин жомоктору", "Л. Толстойдун аңгемелери", "Ж. Лондон"])],
        "ru": [("Устное народное творчество", ["Пословицы и поговорки", "Сказки", "Эпос «Манас»", "Загадки"]),
               ("Русская литература", ["А. С. Пушкин. Сказки", "И. А. Крылов. Басни", "Л. Н. Толстой. Рассказы",
                                       "Н. В. Гоголь"]),
               ("Литература Кыргызстана", ["Ч. Айтматов «Первый учитель»", "А. Осмонов. Лирика", "Т. Сыдыкбеков"])],
    },
    "science": {
        "ky": [("Тирүү жаратылыш", ["Клетканын түзүлүшү", "Өсүмдүктөр", "Жаныбарлар", "Козу карындар"]),
               ("Адам", ["Адамдын денеси", "Тамактануу", "Ден соолук"]),
               ("Жер", ["Жердин формасы", "Кыргызстандын рельефи", "Суу ресурстары", "Климат"])],
        "ru": [("Живая природа", ["Строение клетки", "Растения", "Животные", "Грибы"]),
               ("Человек", ["Тело человека", "Питание", "Здоровье"]),
               ("Земля", ["Форма Земли", "Рельеф Кыргызстана", "Водные ресурсы", "Климат"])],
    },
    "physics": {
        "ky": [("Механика", ["Механикалык кыймыл", "Ылдамдык", "Масса жана тыгыздык", "Күч", "Басым"]),
               ("Жылуулук", ["Жылуулук кубулуштары", "Жылуулук өткөрүмдүүлүк", "Эрүү жана катуу"]),
               ("Электр", ["Электр тогу", "Ом мыйзамы", "Электр чынжыры"])],
        "ru": [("Механика", ["Механическое движение", "Скорость", "Масса и плотность", "Сила", "Давление"]),
               ("Тепловые явления", ["Теплопередача", "Теплопроводность", "Плавление и отвердевание"]),
               ("Электричество", ["Электрический ток", "Закон Ома", "Электрическая цепь"])],
    },
    "chemistry": {
        "ky": [("Негизги түшүнүктөр", ["Заттар жана алардын касиеттери", "Атом жана молекула", "Химиялык формулалар",
                                       "Валенттүүлүк"]),
               ("Реакциялар", ["Химиялык реакциялар", "Кычкылтек", "Суутек", "Суу"])],
        "ru": [("Основные понятия", ["Вещества и их свойства", "Атомы и молекулы", "Химические формулы",
                                     "Валентность"]),
               ("Реакции", ["Химические реакции", "Кислород", "Водород", "Вода"])],
    },
    "history": {
        "ky": [("Байыркы дүйнө", ["Алгачкы адамдар", "Байыркы Египет", "Байыркы Греция", "Байыркы Рим"]),
               ("Кыргызстандын тарыхы", ["Сактар жана усундар", "Енисей кыргыздары", "Кыргыз каганаты",
                                         "Кокон хандыгы", "Эгемендүү Кыргызстан"])],
        "ru": [("Древний мир", ["Первобытные люди", "Древний Египет", "Древняя Греция", "Древний Рим"]),
               ("История Кыргызстана", ["Саки и усуни", "Енисейские кыргызы", "Кыргызский каганат",
                                        "Кокандское ханство", "Независимый Кыргызстан"])],
    },
    "english": {
        "ky": [("Unit 1. My family", ["Family members", "Present Simple", "My home"]),
               ("Unit 2. School life", ["School subjects", "Present Continuous", "My timetable"]),
               ("Unit 3. Free time", ["Hobbies", "Past Simple", "Sport", "Holidays"])],
    },
    "informatics": {
        "ky": [("Маалымат", ["Маалымат жана анын түрлөрү", "Компьютердин түзүлүшү", "Файлдар жана папкалар"]),
               ("Программалоо", ["Алгоритм", "Сызыктуу алгоритм", "Шарт", "Цикл"])],
        "ru": [("Информация", ["Информация и её виды", "Устройство компьютера", "Файлы и папки"]),
               ("Программирование", ["Алгоритм", "Линейный алгоритм", "Ветвление", "Цикл"])],
    },
    "pe": {
        "ky": [("Жеңил атлетика", ["Кыска аралыкка чуркоо", "Узундукка секирүү", "Топ ыргытуу"]),
               ("Спорттук оюндар", ["Волейбол", "Баскетбол", "Футбол"]), ("Гимнастика", ["Акробатика", "Тең салмак"])],
        "ru": [("Лёгкая атлетика", ["Бег на короткие дистанции", "Прыжки в длину", "Метание мяча"]),
               ("Спортивные игры", ["Волейбол", "Баскетбол", "Футбол"]), ("Гимнастика", ["Акробатика", "Равновесие"])],
    },
    "arts": {
        "ky": [("Искусство", ["Элдик колөнөрчүлүк", "Кыргыз ою-чийме", "Натюрморт", "Пейзаж", "Элдик ырлар",
                              "Комуз"])],
        "ru": [("Искусство", ["Народные ремёсла", "Кыргызский орнамент", "Натюрморт", "Пейзаж", "Народные песни",
                              "Комуз"])],
    },
}
KEYWORDS = [
    ("math", ("матем", "алгеб", "геометр")), ("literature", ("адабият", "литерат", "окуу", "чтени")),
    ("language", ("тили", "язык")), ("physics", ("физика",)), ("chemistry", ("хими",)),
    ("history", ("тарых", "истор", "адам жана коом", "человек и общ")), ("english", ("англ",)),
    ("informatics", ("информ",)), ("pe", ("дене", "физическ", "физкульт")),
    ("science", ("биолог", "географ", "табият", "природ", "окружающ", "мекен")),
    ("arts", ("музык", "сүрөт", "изобраз", "искусств", "технол", "эмгек", "труд")),
]
CONTROL = {"ky": "Текшерүү иши", "ru": "Контрольная работа"}
REVIEW = {"ky": "Кайталоо", "ru": "Повторение"}
CONTINUED = {"ky": "уландысы", "ru": "продолжение"}
HOMEWORK = {
    "ky": ["§{p}, {a}-{b}-көнүгүүлөр", "§{p} окуу, суроолорго жооп берүү", "{a}-{b}-маселелер",
           "§{p}, дил баян жазуу", "Жаттоо: {a}-бет", "§{p}, таблицаны толтуруу"],
    "ru": ["§{p}, упр. {a}–{b}", "§{p}, ответить на вопросы", "Задачи № {a}–{b}", "§{p}, написать сочинение",
           "Выучить наизусть, с. {a}", "§{p}, заполнить таблицу"],
}


def _family(subject):
    text = f"{subject.name_ky} {subject.name_ru}".lower()
    if "англ" in text or "english" in text:
        return "english"
    for family, words in KEYWORDS:
        if any(w in text for w in words):
            return family
    return "arts"


def _plan_titles(subject, language, hours_total, rng):
    """[(section, title, hours, is_control)] adding up to hours_total."""
    bank = TOPICS[_family(subject)]
    sections = bank.get(language) or bank.get("ky") or next(iter(bank.values()))
    lang = "ru" if language == "ru" else "ky"
    rows = []
    used = 0
    control_no = 0
    cycle = 0
    since_control = 0
    while used < hours_total:
        for section, titles in sections:
            for title in titles:
                if used >= hours_total:
                    break
                if since_control >= 7 and hours_total - used >= 1:
                    control_no += 1
                    rows.append((section, f"{CONTROL[lang]} №{control_no}", 1, True))
                    used += 1
                    since_control = 0
                    continue
                hours = 2 if rng.random() < 0.3 and hours_total - used >= 2 else 1
                label = title if cycle == 0 else f"{title} ({CONTINUED[lang]})"
                rows.append((section, label, hours, False))
                used += hours
                since_control += hours
            if used >= hours_total:
                break
        cycle += 1
        if cycle > 40:  # pragma: no cover - a bank always has topics
            break
    if rows and rows[-1][3] is False and hours_total >= 10:
        section = rows[-1][0]
        rows[-1] = (section, REVIEW[lang], rows[-1][2], False)
    return rows


# --- wiping the school's journal ----------------------------------------------------------------

def _raw_delete(queryset):
    """Delete without loading rows or sending signals (simple_history would write a history
    row for each deleted grade). Only for rows nothing else points at."""
    return queryset._raw_delete(queryset.db)


def wipe(school):
    """Delete the school's journal rows (grades, absences, period grades, lessons, plans,
    timetable, bell times, events) and their history."""
    for model in (Grade, Attendance, PeriodGrade):
        _raw_delete(model.objects.filter(school=school))
        _raw_delete(model.history.model.objects.filter(school_id=school.pk))
    lessons = Lesson.objects.filter(school=school)
    # other rows that point at lessons (added by other parts of the journal): delete normally
    for rel in Lesson._meta.related_objects:
        if rel.related_model in (Grade, Attendance) or not rel.field.concrete:
            continue
        related = rel.related_model._default_manager.filter(**{f"{rel.field.name}__in": lessons})
        if rel.on_delete.__name__ in ("SET_NULL",):
            related.update(**{rel.field.name: None})
        elif rel.on_delete.__name__ not in ("DO_NOTHING",):
            related.delete()
    _raw_delete(lessons)
    _raw_delete(Lesson.history.model.objects.filter(school_id=school.pk))
    _raw_delete(PlanTopic.objects.filter(assignment__school=school))
    _raw_delete(TimetableEntry.objects.filter(school=school))
    BellTime.objects.filter(school=school).delete()
    SchoolEvent.objects.filter(school=school).delete()
    StudyPeriod.objects.filter(year__school=school).update(is_closed=False, closed_at=None, closed_by=None)
    try:
        from .models import PeriodLockEvent
    except ImportError:  # pragma: no cover
        PeriodLockEvent = None
    if PeriodLockEvent is not None:
        PeriodLockEvent.objects.filter(school=school).delete()


# --- timetable -----------------------------------------------------------------------------------

def _units(assignments, rng):
    """Weekly lesson units of a class: (assignment, …) tuples; split subjects pair their
    subgroups in one unit. Half hours alternate: 0.5 counts as 1 in every other class."""
    whole = [a for a in assignments if not a.subgroup]
    split = defaultdict(list)
    for a in assignments:
        if a.subgroup:
            split[a.subject_id].append(a)
    units = []
    for a in whole:
        units += [(a,)] * max(int(Decimal(a.hours_per_week).to_integral_value(rounding=ROUND_HALF_UP)), 0)
    for group in split.values():
        group.sort(key=lambda a: a.subgroup)
        hours = max(int(Decimal(a.hours_per_week).to_integral_value(rounding=ROUND_HALF_UP)) for a in group)
        units += [tuple(group[:2])] * hours
    rng.shuffle(units)
    units.sort(key=lambda u: -float(u[0].hours_per_week))
    return units


def _place(classes, assignments_by_class, rng):
    """One greedy attempt: [(class_group, assignment, weekday, number)], and its cost (days with
    a gap between lessons + units placed on a busy teacher)."""
    busy = set()  # (teacher_id, weekday, number)
    placed_all = []
    cost = 0
    # the upper classes with many subject teachers first: they are the hardest to place
    for class_group in sorted(classes, key=lambda c: (-c.grade, rng.random())):
        units = _units(assignments_by_class.get(class_group.pk, []), rng)
        days = 6 if len(units) > 30 else 5
        load = {d: 0 for d in range(1, days + 1)}
        subject_days = defaultdict(lambda: defaultdict(int))
        taken = set()
        hours_of = defaultdict(int)
        for unit in units:
            hours_of[unit[0].subject_id] += 1
        for unit in units:
            teachers = [a.teacher_id for a in unit]
            subject = unit[0].subject_id
            per_day = math.ceil(hours_of[subject] / days)  # 5 hours over 5 days: once a day
            order = sorted(load, key=lambda d: (subject_days[subject][d], load[d], rng.random()))
            fresh = [d for d in order if subject_days[subject][d] < per_day]

            def free(day, number, teachers=teachers, taken=taken):
                return (day, number) not in taken and all((t, day, number) not in busy for t in teachers)

            placed = (
                # 1. at the end of a day that may take the subject: no gap
                next(((d, load[d] + 1) for d in fresh if load[d] < 8 and free(d, load[d] + 1)), None)
                # 2. the subject once more on a day, no gap
                or next(((d, load[d] + 1) for d in order
                         if subject_days[subject][d] <= per_day and load[d] < 8 and free(d, load[d] + 1)), None)
                # 3. a gap on a day that may take the subject
                or next(((d, n) for d in fresh for n in range(1, 9) if free(d, n)), None)
                # 4. anything free
                or next(((d, n) for d in order for n in range(1, 9) if free(d, n)), None)
            )
            if placed is None:  # 5. give up on the teacher (the deputy sees it as a clash)
                day = min(load, key=lambda d: load[d])
                placed = (day, min(n for n in range(1, 9) if (day, n) not in taken))
                cost += 10
            day, number = placed
            taken.add((day, number))
            load[day] = max(load[day], number)
            subject_days[subject][day] += 1
            for a in unit:
                busy.add((a.teacher_id, day, number))
                placed_all.append((class_group, a, day, number))
        cost += _close_gaps(class_group, placed_all, busy)
    return placed_all, cost


def _close_gaps(class_group, placed_all, busy):
    """Fill the gaps in a class's days: move the last lesson of a day (the same day first, then
    the longest other days, a subject not yet on that day first) into a gap when its teachers
    are free then. Returns the number of days that still have a gap."""
    mine = [i for i, p in enumerate(placed_all) if p[0] is class_group]

    def layout():
        days = defaultdict(lambda: defaultdict(list))
        for i in mine:
            days[placed_all[i][2]][placed_all[i][3]].append(i)
        return days

    for _round in range(200):
        days = layout()
        move = None
        for day in sorted(days):
            gaps = [n for n in range(1, max(days[day])) if n not in days[day]]
            if not gaps:
                continue
            on_day = {placed_all[i][1].subject_id for slot in days[day].values() for i in slot}
            candidates = []
            total = sum(len(slots) for slots in days.values())
            floor = max(total // max(len(days), 1) - 1, 3)  # never empty another day
            for other, slots in days.items():
                if other != day and len(slots) <= floor:
                    continue
                last = max(slots)
                unit = slots[last]
                subject = placed_all[unit[0]][1].subject_id
                candidates.append((other != day, other != day and subject in on_day, -len(slots), other, last, unit))
            candidates.sort(key=lambda c: c[:3])
            for gap in gaps:
                for *_key, other, last, unit in candidates:
                    if other == day and last < gap:
                        continue
                    if all((placed_all[i][1].teacher_id, day, gap) not in busy for i in unit):
                        move = (unit, other, last, day, gap)
                        break
                if move:
                    break
            if move:
                break
        if move is None:
            break
        unit, other, last, day, gap = move
        for i in unit:
            c, a, _d, _n = placed_all[i]
            busy.discard((a.teacher_id, other, last))
            busy.add((a.teacher_id, day, gap))
            placed_all[i] = (c, a, day, gap)
    days = layout()
    return sum(1 for slots in days.values() if max(slots) != len(slots))


def build_timetable(school, year, classes, assignments_by_class, rooms, rng, attempts=8):
    """TimetableEntry rows for every class: spread each subject over the days, keep a class's
    day without gaps when possible, never put a teacher in two places. The best of a few
    greedy attempts is kept."""
    best, best_cost = None, None
    for _attempt in range(attempts):
        placed, cost = _place(classes, assignments_by_class, rng)
        if best_cost is None or cost < best_cost:
            best, best_cost = placed, cost
        if cost == 0:
            break
    entries = []
    for class_group, a, day, number in best:
        room = rooms.get(a.teacher_id, "")
        if class_group.grade <= 4 and not room.startswith("Спортзал") and class_group.room:
            room = class_group.room  # primary classes stay in their own room
        entries.append(TimetableEntry(
            school=school, year=year, class_group=class_group, weekday=day, lesson_number=number,
            assignment=a, room=room, valid_from=year.start,
        ))
    TimetableEntry.objects.bulk_create(entries, batch_size=BATCH)
    return entries


def _rooms(classes, assignments, teachers):
    """A cabinet per teacher: a class teacher of an upper class teaches in that class's room,
    PE teachers in the gym, the others in free rooms; primary classes keep their own room."""
    class_rooms = {c.room for c in classes if c.room}
    rooms = {}
    for c in classes:
        if c.grade >= 5 and c.room and c.class_teacher_id and c.class_teacher_id not in rooms:
            rooms[c.class_teacher_id] = c.room
    pe_teachers = sorted({a.teacher_id for a in assignments if _family(a.subject) == "pe"})
    for i, t in enumerate(pe_teachers, start=1):
        rooms[t] = "Спортзал" if len(pe_teachers) == 1 else f"Спортзал {i}"
    taken = set(rooms.values()) | class_rooms
    free = (str(n) for n in range(101, 1000) if str(n) not in taken)
    for t in teachers:
        if t not in rooms:
            rooms[t] = next(free)
    return rooms


# --- students and their abilities ---------------------------------------------------------------

def _subgroup_of(students):
    """Split subjects: the first half of the class list is subgroup 1, the rest subgroup 2."""
    half = math.ceil(len(students) / 2)
    return {s.pk: (1 if i < half else 2) for i, s in enumerate(students)}


def _grade_value(ability, rng, allow_two=True, spread=0.75):
    value = round(rng.gauss(ability, spread))
    return max(2 if allow_two else 3, min(5, value))


class MarkModel:
    """How the demo's marks come about, so that a forecast has something real to find (and the
    backtest of journal.reports is not trivial). A student's expected mark in a subject on a day:

        ability (per student, ~N(3.85, 0.6), 2.4–4.95)
      + offset (per student and subject, ~N(0, 0.35): strong and weak subjects)
      + trend × (share of the school year gone − ½) (per student: most drift a little, ~N(0, 0.9)
        grades a year; one in ten improves or slips by 1.5–2.5 grades a year)
      − 0.2 for written and control work (harder),

    the mark is that plus noise (~N(0, 0.75), 0.85 for written work), rounded and kept to 2–5.
    One student in forty misses school often (absent ~15 % of days), enough to fall under 80 %."""

    def __init__(self, rng, year):
        self.rng = rng
        self.start = year.start
        self.days = max(1, (year.end - year.start).days)
        self.ability, self.trend, self.offset, self.truant = {}, {}, {}, set()

    def add_student(self, student_id):
        rng = self.rng
        self.ability[student_id] = min(4.95, max(2.4, rng.gauss(3.85, 0.6)))
        if rng.random() < 0.1:
            self.trend[student_id] = rng.choice((-1, 1)) * rng.uniform(1.5, 2.5)
        else:
            self.trend[student_id] = rng.gauss(0, 0.9)
        if rng.random() < 0.025:
            self.truant.add(student_id)

    def level(self, student_id, subject_id, day, written=False):
        key = (student_id, subject_id)
        if key not in self.offset:
            self.offset[key] = self.rng.gauss(0, 0.35)
        gone = (day - self.start).days / self.days - 0.5
        return (self.ability[student_id] + self.offset[key] + self.trend[student_id] * gone
                - (0.2 if written else 0))

    def mark(self, student_id, subject_id, day, *, written=False, allow_two=True):
        return _grade_value(self.level(student_id, subject_id, day, written), self.rng, allow_two=allow_two,
                            spread=0.85 if written else 0.75)


# --- the whole build ----------------------------------------------------------------------------

def build_journal(school, *, seed=2026, stdout=None):
    started = time.monotonic()
    rng = random.Random(seed)
    year = AcademicYear.objects.filter(school=school, is_current=True).first()
    if year is None:
        _say(stdout, "journal: the school has no current academic year (run the register demo first)")
        return None
    today = demo_today()
    with transaction.atomic():
        wipe(school)
        _say(stdout, f"journal: wiped old rows ({time.monotonic() - started:.1f} s)")
        result = _build(school, year, today, rng, stdout, started)
    _analyze()
    _say(stdout, f"journal: done in {time.monotonic() - started:.1f} s")
    return result


def _analyze():
    """Refresh the planner's statistics after the bulk load (autovacuum would do it later; until
    then PostgreSQL plans the journal's queries for empty tables). The register's tables too: with
    none, a parent's diary started from every student of the school (EXPLAIN on the bench: 17 ms)
    instead of from the parent's own links (issue 12 §5)."""
    from journal.register.models import Guardian, StudentGuardian

    tables = [m._meta.db_table for m in (Lesson, Grade, Attendance, PeriodGrade, PlanTopic, TimetableEntry,
                                         Student, Guardian, StudentGuardian, ClassGroup, TeachingAssignment)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
        elif connection.vendor == "sqlite":
            for table in tables:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def _build(school, year, today, rng, stdout, started):
    def progress(message):
        _say(stdout, f"journal: {message} ({time.monotonic() - started:.1f} s)")

    calendar = YearCalendar(year)
    classes = list(ClassGroup.objects.filter(school=school, year=year).order_by("grade", "letter"))
    # A full order (the model's default, class–subject order, leaves the subgroups of a split subject
    # tied): the plans draw from the seeded stream assignment by assignment, and PostgreSQL returned
    # the tied subgroups in another order once the first build's ANALYZE changed the join plan, so a
    # rebuild gave another plan, other control lessons and other grades (issue 10).
    assignments = list(
        TeachingAssignment.objects.filter(school=school, year=year).select_related("subject", "teacher")
        .order_by("class_group__grade", "class_group__letter", "subject__order", "subject_id", "subgroup", "pk")
    )
    by_class = defaultdict(list)
    for a in assignments:
        by_class[a.class_group_id].append(a)
    teachers = sorted({a.teacher_id for a in assignments})
    rooms = _rooms(classes, assignments, teachers)

    # bell times and events
    BellTime.objects.bulk_create([
        BellTime(school=school, shift=1, number=i, start=datetime.time.fromisoformat(s),
                 end=datetime.time.fromisoformat(e))
        for i, (s, e) in enumerate(BELLS, start=1)
    ])
    _build_events(school, year, classes, rng)

    # timetable and lessons
    entries = build_timetable(school, year, classes, by_class, rooms, rng)
    progress(f"timetable: {len(entries)} entries for {len(classes)} classes")
    keys = sorted(expected_lessons(school=school, year=year, date_from=year.start, date_to=year.end,
                                   calendar=calendar), key=lambda k: (k[1], k[2], k[0]))
    by_id = {a.pk: a for a in assignments}
    class_of = {c.pk: c for c in classes}

    # plans: the lessons of each assignment in order, topics walked through them
    lesson_days = defaultdict(list)
    for assignment_id, day, number in keys:
        lesson_days[assignment_id].append((day, number))
    topics = []
    topic_of_lesson = {}
    for a in assignments:
        slots = lesson_days.get(a.pk, [])
        if not slots:
            continue
        language = class_of[a.class_group_id].language
        rows = _plan_titles(a.subject, language, len(slots), rng)
        position = 0
        for order, (section, title, hours, is_control) in enumerate(rows, start=1):
            day = slots[position][0] if position < len(slots) else None
            topic = PlanTopic(assignment=a, order=order, section=section, title=title, hours=hours,
                              is_control=is_control, planned_date=day)
            topics.append(topic)
            for k in range(position, min(position + hours, len(slots))):
                topic_of_lesson[(a.pk, *slots[k])] = topic
            position += hours
    PlanTopic.objects.bulk_create(topics, batch_size=BATCH)
    progress(f"plans: {len(topics)} topics for {len(assignments)} assignments")

    # lessons: past ones held and filled, future ones planned
    sloppy = set(rng.sample(teachers, k=max(1, len(teachers) // 12))) if teachers else set()
    recent = today - datetime.timedelta(days=14)
    lessons = []
    for assignment_id, day, number in keys:
        a = by_id[assignment_id]
        lesson = Lesson(school=school, assignment_id=assignment_id, date=day, lesson_number=number,
                        status=LessonStatus.PLANNED)
        if day <= today:
            topic = topic_of_lesson.get((assignment_id, day, number))
            lesson.status = LessonStatus.HELD
            lesson.attendance_taken = True
            lesson.plan_topic = topic
            lesson.topic = topic.title if topic else ""
            language = "ru" if class_of[a.class_group_id].language == "ru" else "ky"
            if not (topic and topic.is_control) and _family(a.subject) not in ("pe",):
                p = 1 + (len(lessons) % 60)
                lesson.homework = rng.choice(HOMEWORK[language]).format(p=p, a=rng.randint(1, 40), b=rng.randint(41, 80))
            if a.teacher_id in sloppy and day >= recent:
                # a little behind with the journal: the fill control shows them
                roll = rng.random()
                if roll < 0.35:
                    lesson.topic, lesson.plan_topic = "", None
                if roll < 0.5:
                    lesson.homework = ""
                if roll < 0.2:
                    lesson.attendance_taken = False
        lessons.append(lesson)
    Lesson.objects.bulk_create(lessons, batch_size=BATCH)
    held = [lesson for lesson in lessons if lesson.status == LessonStatus.HELD]
    progress(f"lessons: {len(lessons)} ({len(held)} held up to {today:%d.%m.%Y})")
    check = lessons_generate(school=school, year=year, today=today)
    if check["created"] or check["deleted"]:  # pragma: no cover - the generator agrees with us
        progress(f"lesson generator added {check['created']}, removed {check['deleted']}")

    grades, absences = _build_marks(school, year, classes, by_id, held, today, rng, calendar)
    progress(f"grades: {grades}, absences: {absences}")
    _analyze_bulk_loaded(Lesson, Grade, Attendance)
    period_grades = _build_period_grades(school, year, classes, by_class, today, calendar)
    progress(f"period grades: {period_grades}")
    return {"lessons": len(lessons), "held": len(held), "grades": grades, "absences": absences,
            "period_grades": period_grades, "topics": len(topics), "timetable": len(entries)}


def _analyze_bulk_loaded(*models):
    """Fresh statistics after a bulk insert of a few hundred thousand rows: without them PostgreSQL
    plans the period-grade queries for empty tables (nested loops over the whole year: minutes instead
    of seconds, and the same for the first pages anyone opens until autovacuum runs)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _build_marks(school, year, classes, by_id, held, today, rng, calendar):
    types = {t.code: t for t in grade_types_ensure_defaults(school)}
    type_choices = [(types.get(code), w) for code, w in (("oral", 55), ("homework", 14), ("written", 14),
                                                          ("test", 9), ("practical", 5), ("dictation", 3))]
    type_choices = [(t, w) for t, w in type_choices if t is not None]
    type_pool = [t for t, w in type_choices for _ in range(w)]
    control_type = types.get("control") or type_pool[0]
    students_of = defaultdict(list)
    for s in Student.objects.filter(class_group__in=classes, status=StudentStatus.STUDYING).order_by(
            "sort_key", "pk"):
        students_of[s.class_group_id].append(s)
    subgroup = {}
    for class_students in students_of.values():
        subgroup.update(_subgroup_of(class_students))
    # the deputy's split, as the register keeps it (journal.register.SubgroupMembership)
    split_pairs = {(a.class_group_id, a.subject_id) for a in by_id.values() if a.subgroup}
    SubgroupMembership.objects.bulk_create([
        SubgroupMembership(school=school, class_group_id=class_id, subject_id=subject_id, student=s,
                           number=subgroup[s.pk])
        for class_id, subject_id in sorted(split_pairs) for s in students_of.get(class_id, [])
    ], batch_size=1000, ignore_conflicts=True)
    model = MarkModel(rng, year)
    for ss in students_of.values():
        for s in ss:
            model.add_student(s.pk)
    class_of = {c.pk: c for c in classes}

    # which days may carry marks, per class (the scale is data: ask it once per class and period)
    periods = list(StudyPeriod.objects.filter(year=year).order_by("start", "grade_from", "kind", "pk"))
    rules = list(AssessmentRule.objects.filter(school=school, year=year).order_by("pk").prefetch_related("periods"))
    marks_allowed = {}

    def allowed(class_group, day):
        period = calendar.period_on(day, class_group.grade)
        key = (class_group.pk, period.pk if period else None)
        if key not in marks_allowed:
            info = scale_for(class_group, period or day, school=school, year=year, rules=rules, periods=periods)
            marks_allowed[key] = info.marks_allowed
        return marks_allowed[key]

    # absences: whole days of illness, single excused days, single lessons unexcused, late
    lessons_by_class_day = defaultdict(list)
    for lesson in held:
        a = by_id[lesson.assignment_id]
        lessons_by_class_day[(a.class_group_id, lesson.date)].append(lesson)
    absent = {}  # (student_id, lesson_id) -> status
    for class_id, class_students in students_of.items():
        days = sorted({d for (c, d) in lessons_by_class_day if c == class_id})
        for s in class_students:
            ill_left = 0
            for day in days:
                status = None
                if ill_left > 0:
                    status, ill_left = AbsenceStatus.ILL, ill_left - 1
                elif rng.random() < 0.011:
                    status, ill_left = AbsenceStatus.ILL, rng.randint(1, 4)
                elif rng.random() < 0.008:
                    status = AbsenceStatus.EXCUSED
                elif s.pk in model.truant and rng.random() < 0.15:
                    status = AbsenceStatus.UNEXCUSED
                day_lessons = lessons_by_class_day[(class_id, day)]
                if status:
                    for lesson in day_lessons:
                        absent[(s.pk, lesson.pk)] = status
                    continue
                for lesson in day_lessons:
                    roll = rng.random()
                    if roll < 0.004:
                        absent[(s.pk, lesson.pk)] = AbsenceStatus.UNEXCUSED
                    elif roll < 0.010:
                        absent[(s.pk, lesson.pk)] = AbsenceStatus.LATE

    grade_rows = []
    attendance_rows = []
    total = 0
    now = timezone.now()
    for lesson in held:
        a = by_id[lesson.assignment_id]
        class_group = class_of[a.class_group_id]
        members = [s for s in students_of.get(class_group.pk, []) if not a.subgroup or subgroup[s.pk] == a.subgroup]
        for s in members:
            status = absent.get((s.pk, lesson.pk))
            if status:
                attendance_rows.append(Attendance(school=school, lesson_id=lesson.pk, student_id=s.pk, status=status,
                                                  updated_at=now))
        if not allowed(class_group, lesson.date):
            continue
        present = [s for s in members if absent.get((s.pk, lesson.pk)) in (None, AbsenceStatus.LATE)]
        is_control = bool(lesson.plan_topic and lesson.plan_topic.is_control)
        if is_control:
            chosen, grade_type = present, control_type
        else:
            chosen = [s for s in present if rng.random() < GRADE_DENSITY]
            grade_type = None
        first_half = lesson.date.month >= 9 and lesson.date.month <= 10
        for s in chosen:
            t = grade_type or rng.choice(type_pool)
            value = model.mark(s.pk, a.subject_id, lesson.date, written=t.is_written,
                               allow_two=not first_half or rng.random() < 0.5)
            grade_rows.append(Grade(school=school, lesson_id=lesson.pk, student_id=s.pk, position=0,
                                    grade_type=t, value=value, updated_at=now))
            if not is_control and rng.random() < SECOND_GRADE:
                t2 = rng.choice(type_pool)
                grade_rows.append(Grade(school=school, lesson_id=lesson.pk, student_id=s.pk, position=1,
                                        grade_type=t2, value=model.mark(s.pk, a.subject_id, lesson.date,
                                                                        written=t2.is_written),
                                        updated_at=now))
        if len(grade_rows) >= 50000:
            Grade.objects.bulk_create(grade_rows, batch_size=BATCH)
            total += len(grade_rows)
            grade_rows = []
    Grade.objects.bulk_create(grade_rows, batch_size=BATCH)
    total += len(grade_rows)
    Attendance.objects.bulk_create(attendance_rows, batch_size=BATCH)
    return total, len(attendance_rows)


def _teacher_grade(average, marks):
    """The period grade a teacher gives: the weighted average rounded half up, except on the
    border (x.35–x.65), where the last three marks decide (a rising student gets the higher
    grade, a slipping one the lower) — as teachers do, and why a forecast looks at the trend."""
    whole = int(average)
    part = average - whole
    if Decimal("0.35") <= part < Decimal("0.65") and len(marks) >= 3:
        last = Decimal(sum(marks[-3:])) / 3
        return whole + 1 if last > average else whole
    return int(average.to_integral_value(rounding=ROUND_HALF_UP))


def _build_period_grades(school, year, classes, by_class, today, calendar):
    """Period grades of the study periods (quarters, half-years) that ended before today,
    from the weighted average of the period's grades; those periods are closed."""
    ended = list(StudyPeriod.objects.filter(year=year, end__lt=today).exclude(kind="year").order_by(
        "start", "grade_from", "kind", "pk"))
    if not ended:
        return 0
    deputy = Membership.objects.filter(school=school, role=Role.DEPUTY, is_active=True).select_related("user").first()
    weights = {t.pk: Decimal(t.weight) for t in GradeType.objects.filter(school=school)}
    rows = []
    for period in ended:
        class_ids = [c.pk for c in classes if period.covers_grade(c.grade)]
        sums = defaultdict(lambda: [Decimal(0), Decimal(0)])
        recent = defaultdict(list)  # the marks in date order, for the teacher's judgement
        for assignment_id, student_id, type_id, value in Grade.objects.filter(
            school=school, lesson__assignment__class_group_id__in=class_ids,
            lesson__date__range=(period.start, period.end),
        ).order_by("lesson__date", "lesson__lesson_number", "position", "pk").values_list(
                "lesson__assignment_id", "student_id", "grade_type_id", "value"):
            w = weights.get(type_id, Decimal(1))
            acc = sums[(assignment_id, student_id)]
            acc[0] += w * value
            acc[1] += w
            recent[(assignment_id, student_id)].append(value)
        missed = defaultdict(int)
        for key in Attendance.objects.filter(
            school=school, lesson__assignment__class_group_id__in=class_ids,
            lesson__date__range=(period.start, period.end),
        ).exclude(status=AbsenceStatus.LATE).values_list("lesson__assignment_id", "student_id"):
            missed[key] += 1
        lessons_of = defaultdict(int)
        for assignment_id in Lesson.objects.filter(
            school=school, assignment__class_group_id__in=class_ids, date__range=(period.start, period.end),
        ).exclude(status=LessonStatus.CANCELLED).values_list("assignment_id", flat=True):
            lessons_of[assignment_id] += 1
        students = defaultdict(list)
        for s in Student.objects.filter(class_group_id__in=class_ids, status=StudentStatus.STUDYING).order_by(
                "sort_key", "pk").values("pk", "class_group_id"):
            students[s["class_group_id"]].append(s["pk"])
        graded_assignments = {a for a, _s in sums}
        for class_id in class_ids:
            for a in by_class.get(class_id, []):
                if a.pk not in graded_assignments:
                    continue  # no marks in this class and period (grade 1, grade 2 first half)
                for student_id in students[class_id]:
                    acc = sums.get((a.pk, student_id))
                    if acc is None and a.subgroup:
                        continue
                    marks = recent.get((a.pk, student_id), [])
                    if acc is None or (len(marks) < 3 and missed[(a.pk, student_id)] * 2 >= lessons_of[a.pk]):
                        rows.append(PeriodGrade(school=school, period=period, assignment=a, student_id=student_id,
                                                kind=PeriodGradeKind.PERIOD, special=PeriodGradeSpecial.NOT_CERTIFIED))
                        continue
                    value = _teacher_grade(acc[0] / acc[1], marks)
                    rows.append(PeriodGrade(school=school, period=period, assignment=a, student_id=student_id,
                                            kind=PeriodGradeKind.PERIOD, value=max(2, min(5, value))))
        period.is_closed = True
        period.closed_at = timezone.make_aware(datetime.datetime.combine(period.end + datetime.timedelta(days=3),
                                                                         datetime.time(15, 0)))
        period.closed_by = deputy.user if deputy else None
        period.save(update_fields=["is_closed", "closed_at", "closed_by"])
    PeriodGrade.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def _build_events(school, year, classes, rng):
    y = year.start.year
    items = [
        (datetime.date(y, 9, 1), "Билим күнү — салтанаттуу линейка", "День знаний — торжественная линейка", None, "08:30"),
        (datetime.date(y, 9, 18), "Ата-энелер жыйыны (1–4-класстар)", "Родительское собрание (1–4 классы)", range(1, 5), "17:00"),
        (datetime.date(y, 10, 2), "Мугалимдер күнү", "День учителя", None, "11:00"),
        (datetime.date(y, 10, 16), "Мектептик предметтик олимпиада: математика", "Школьная олимпиада по математике", range(7, 12), "14:00"),
        (datetime.date(y, 11, 13), "Ата-энелер жыйыны (5–11-класстар)", "Родительское собрание (5–11 классы)", range(5, 12), "17:30"),
        (datetime.date(y, 11, 27), "Спорт күнү", "День спорта", None, "10:00"),
        (datetime.date(y, 12, 12), "Райондук олимпиада", "Районная олимпиада", range(8, 12), "09:00"),
        (datetime.date(y, 12, 26), "Жаңы жыл майрамы", "Новогодний праздник", None, "12:00"),
        (datetime.date(y + 1, 2, 21), "Эне тил күнү", "День родного языка", None, "10:00"),
        (datetime.date(y + 1, 3, 20), "Нооруз майрамы", "Праздник Нооруз", None, "10:00"),
        (datetime.date(y + 1, 5, 9), "Жеңиш күнү: ардагерлер менен жолугушуу", "День Победы: встреча с ветеранами", None, "10:00"),
        (datetime.date(y + 1, 5, 25), "Акыркы коңгуроо", "Последний звонок", range(9, 12), "09:00"),
    ]
    for day, ky, ru, grades, time_text in items:
        if not year.start <= day <= year.end:
            continue
        event = SchoolEvent.objects.create(
            school=school, title_ky=ky, title_ru=ru, start=day, time=datetime.time.fromisoformat(time_text),
            place=rng.choice(["Акт залы / Актовый зал", "Спорт зал / Спортзал", "Мектептин короосу / Школьный двор"]),
        )
        if grades is not None:
            event.classes.set([c for c in classes if c.grade in grades])
