"""The demo public website of a school, in Kyrgyz (original) and Russian (wagtail-localize
translation).

`build_site(school)` is called by `manage.py demo_school` after the register demo has created
the school, its staff and subjects. It is re-runnable: every run replaces the school's site
(pages, their images and documents, furniture) with a fresh build. Every mandated disclosure
(R-S1…R-S10) is filled in both languages; news, events and a gallery (R-S16) are illustrated
with generated pictures; documents are small generated PDFs; one news item written by the
editor waits for approval in the review workflow (R-S11, R-S15).

The Kyrgyz and Russian texts are data, written in those languages; each Kyrgyz text is
registered with its Russian translation, and the Russian pages are produced by wagtail-localize
from the Kyrgyz ones with those translations.
"""

import datetime
import html
import io
import random
import re

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from wagtail.models import Collection, Locale, Page, Site

from . import demo_assets as assets
from .models import (
    AboutSchoolPage,
    AccreditationPage,
    AdmissionsPage,
    BasicFactsPage,
    ContactPage,
    DocumentsPage,
    EducationPage,
    EventPage,
    FacilitiesPage,
    FinancePage,
    GalleryIndexPage,
    GalleryPage,
    HomePage,
    LeadershipPage,
    NewsIndexPage,
    NewsPage,
    SiteMapPage,
    StructurePage,
    TeachingStaffIndexPage,
    UsefulLink,
)
from .setup import DIRECTOR, EDITOR, SITE_ADMIN, WORKFLOW_NAME, ensure_site_roles

DEMO_PASSWORD = "Mektep-2026"


# --- bilingual texts ---------------------------------------------------------------------------------

def _norm(text):
    text = re.sub(r"<br\s*/?>", "\n", str(text))
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


class Texts:
    """Kyrgyz texts with their Russian translations: `t("кыргызча", "по-русски")` returns the
    Kyrgyz text and remembers the pair."""

    def __init__(self):
        self.ru = {}
        self.unmapped = set()

    def __call__(self, ky, ru):
        self.ru[_norm(ky)] = ru
        return ky

    def rich(self, *pairs):
        """Paragraphs of rich text."""
        return "".join(f"<p>{html.escape(self(ky, ru))}</p>" for ky, ru in pairs)

    def ul(self, *pairs):
        return "<ul>" + "".join(f"<li>{html.escape(self(ky, ru))}</li>" for ky, ru in pairs) + "</ul>"

    def translate(self, msgid):
        key = _norm(msgid)
        if key in self.ru:
            from wagtail_localize.strings import StringValue

            return StringValue.from_plaintext(self.ru[key]).data
        if re.search("[ңөүҢӨҮ]", key):
            self.unmapped.add(key)
        return msgid


def _translate(instance, locale, texts, user=None):
    """Create or update the translation of a page or snippet into `locale` with the Russian
    texts registered in `texts`, and publish it.

    wagtail-localize publishes a translated page or draftable snippet in `transaction.on_commit`;
    inside the demo's transaction (and in tests) that would run late, from a stale copy of the
    page (resetting its tree fields). So the translation is saved as a draft and its revision
    published here, at once."""
    from wagtail.models import DraftStateMixin
    from wagtail_localize.models import Translation, TranslationSource

    source, created = TranslationSource.get_or_create_from_instance(instance)
    if not created:
        source.update_from_db()
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale, defaults={"enabled": True})
    po = translation.export_po()
    for entry in po:
        entry.msgstr = texts.translate(entry.msgid)
    translation.import_po(po, user=user, tool_name="demo")
    draftable = isinstance(instance, Page | DraftStateMixin)
    translation.save_target(user=user, publish=not draftable)
    target = translation.get_target_instance()
    if draftable:
        target.get_latest_revision().publish(user=user)
        target.refresh_from_db()
    return target


# --- helpers ----------------------------------------------------------------------------------------

def _school_year(today):
    start = today.year if today.month >= 8 else today.year - 1
    return start, start + 1


def _user(username, first_name, last_name, groups):
    from django.contrib.auth.models import Group

    from portal.models import User

    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first_name, "last_name": last_name, "email": f"{username}@example.org"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


class _Media:
    """Images and documents of the demo, in a collection of their own."""

    def __init__(self, school, rng):
        self.rng = rng
        root = Collection.get_first_root_node()
        name = f"Demo: {school.code}"
        for old in Collection.objects.filter(name=name):
            self._empty(old)
        self.collection = Collection.objects.filter(name=name).first() or root.add_child(name=name)
        self.school_name = school.name_ky
        self.counter = 0

    @staticmethod
    def _empty(collection):
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model

        for image in get_image_model().objects.filter(collection=collection):
            image.delete()
        for document in get_document_model().objects.filter(collection=collection):
            document.delete()

    def image(self, title, data, ext="jpg"):
        from wagtail.images import get_image_model

        self.counter += 1
        image = get_image_model()(
            title=title, collection=self.collection, file=ImageFile(io.BytesIO(data), name=f"demo-{self.counter:03d}.{ext}")
        )
        image.save()
        return image

    def document(self, title, paragraphs, *, subtitle="", signature=""):
        from wagtail.documents import get_document_model

        self.counter += 1
        data = assets.pdf_document(title, self.school_name, paragraphs, subtitle=subtitle, signature=signature)
        document = get_document_model()(title=title, collection=self.collection, file_size=len(data))
        document.file.save(f"demo-{self.counter:03d}.pdf", ContentFile(data), save=False)
        document._set_document_file_metadata()
        document.save()
        return document


def _publish(page, user):
    page.save_revision(user=user, log_action=True).publish(user=user)
    page.refresh_from_db()
    return page


def _add(parent, page, user):
    parent.add_child(instance=page)
    return _publish(page, user)


def _doc_block(title, document, date=None):
    return {"title": title, "document": document, "url": "", "date": date}


def _wipe_site(site, placeholder):
    """Delete the previous demo tree of the site (every translation of its home page)."""
    from wagtail_localize.models import TranslatableObject

    old_home = site.root_page
    if old_home.pk == placeholder.pk:
        return
    keys = set()
    homes = list(Page.objects.filter(translation_key=old_home.translation_key, depth=2))
    for home in homes:
        keys.update(home.get_descendants(inclusive=True).values_list("translation_key", flat=True))
    site.root_page = placeholder
    site.save()
    for home in homes:
        home.refresh_from_db()
        home.delete()
    TranslatableObject.objects.filter(translation_key__in=keys).delete()


# --- the build ------------------------------------------------------------------------------------------

@transaction.atomic
def build_site(school, *, seed=2026, stdout=None, login_suffix=""):
    """Build (or rebuild) the school's public website in Kyrgyz and Russian. `login_suffix` names
    its editors in a deployment of several demo schools ("siteadmin2" for the second)."""
    rng = random.Random(seed)
    today = timezone.localdate()
    y1, y2 = _school_year(today)
    t = Texts()

    # what the migrations make, in case the database was emptied (e.g. by a transactional test)
    ky = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)[0]
    ru, _created = Locale.objects.get_or_create(language_code="ru")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=ky))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    groups, workflow = ensure_site_roles()

    siteadmin = _user(f"siteadmin{login_suffix}", "Азамат", "Жумабеков", [SITE_ADMIN])
    editor = _user(f"editor{login_suffix}", "Айгерим", "Садыкова", [EDITOR])
    _user(f"director{login_suffix}", "Бактыгүл", "Касенова", [DIRECTOR])

    site = school.site or Site.objects.filter(is_default_site=True).first()
    root = Page.get_first_root_node()
    if site is None:
        site = Site.objects.create(hostname="localhost", port=80, root_page=root, is_default_site=True)

    # a new home page; the previous tree goes once the site points here
    ky_name = school.name_ky
    ru_name = school.name_ru
    home = HomePage(title=t("Башкы бет", "Главная"), slug=f"home-{school.code}-{rng.randint(10**5, 10**6)}", locale=ky)
    root.add_child(instance=home)
    _wipe_site(site, home)
    for other in HomePage.objects.filter(depth=2, locale=ky, sites_rooted_here__isnull=True).exclude(pk=home.pk):
        # a bare home page left by the initial migration
        if not other.get_children().exists() and not other.get_translations().exists():
            other.delete()
    if not Page.objects.filter(depth=2, slug=f"home-{school.code}").exists():
        home.slug = f"home-{school.code}"
        home.save()  # also recomputes url_path, from which the children's are derived
    media = _Media(school, rng)

    t(ky_name, ru_name)
    short_ky = school.short_name or ky_name
    site.root_page = home
    site.site_name = short_ky
    site.save()
    school.site = site
    school.save(update_fields=["site"])

    # ---- home ----
    hero = media.image(t("Мектептин имараты", "Здание школы"), assets.school_photo(rng))
    home.hero_image = hero
    home.hero_alt = t("Мектептин имараты, артында Ала-Тоо тоолору", "Здание школы на фоне гор Ала-Тоо")
    home.intro = t(
        "Мектебибиздин расмий сайтына кош келиңиздер! Бул жерден мектеп жөнүндө расмий маалыматты, жаңылыктарды жана иш-чараларды таба аласыз.",
        "Добро пожаловать на официальный сайт нашей школы! Здесь вы найдёте официальные сведения о школе, новости и события.",
    )
    home.quick_facts = [
        ("fact", {"value": "1961", "label": t("негизделген жылы", "год основания")}),
        ("fact", {"value": "42", "label": t("окуу кабинети", "учебных кабинета")}),
        ("fact", {"value": "2", "label": t("окутуу тили", "языка обучения")}),
    ]
    home.welcome = t.rich(
        ("Мектеп 1961-жылдан бери шаардын балдарына сапаттуу билим берип келет. Окутуу кыргыз жана орус тилдеринде жүргүзүлөт.",
         "Школа с 1961 года даёт качественное образование детям города. Обучение ведётся на кыргызском и русском языках."),
        ("Биздин максат – ар бир окуучунун жөндөмүн ачып, аны өз өлкөсүнүн татыктуу жараны катары тарбиялоо.",
         "Наша цель — раскрыть способности каждого ученика и воспитать достойного гражданина своей страны."),
    )
    home.seo_title = ky_name
    _publish(home, siteadmin)

    # ---- about ----
    about = _add(home, AboutSchoolPage(
        title=t("Мектеп жөнүндө маалымат", "Сведения о школе"), slug="about", show_in_menus=True,
        intro=t("Мектептин ишмердүүлүгү жөнүндө мыйзам талап кылган бардык маалымат.",
                "Все сведения о деятельности школы, которые требует закон."),
    ), siteadmin)

    # R-S1
    facts = BasicFactsPage(
        title=t("Негизги маалыматтар", "Основные сведения"), slug="basic-facts", show_in_menus=True,
        intro=t("Мектептин түзүлгөн күнү, дареги, иш убактысы жана байланыштары.",
                "Дата создания школы, адрес, режим работы и контакты."),
        full_name=ky_name,
        founding_date=datetime.date(1961, 9, 1),
        founder=t("Жалал-Абад шаарынын мэриясы", "Мэрия города Жалал-Абад"),
        no_branches=False,
        schedule_note=t(
            "Сабактын узактыгы – 45 мүнөт, тыныгуулар 10–20 мүнөт. Коңгуроолордун тартиби жана окуу жумасы мектептин сабак жадыбалынан алынат.",
            "Продолжительность урока — 45 минут, перемены 10–20 минут. Расписание звонков и учебная неделя берутся из расписания школы.",
        ),
    )
    main_address_ky = school.address_ky or "Жалал-Абад шаары, Ленин көчөсү, 45"
    main_address_ru = school.address_ru or "г. Жалал-Абад, ул. Ленина, 45"
    facts.addresses = [
        ("address", {"kind": "main", "name": t("Башкы имарат", "Главное здание"), "address": t(main_address_ky, main_address_ru),
                     "latitude": "40.933300", "longitude": "72.999700"}),
        ("address", {"kind": "branch", "name": t("Башталгыч класстардын филиалы", "Филиал начальных классов"),
                     "address": t("Жалал-Абад шаары, Токтогул көчөсү, 12", "г. Жалал-Абад, ул. Токтогула, 12"),
                     "latitude": "40.937100", "longitude": "73.004900"}),
    ]
    facts.working_hours = [
        ("hours", {"days": t("Дүйшөмбү – жума", "Понедельник – пятница"), "hours": "08:00 – 18:00"}),
        ("hours", {"days": t("Ишемби", "Суббота"), "hours": "08:00 – 13:00"}),
        ("hours", {"days": t("Жекшемби", "Воскресенье"), "hours": t("Дем алыш күнү", "Выходной")}),
    ]
    bells = []
    first = [("08:00", "08:45"), ("08:55", "09:40"), ("09:50", "10:35"), ("10:55", "11:40"), ("11:50", "12:35"), ("12:40", "13:25")]
    second = [("13:30", "14:15"), ("14:25", "15:10"), ("15:20", "16:05"), ("16:15", "17:00"), ("17:05", "17:50")]
    for shift, times in ((1, first), (2, second)):
        for number, (start, end) in enumerate(times, 1):
            bells.append(("lesson", {"shift": shift, "number": number,
                                     "start": datetime.time.fromisoformat(start), "end": datetime.time.fromisoformat(end)}))
    from journal.register.selectors.public import public_bell_schedule

    if not public_bell_schedule(school):  # the register's bell times are shown when it has them
        facts.bell_schedule = bells
    facts.phones = [
        ("phone", {"label": t("Кабыл алуу бөлмөсү", "Приёмная"), "number": "+996 (3722) 5-12-34"}),
        ("phone", {"label": t("Окуу бөлүмү", "Учебная часть"), "number": "+996 (3722) 5-12-35"}),
        ("phone", {"label": t("Бухгалтерия", "Бухгалтерия"), "number": "+996 (3722) 5-12-36"}),
    ]
    facts.emails = [
        ("email", {"label": t("Мектептин почтасы", "Почта школы"), "email": "info@school.example.org"}),
        ("email", {"label": t("Бухгалтерия", "Бухгалтерия"), "email": "buh@school.example.org"}),
    ]
    facts.map_image = media.image(
        t("Мектепке кантип жетүүгө болот", "Как добраться до школы"),
        assets.map_image({"main_street": "Ленин көчөсү / ул. Ленина", "school": "Мектеп / Школа",
                          "stop": "Аялдама / Остановка", "park": "Парк"}),
        ext="png",
    )
    _add(about, facts, siteadmin)

    # R-S2
    signature_ky = "Мектептин директору"
    bodies = [
        ("governance", "Педагогикалык кеңеш", "Педагогический совет", "Мектептин директору", "Директор школы",
         "Окуу-тарбия процессинин негизги маселелерин карайт: окуу планын, окуучуларды кийинки класска которууну, бүтүрүүчүлөрдү жыйынтыктоочу аттестацияга жиберүүнү.",
         "Рассматривает основные вопросы учебно-воспитательного процесса: учебный план, перевод учащихся в следующий класс, допуск выпускников к итоговой аттестации."),
        ("governance", "Камкордук кеңеш", "Попечительский совет", "Ата-энелер тарабынан шайланган төрага", "Председатель, избранный родителями",
         "Мектептин өнүгүшүнө көмөк көрсөтөт, бюджеттен тышкаркы каражаттардын пайдаланылышына коомдук көзөмөл жүргүзөт.",
         "Содействует развитию школы, осуществляет общественный контроль за использованием внебюджетных средств."),
        ("governance", "Ата-энелер комитети", "Родительский комитет", "", "",
         "Ата-энелердин мектепти башкарууга катышуусун камсыз кылат.",
         "Обеспечивает участие родителей в управлении школой."),
        ("governance", "Окуучулардын өзүн-өзү башкаруу кеңеши", "Совет ученического самоуправления", "", "",
         "Окуучулардын демилгелерин колдойт, мектептик иш-чараларды уюштурууга катышат.",
         "Поддерживает инициативы учащихся, участвует в организации школьных мероприятий."),
        ("unit", "Башталгыч класстар мугалимдеринин методикалык бирикмеси", "Методическое объединение учителей начальных классов", "", "",
         "1–4-класстарда окутуунун методикасын өркүндөтөт.", "Совершенствует методику обучения в 1–4 классах."),
        ("unit", "Табигый-математикалык цикл мугалимдеринин методикалык бирикмеси", "Методическое объединение учителей естественно-математического цикла", "", "",
         "Математика, физика, химия, биология жана информатика мугалимдерин бириктирет.",
         "Объединяет учителей математики, физики, химии, биологии и информатики."),
        ("unit", "Гуманитардык цикл мугалимдеринин методикалык бирикмеси", "Методическое объединение учителей гуманитарного цикла", "", "",
         "Тил, адабият жана тарых мугалимдерин бириктирет.", "Объединяет учителей языков, литературы и истории."),
    ]
    body_blocks = []
    for kind, name_ky, name_ru, head_ky, head_ru, desc_ky, desc_ru in bodies:
        regulation = media.document(
            f"{name_ky} жөнүндө жобо",
            [f"{name_ky} мектептин {'башкаруу органы' if kind == 'governance' else 'түзүмдүк бөлүмү'} болуп саналат.",
             desc_ky, "Жобо мектептин педагогикалык кеңешинде кабыл алынып, директордун буйругу менен бекитилет."],
            signature=signature_ky,
        )
        body_blocks.append(("body", {"kind": kind, "name": t(name_ky, name_ru), "head": t(head_ky, head_ru) if head_ky else "",
                                     "description": t(desc_ky, desc_ru), "regulation": regulation}))
    _add(about, StructurePage(
        title=t("Түзүлүшү жана башкаруу органдары", "Структура и органы управления"), slug="structure", show_in_menus=True,
        intro=t("Мектепти башкаруунун коллегиалдуу органдары жана түзүмдүк бөлүмдөрү, алардын жоболору менен.",
                "Коллегиальные органы управления и структурные подразделения школы с их положениями."),
        bodies=body_blocks,
    ), siteadmin)

    # R-S3, R-S5, R-S6
    from journal.register.selectors.public import public_students_by_level

    register_students = public_students_by_level(school)

    def programme(title_ky, title_ru, level, desc_ky, desc_ru, subj_ky, subj_ru, students):
        # the register is the one source of the figure: typed only when it has no such classes
        students = None if level in register_students else students
        document = media.document(title_ky, [desc_ky, f"Окутулуучу предметтер: {subj_ky}.", "Программа мамлекеттик билим берүү стандартына ылайык түзүлгөн."])
        return ("programme", {"title": t(title_ky, title_ru), "level": level, "description": t(desc_ky, desc_ru),
                              "subjects": t(subj_ky, subj_ru), "languages": ["ky", "ru"], "students": students, "document": document})

    education = EducationPage(
        title=t("Билим берүү", "Образование"), slug="education", show_in_menus=True,
        intro=t("Билим берүүнүн деңгээлдери, формалары жана мөөнөттөрү, программалар, окуу планы жана окуу графиги.",
                "Уровни, формы и сроки обучения, образовательные программы, учебный план и календарный график."),
        has_preschool=False,
        curriculum_note=t(
            "Окуу планы Кыргыз Республикасынын Билим берүү жана илим министрлигинин базистик окуу планынын негизинде түзүлгөн.",
            "Учебный план составлен на основе базисного учебного плана Министерства образования и науки Кыргызской Республики.",
        ),
    )
    education.levels = [
        ("level", {"level": "primary", "forms": ["full_time", "home"], "term_years": 4}),
        ("level", {"level": "basic", "forms": ["full_time", "home"], "term_years": 5}),
        ("level", {"level": "secondary", "forms": ["full_time", "extramural"], "term_years": 2}),
    ]
    education.programmes = [
        programme("Башталгыч жалпы билим берүүнүн негизги программасы", "Основная программа начального общего образования", "primary",
                  "1–4-класстар үчүн программа: окууга, жазууга, эсептөөгө үйрөтүү, айлана-чөйрө жөнүндө алгачкы түшүнүктөрдү калыптандыруу.",
                  "Программа для 1–4 классов: обучение чтению, письму, счёту, первоначальные представления об окружающем мире.",
                  "Кыргыз тили, Орус тили, Математика, Мекен таануу, Музыка, Көркөм сүрөт, Эмгекке үйрөтүү, Дене тарбия",
                  "Кыргызский язык, Русский язык, Математика, Родиноведение, Музыка, Изобразительное искусство, Трудовое обучение, Физическая культура",
                  412),
        programme("Негизги жалпы билим берүүнүн программасы", "Программа основного общего образования", "basic",
                  "5–9-класстар үчүн программа: негизги илимдердин системалуу негиздери жана кесип тандоого даярдоо.",
                  "Программа для 5–9 классов: систематические основы наук и подготовка к выбору профессии.",
                  "Кыргыз тили жана адабияты, Орус тили жана адабияты, Англис тили, Алгебра, Геометрия, Физика, Химия, Биология, География, Кыргызстан тарыхы, Информатика, Дене тарбия",
                  "Кыргызский язык и литература, Русский язык и литература, Английский язык, Алгебра, Геометрия, Физика, Химия, Биология, География, История Кыргызстана, Информатика, Физическая культура",
                  486),
        programme("Орто жалпы билим берүүнүн программасы", "Программа среднего общего образования", "secondary",
                  "10–11-класстар үчүн программа: жогорку окуу жайларына даярдоо жана жыйынтыктоочу аттестация.",
                  "Программа для 10–11 классов: подготовка к поступлению в вузы и итоговая аттестация.",
                  "Кыргыз тили жана адабияты, Орус тили жана адабияты, Англис тили, Алгебра жана анализдин башталышы, Геометрия, Физика, Химия, Биология, Адам жана коом, Информатика, Аскерге чейинки даярдоо",
                  "Кыргызский язык и литература, Русский язык и литература, Английский язык, Алгебра и начала анализа, Геометрия, Физика, Химия, Биология, Человек и общество, Информатика, Допризывная подготовка",
                  152),
    ]
    education.standards = [
        ("document", _doc_block(t("Мектептик жалпы билим берүүнүн мамлекеттик билим берүү стандарты", "Государственный образовательный стандарт школьного общего образования"),
                                media.document("Мектептик жалпы билим берүүнүн мамлекеттик билим берүү стандарты",
                                               ["Стандарт жалпы билим берүүнүн мазмунуна жана окуучулардын даярдыгынын деңгээлине талаптарды белгилейт."]))),
        ("document", {"title": t("Билим берүү жана илим министрлигинин стандарттары", "Стандарты Министерства образования и науки"),
                      "document": None, "url": "https://edu.gov.kg/", "date": None}),
    ]
    education.curriculum = [
        ("document", _doc_block(t(f"{y1}–{y2}-окуу жылынын окуу планы", f"Учебный план на {y1}–{y2} учебный год"),
                                media.document(f"{y1}–{y2}-окуу жылынын окуу планы",
                                               ["Окуу планы ар бир класс үчүн предметтердин жумалык сааттарын аныктайт.",
                                                "1–4-класстар: жумасына 20–24 саат; 5–9-класстар: 29–33 саат; 10–11-класстар: 34 саат."],
                                               signature=signature_ky), datetime.date(y1, 8, 28))),
    ]
    education.calendar = [
        ("document", _doc_block(t(f"{y1}–{y2}-окуу жылынын календардык окуу графиги", f"Календарный учебный график на {y1}–{y2} учебный год"),
                                media.document(f"{y1}–{y2}-окуу жылынын календардык окуу графиги",
                                               [f"Окуу жылы {y1}-жылдын 1-сентябрында башталып, {y2}-жылдын 25-майында аяктайт.",
                                                "Окуу жылы төрт чейрекке бөлүнөт; чейректердин ортосунда каникулдар болот."],
                                               signature=signature_ky), datetime.date(y1, 8, 28))),
    ]
    education.methodology = [
        ("document", _doc_block(t("Методикалык кеңештин иш планы", "План работы методического совета"),
                                media.document("Методикалык кеңештин иш планы", ["Ачык сабактар, семинарлар жана мугалимдердин квалификациясын жогорулатуу."]))),
        ("document", _doc_block(t("Окуучулардын билимин баалоо жөнүндө жобо", "Положение об оценивании знаний учащихся"),
                                media.document("Окуучулардын билимин баалоо жөнүндө жобо",
                                               ["Билим беш баллдык шкала менен бааланат.", "1-класста жана 2-класстын биринчи жарым жылдыгында баа коюлбайт."]))),
        ("document", _doc_block(t("Электрондук журналды жүргүзүү жөнүндө жобо", "Положение о ведении электронного журнала"),
                                media.document("Электрондук журналды жүргүзүү жөнүндө жобо",
                                               ["Мугалимдер журналды сабак өткөн күнү толтурушат.", "Ата-энелер балдарынын баалары менен интернет аркылуу тааныша алышат."]))),
    ]
    _add(about, education, siteadmin)

    # R-S4, R-S10 licences
    def permit(title_ky, title_ru, number, issued_on, valid_until, annex_ky, annex_ru):
        by_ky, by_ru = "Кыргыз Республикасынын Билим берүү жана илим министрлиги", "Министерство образования и науки Кыргызской Республики"
        certificate = media.document(title_ky, [f"№ {number}, берилген күнү: {issued_on:%d.%m.%Y}.", by_ky], subtitle=f"№ {number}")
        annex = media.document(annex_ky, [f"№ {number} документке тиркеме.", "Билим берүү программаларынын тизмеси: башталгыч, негизги жана орто жалпы билим берүү."])
        return {"title": t(title_ky, title_ru), "number": number, "issued_by": t(by_ky, by_ru), "issued_on": issued_on,
                "valid_until": valid_until, "document": certificate, "annexes": [_doc_block(t(annex_ky, annex_ru), annex)]}

    _add(about, AccreditationPage(
        title=t("Аккредитация жана лицензиялар", "Аккредитация и лицензии"), slug="accreditation", show_in_menus=True,
        intro=t("Мамлекеттик аккредитация жөнүндө күбөлүк жана билим берүү ишмердүүлүгүнө лицензия, тиркемелери менен.",
                "Свидетельство о государственной аккредитации и лицензия на образовательную деятельность с приложениями."),
        accreditations=[("certificate", permit("Билим берүү программаларын мамлекеттик аккредитациялоо жөнүндө күбөлүк",
                                               "Свидетельство о государственной аккредитации образовательных программ",
                                               "АК-0457", datetime.date(y1 - 4, 6, 15), datetime.date(y2 + 1, 6, 14),
                                               "Күбөлүккө 1-тиркеме", "Приложение 1 к свидетельству"))],
        licences=[("licence", permit("Билим берүү ишмердүүлүгүнө лицензия", "Лицензия на осуществление образовательной деятельности",
                                     "LS180000123", datetime.date(2019, 8, 20), None, "Лицензияга тиркеме", "Приложение к лицензии"))],
    ), siteadmin)

    # R-S7
    from journal.register.selectors.public import public_leaders

    position_texts = {
        "director": ("Мектептин директору", "Директор школы"),
        "deputy_academic": ("Окуу иштери боюнча директордун орун басары", "Заместитель директора по учебной работе"),
        "deputy_education": ("Тарбия иштери боюнча директордун орун басары", "Заместитель директора по воспитательной работе"),
    }
    reception = (t("Шейшемби, бейшемби 14:00–17:00", "Вторник, четверг 14:00–17:00"), "")
    leaders = []
    staff_leaders = list(public_leaders(school))
    if staff_leaders:
        for member in staff_leaders:
            pos_ky, pos_ru = position_texts.get(member.position, position_texts["deputy_academic"])
            leaders.append({"last_name": t(member.last_name, member.last_name), "first_name": t(member.first_name, member.first_name),
                            "patronymic": t(member.patronymic, member.patronymic),
                            "position": t(pos_ky, pos_ru), "is_head": member.position == "director",
                            "phone": member.phone or "+996 (3722) 5-12-34", "email": member.email or f"{member.position}@school.example.org"})
    else:
        leaders = [
            {"last_name": t("Касенова", "Касенова"), "first_name": t("Бактыгүл", "Бактыгуль"), "patronymic": t("Асанбековна", "Асанбековна"),
             "position": t(*position_texts["director"]), "is_head": True, "phone": "+996 (3722) 5-12-34", "email": "director@school.example.org"},
            {"last_name": "Кадырова", "first_name": "Эльмира", "patronymic": "Токтогуловна",
             "position": t(*position_texts["deputy_academic"]), "is_head": False, "phone": "+996 (3722) 5-12-35", "email": "uvr@school.example.org"},
            {"last_name": t("Осмонов", "Осмонов"), "first_name": "Улан", "patronymic": "Бакытович",
             "position": t(*position_texts["deputy_education"]), "is_head": False, "phone": "+996 (3722) 5-12-37", "email": "vr@school.example.org"},
        ]
    leader_blocks = []
    for leader in leaders:
        initials = f"{leader['last_name'][:1]}{leader['first_name'][:1]}"
        photo = media.image(f"{leader['last_name']} {leader['first_name']}", assets.portrait(rng, initials))
        leader_blocks.append(("leader", {**leader, "reception_hours": reception[0] if leader["is_head"] else "", "photo": photo}))
    _add(about, LeadershipPage(
        title=t("Жетекчилик", "Руководство"), slug="leadership", show_in_menus=True,
        intro=t("Мектептин директору жана анын орун басарлары.", "Директор школы и его заместители."),
        leaders=leader_blocks,
    ), siteadmin)

    # R-S8
    _add(about, TeachingStaffIndexPage(
        title=t("Педагогикалык курам", "Педагогический состав"), slug="teachers", show_in_menus=True,
        intro=t("Мугалимдер жөнүндө маалымат мектептин реестринен алынат: билими, квалификациясы, иш стажы жана окуткан предметтери.",
                "Сведения об учителях берутся из реестра школы: образование, квалификация, стаж и преподаваемые предметы."),
    ), siteadmin)

    # R-S9
    _add(about, FacilitiesPage(
        title=t("Материалдык-техникалык база", "Материально-техническое обеспечение"), slug="facilities", show_in_menus=True,
        intro=t("Окуу кабинеттери, лабораториялар, китепкана, спорт, тамактануу жана ден соолук, маалыматтык технологиялар.",
                "Учебные кабинеты, лаборатории, библиотека, спорт, питание и охрана здоровья, информационные технологии."),
        classrooms_count=42,
        classrooms=t.rich(("Мектепте 42 окуу кабинети бар, анын ичинде 12 кабинет башталгыч класстар үчүн. Бардык кабинеттер заманбап парталар жана доскалар менен жабдылган.",
                           "В школе 42 учебных кабинета, из них 12 — для начальных классов. Все кабинеты оснащены современными партами и досками.")),
        practical=t.rich(("Физика, химия жана биология лабораториялары, эмгекке үйрөтүү үчүн эки устакана (жыгач иштетүү жана тигүү).",
                          "Лаборатории физики, химии и биологии, две мастерские для трудового обучения (столярная и швейная).")),
        library_books=18450,
        library=t.rich(("Китепкананын фондусу – 18 450 нуска, анын ичинде 12 300 окуу китеби. Окуу залы 30 орундуу.",
                        "Фонд библиотеки — 18 450 экземпляров, из них 12 300 учебников. Читальный зал на 30 мест.")),
        sports=t.rich(("Спорт залы (540 м²), чакан футбол талаасы, волейбол жана баскетбол аянтчалары, ачык асман алдындагы тренажёрлор.",
                       "Спортивный зал (540 м²), мини-футбольное поле, волейбольная и баскетбольная площадки, уличные тренажёры.")),
        health=t.rich(("Медициналык кабинетте медайым иштейт; окуучулар жыл сайын медициналык кароодон өтүшөт.",
                       "В медицинском кабинете работает медсестра; учащиеся ежегодно проходят медицинский осмотр.")),
        meals=t.rich(("Ашкана 120 орундуу. 1–4-класстардын окуучулары бекер ысык тамак менен камсыз кылынат.",
                      "Столовая на 120 мест. Учащиеся 1–4 классов обеспечиваются бесплатным горячим питанием.")),
        computers_count=36,
        ict=t.rich(("Эки информатика кабинети (36 компьютер), бардык окуу корпустарында Wi-Fi, сегиз интерактивдүү доска.",
                    "Два кабинета информатики (36 компьютеров), Wi-Fi во всех учебных корпусах, восемь интерактивных досок.")),
        e_resources=[
            ("link", {"title": t("Кыргыз Республикасынын Билим берүү жана илим министрлиги", "Министерство образования и науки Кыргызской Республики"),
                      "url": "https://edu.gov.kg/"}),
            ("document", _doc_block(t("Электрондук билим берүү ресурстарынын тизмеси", "Перечень электронных образовательных ресурсов"),
                                    media.document("Электрондук билим берүү ресурстарынын тизмеси",
                                                   ["Электрондук окуу китептери.", "Видеосабактар.", "Онлайн тесттер."]))),
        ],
        accessibility=t.rich(("Мектептин кире беришинде пандус бар; биринчи кабатта мүмкүнчүлүгү чектелген окуучулар үчүн ылайыкташтырылган даараткана бар.",
                              "У входа в школу оборудован пандус; на первом этаже есть санузел, приспособленный для учащихся с ограниченными возможностями здоровья.")),
        photos=[
            ("image", {"image": media.image(t("Информатика кабинети", "Кабинет информатики"), assets.scene(rng, "computer")),
                       "caption": t("Информатика кабинети", "Кабинет информатики"), "author": ""}),
            ("image", {"image": media.image(t("Химия лабораториясы", "Лаборатория химии"), assets.scene(rng, "flask")),
                       "caption": t("Химия лабораториясы", "Лаборатория химии"), "author": ""}),
        ],
    ), siteadmin)

    # R-S10 admissions
    _add(about, AdmissionsPage(
        title=t("Окуучуларды кабыл алуу", "Приём учащихся"), slug="admissions", show_in_menus=True,
        intro=t("Кабыл алуу эрежелери, мөөнөттөрү, бош орундар жана керектүү документтер.",
                "Правила и сроки приёма, свободные места и необходимые документы."),
        rules=t.rich(("1-класска 6 жаштан 7 жашка чейинки балдар кабыл алынат.", "В 1 класс принимаются дети в возрасте от 6 до 7 лет."),
                     ("Биринчи кезекте мектепке бекитилген аймакта жашаган балдар кабыл алынат.",
                      "В первую очередь принимаются дети, проживающие на закреплённой за школой территории."),
                     ("Бош орундар болгондо башка класстарга кабыл алуу окуу жылы бою жүргүзүлөт.",
                      "При наличии свободных мест приём в другие классы ведётся в течение всего учебного года.")),
        rules_documents=[("document", _doc_block(t("Окуучуларды кабыл алуу тартиби", "Порядок приёма учащихся"),
                                                 media.document("Окуучуларды кабыл алуу тартиби",
                                                                ["1-класска кабыл алуу 1-апрелден 31-августка чейин жүргүзүлөт.",
                                                                 "Ата-эне арыз жана баланын документтерин тапшырат."], signature=signature_ky)))],
        dates=t("1-класска кабыл алуу: 1-апрель – 31-август", "Приём в 1 класс: с 1 апреля по 31 августа"),
        places=[("places", {"grade": t(f"{g}-класс", f"{g} класс"), "places": n}) for g, n in ((1, 25), (5, 4), (7, 3), (10, 12))],
        required_documents=t.ul(("Ата-эненин арызы", "Заявление родителя"),
                                ("Баланын туулгандыгы тууралуу күбөлүктүн көчүрмөсү", "Копия свидетельства о рождении ребёнка"),
                                ("Медициналык карта (063 жана 026 формалары)", "Медицинская карта (формы 063 и 026)"),
                                ("3×4 өлчөмүндөгү эки сүрөт", "Две фотографии 3×4")),
    ), siteadmin)

    # R-S10 finance
    _add(about, FinancePage(
        title=t("Каржы-чарбалык ишмердүүлүк", "Финансово-хозяйственная деятельность"), slug="finance", show_in_menus=True,
        intro=t("Билим берүү ишмердүүлүгүнүн көлөмү, каржылоо булактары жана каражаттардын пайдаланылышы тууралуу отчёттор.",
                "Объём образовательной деятельности, источники финансирования и отчёты об использовании средств."),
        volume=t.rich((f"{y1}–{y2}-окуу жылында мектепте 1050 окуучу окуйт. Билим берүү ишмердүүлүгү толугу менен республикалык жана жергиликтүү бюджеттердин эсебинен каржыланат.",
                       f"В {y1}–{y2} учебном году в школе обучаются 1050 учащихся. Образовательная деятельность полностью финансируется из республиканского и местного бюджетов.")),
        funding=t.ul(("Республикалык бюджет – эмгек акы жана окуу китептери", "Республиканский бюджет — заработная плата и учебники"),
                     ("Жергиликтүү бюджет – коммуналдык кызматтар жана оңдоо", "Местный бюджет — коммунальные услуги и ремонт"),
                     ("Ата-энелердин ыктыярдуу салымдары – Камкордук кеңештин чечими менен", "Добровольные взносы родителей — по решению Попечительского совета")),
        reports=[("report", {"year": year, "title": t(f"{year}-жылы каражаттардын келип түшүшү жана пайдаланылышы тууралуу отчёт",
                                                       f"Отчёт о поступлении и расходовании средств за {year} год"),
                             "document": media.document(f"{year}-жылы каражаттардын келип түшүшү жана пайдаланылышы тууралуу отчёт",
                                                        ["Республикалык бюджеттен: 48 600 000 сом.", "Жергиликтүү бюджеттен: 6 200 000 сом.",
                                                         "Ыктыярдуу салымдар: 420 000 сом.", "Материалдык каражаттар: окуу китептери, компьютерлер, эмерек."],
                                                        signature=signature_ky)})
                 for year in (today.year - 1, today.year - 2)],
        plans=[("document", _doc_block(t(f"{today.year}-жылдын каржы-чарбалык ишмердүүлүгүнүн планы", f"План финансово-хозяйственной деятельности на {today.year} год"),
                                       media.document(f"{today.year}-жылдын каржы-чарбалык ишмердүүлүгүнүн планы",
                                                      ["Кирешелер жана чыгашалар беренелер боюнча."], signature=signature_ky)))],
        paid_services=t.rich(("Мектеп акы төлөнүүчү билим берүү кызматтарын көрсөтпөйт.", "Школа не оказывает платных образовательных услуг.")),
    ), siteadmin)

    # documents (R-S10 charter and the rest)
    def entry(category, title_ky, title_ru, date, number="", paragraphs=None):
        document = media.document(title_ky, paragraphs or [title_ky], subtitle=f"№ {number}" if number else "", signature=signature_ky)
        return ("document", {"category": category, "title": t(title_ky, title_ru), "number": number, "date": date, "document": document})

    _add(about, DocumentsPage(
        title=t("Документтер", "Документы"), slug="documents", show_in_menus=True,
        intro=t("Мектептин уставы, ички актылары, буйруктары жана отчёттору.", "Устав, локальные акты, приказы и отчёты школы."),
        documents=[
            entry("charter", "Мектептин Уставы", "Устав школы", datetime.date(2019, 3, 12), "",
                  ["Мектеп мамлекеттик жалпы билим берүү уюму болуп саналат.", "Мектептин максаты – жалпы билим берүү.", "Мектепти директор башкарат."]),
            entry("local_act", "Ички тартип эрежелери", "Правила внутреннего распорядка", datetime.date(y1, 8, 30)),
            entry("local_act", "Окуучулардын жүрүм-турум эрежелери", "Правила поведения учащихся", datetime.date(y1, 8, 30)),
            entry("local_act", "Жеке маалыматтарды коргоо жөнүндө жобо", "Положение о защите персональных данных", datetime.date(y1, 8, 30)),
            entry("order", "Маалымат системасы үчүн жооптуу адамды дайындоо жөнүндө буйрук", "Приказ о назначении ответственного за информационную систему",
                  datetime.date(y1, 9, 2), "45"),
            entry("report", f"{y1 - 1}–{y1}-окуу жылынын жыйынтыктары боюнча отчёт", f"Отчёт об итогах {y1 - 1}–{y1} учебного года", datetime.date(y1, 6, 20)),
            entry("self_assessment", "Өзүн-өзү баалоо боюнча отчёт", "Отчёт о самообследовании", datetime.date(y1, 4, 15)),
            entry("inspection", "Текшерүүнүн жыйынтыгы боюнча маалым кат", "Справка по итогам проверки", datetime.date(y1 - 1, 11, 5)),
        ],
    ), siteadmin)

    # ---- news and events (R-S16) ----
    news_index = _add(home, NewsIndexPage(
        title=t("Жаңылыктар жана иш-чаралар", "Новости и события"), slug="news", show_in_menus=True,
        intro=t("Мектеп турмушундагы окуялар.", "События школьной жизни."),
    ), siteadmin)
    news = [
        (date_or(y1, 9, 1), "flag", "Билим күнү – салтанаттуу линейка", "День знаний — торжественная линейка",
         "Жаңы окуу жылы салтанаттуу линейка менен башталды.", "Новый учебный год начался с торжественной линейки.",
         "Биринчи класстын окуучуларын бүтүрүүчүлөр куттуктап, биринчи коңгуроону кагышты.", "Первоклассников поздравили выпускники и дали первый звонок."),
        (date_or(y1, 9, 23), "book", "Мамлекеттик тил майрамы", "Праздник государственного языка",
         "Мамлекеттик тил күнүнө карата адабий кече өттү.", "Ко Дню государственного языка прошёл литературный вечер.",
         "Окуучулар Токтогулдун ырларын жана «Манас» эпосунан үзүндүлөрдү окушту.", "Ученики читали стихи Токтогула и отрывки из эпоса «Манас»."),
        (date_or(y1, 10, 3), "music", "Мугалимдер күнү", "День учителя",
         "Окуучулар мугалимдерге концерт тартуулашты.", "Ученики подарили учителям концерт.",
         "Ардагер мугалимдерге ыраазычылык каттары тапшырылды.", "Учителям-ветеранам вручены благодарственные письма."),
        (date_or(y1, 10, 12), "tree", "«Жашыл мектеп» акциясы: 50 көчөт отургузулду", "Акция «Зелёная школа»: посажено 50 саженцев",
         "Окуучулар жана ата-энелер мектептин короосуна 50 көчөт отургузушту.", "Ученики и родители посадили во дворе школы 50 саженцев.",
         "Ар бир класс өз көчөтүнө кам көрөт.", "Каждый класс будет ухаживать за своим деревом."),
        (date_or(y1, 10, 20), "trophy", "Математика боюнча шаардык олимпиаданын жеңүүчүлөрү", "Победители городской олимпиады по математике",
         "Мектебибиздин үч окуучусу шаардык олимпиадада байге алды.", "Трое наших учеников стали призёрами городской олимпиады.",
         "Жеңүүчүлөр облустук олимпиадага даярданып жатышат.", "Победители готовятся к областной олимпиаде."),
        (date_or(y1, 10, 28), "computer", "Жаңы информатика кабинети ачылды", "Открыт новый кабинет информатики",
         "Экинчи информатика кабинети 18 компьютер менен жабдылды.", "Второй кабинет информатики оснащён 18 компьютерами.",
         "Эми ар бир окуучу сабакта өзүнчө компьютерде иштейт.", "Теперь на уроке каждый ученик работает за отдельным компьютером."),
        (date_or(y1, 11, 2), "book", "Ата-энелер жыйыны: биринчи чейректин жыйынтыгы", "Родительское собрание: итоги первой четверти",
         "Класс жетекчилер биринчи чейректин жыйынтыктары менен тааныштырышты.", "Классные руководители рассказали об итогах первой четверти.",
         "Ата-энелерге электрондук журналга кирүү үчүн логиндер берилди.", "Родителям выданы логины для входа в электронный журнал."),
        (date_or(y1, 11, 8), "flask", "Химия боюнча ачык сабак", "Открытый урок по химии",
         "9-класстын окуучулары лабораториялык тажрыйбаларды көрсөтүштү.", "Девятиклассники показали лабораторные опыты.",
         "Сабакка шаардын мугалимдери катышты.", "На уроке присутствовали учителя города."),
        (date_or(y1, 11, 12), "ball", "Футбол боюнча мектептер аралык мелдеш", "Межшкольный турнир по футболу",
         "Биздин команда мелдеште экинчи орунду ээледи.", "Наша команда заняла второе место в турнире.",
         "Мелдешке шаардын сегиз мектеби катышты.", "В турнире участвовали восемь школ города."),
        (date_or(y1, 11, 15), "book", "Китепканага 300 жаңы китеп келди", "В библиотеку поступило 300 новых книг",
         "Китепкананын фондусу көркөм адабият жана окуу китептери менен толукталды.", "Фонд библиотеки пополнен художественной литературой и учебниками.",
         "Китептер кыргыз жана орус тилдеринде.", "Книги на кыргызском и русском языках."),
        (date_or(y1, 11, 17), "music", "Окуучулардын сүрөт көргөзмөсү", "Выставка рисунков учащихся",
         "Мектептин фойесинде «Менин мекеним» көргөзмөсү ачылды.", "В фойе школы открылась выставка «Моя Родина».",
         "Эң жакшы эмгектер сайттын галереясында жарыяланды.", "Лучшие работы опубликованы в галерее сайта."),
        (date_or(y1, 11, 19), "computer", "Электрондук журнал: ата-энелер үчүн нускама", "Электронный журнал: инструкция для родителей",
         "Ата-энелер балдарынын бааларын жана үй тапшырмаларын интернет аркылуу көрө алышат.", "Родители могут видеть оценки и домашние задания детей через интернет.",
         "Логин жана сырсөздү класс жетекчиден алыңыз; аны эч кимге бербеңиз.", "Логин и пароль получите у классного руководителя; никому их не передавайте."),
    ]
    for date, motif, title_ky, title_ru, intro_ky, intro_ru, body_ky, body_ru in news:
        if date > today:
            date = today - datetime.timedelta(days=rng.randint(1, 20))
        image = media.image(t(title_ky, title_ru), assets.scene(rng, motif))
        _add(news_index, NewsPage(
            title=t(title_ky, title_ru), slug=f"news-{date:%Y%m%d}-{rng.randint(100, 999)}", date=date, image=image,
            intro=t(intro_ky, intro_ru),
            body=[("paragraph", t.rich((body_ky, body_ru)))],
        ), siteadmin)
    events = [
        (-40, None, "Күзгү жарманке", "Осенняя ярмарка", "Мектептин короосу", "Школьный двор",
         "Класстар өз бактарынан жыйналган түшүмдү көргөзүштү.", "Классы показали урожай со своих огородов."),
        (7, None, "Ата-энелер жыйыны", "Родительское собрание", "Ар бир класста", "В каждом классе",
         "Экинчи чейректин ортосундагы жыйынтыктар талкууланат.", "Обсуждение промежуточных итогов второй четверти."),
        (14, 23, "Табигый илимдер декадасы", "Декада естественных наук", "Лабораториялар", "Лаборатории",
         "Ачык сабактар, тажрыйбалар жана викториналар.", "Открытые уроки, опыты и викторины."),
        (26, None, "«Ден соолук – байлык» эстафетасы", "Эстафета «Здоровье — богатство»", "Спорт залы", "Спортивный зал",
         "5–7-класстардын командалары катышат.", "Участвуют команды 5–7 классов."),
        (35, None, "Жаңы жыл майрамы", "Новогодний праздник", "Акт залы", "Актовый зал",
         "Башталгыч класстардын окуучулары үчүн майрамдык концерт.", "Праздничный концерт для учеников начальных классов."),
        (75, None, "Ачык эшиктер күнү", "День открытых дверей", "Башкы имарат", "Главное здание",
         "Келечектеги биринчи класстардын ата-энелерин чакырабыз.", "Приглашаем родителей будущих первоклассников."),
    ]
    for offset, end_offset, title_ky, title_ru, place_ky, place_ru, text_ky, text_ru in events:
        start = today + datetime.timedelta(days=offset)
        _add(news_index, EventPage(
            title=t(title_ky, title_ru), slug=f"event-{start:%Y%m%d}", start=start,
            end=today + datetime.timedelta(days=end_offset) if end_offset else None,
            time="10:00", location=t(place_ky, place_ru), intro=t(text_ky, text_ru),
            body=[("paragraph", t.rich((text_ky, text_ru)))],
        ), siteadmin)

    # ---- gallery (R-S16) ----
    gallery = _add(home, GalleryIndexPage(
        title=t("Чыгармачылык галереясы", "Галерея творчества"), slug="gallery", show_in_menus=True,
        intro=t("Окуучулардын жана мугалимдердин чыгармачылык иштери.", "Творческие работы учеников и учителей."),
    ), siteadmin)
    albums = [
        ("students", "«Менин мекеним» сүрөт көргөзмөсү", "Выставка рисунков «Моя Родина»", "3–5-класстардын окуучулары", "Ученики 3–5 классов",
         [("Ала-Тоо", "Ала-Тоо", "Айпери, 4 «А»"), ("Менин үйүм", "Мой дом", "Эмир, 3 «Б»"), ("Жайлоо", "Джайлоо", "Бегимай, 5 «А»"),
          ("Гүлдөр", "Цветы", "Сезим, 3 «А»"), ("Күз", "Осень", "Нурсултан, 4 «Б»"), ("Айыл", "Село", "Каныкей, 5 «Б»")], "art"),
        ("students", "Колөнөрчүлүк: шырдак жана ала кийиз", "Народные ремёсла: шырдак и ала-кийиз", "7–8-класстардын кыздары", "Девочки 7–8 классов",
         [("Шырдактын үлгүсү", "Узор шырдака", "7 «А»"), ("Ала кийиз", "Ала-кийиз", "8 «Б»"), ("Түш кийиз", "Тush-кийиз", "8 «А»")], "art"),
        ("teachers", "Мугалимдердин методикалык иштери", "Методические работы учителей", "Табигый-математикалык цикл", "Естественно-математический цикл",
         [("Химия боюнча көрсөтмө куралдар", "Наглядные пособия по химии", ""), ("Физика боюнча электрондук сабак", "Электронный урок по физике", ""),
          ("Математикалык оюндар", "Математические игры", "")], "scene"),
        ("school_life", "Мектеп турмушу", "Школьная жизнь", "", "",
         [("Спорттук майрам", "Спортивный праздник", ""), ("Китепканада", "В библиотеке", ""), ("Мугалимдер күнү", "День учителя", "")], "scene"),
    ]
    motifs = ["ball", "book", "music", "flask", "computer", "trophy", "tree"]
    for number, (kind, title_ky, title_ru, authors_ky, authors_ru, works, style) in enumerate(albums, 1):
        images = []
        for caption_ky, caption_ru, author in works:
            data = assets.artwork(rng) if style == "art" else assets.scene(rng, rng.choice(motifs))
            image = media.image(t(caption_ky, caption_ru), data)
            images.append(("image", {"image": image, "caption": t(caption_ky, caption_ru), "author": author}))
        _add(gallery, GalleryPage(
            title=t(title_ky, title_ru), slug=f"album-{number}", kind=kind, date=today - datetime.timedelta(days=10 * number),
            authors=t(authors_ky, authors_ru) if authors_ky else "", images=images,
        ), siteadmin)

    # ---- contacts, site map ----
    _add(home, ContactPage(
        title=t("Байланыш", "Контакты"), slug="contacts", show_in_menus=True,
        intro=t("Суроолоруңуз болсо, бизге телефон чалыңыз же кат жазыңыз.", "Если у вас есть вопросы, позвоните или напишите нам."),
        directions=t.rich(("Шаардын борборунан №5 жана №12 маршруттук таксилер менен «Мектеп» аялдамасына чейин.",
                           "Из центра города на маршрутках №5 и №12 до остановки «Школа».")),
    ), siteadmin)
    _add(home, SiteMapPage(
        title=t("Сайттын картасы", "Карта сайта"), slug="sitemap", show_in_menus=False,
        intro=t("Сайттын бардык бөлүмдөрү.", "Все разделы сайта."),
    ), siteadmin)

    # ---- Russian translation of the whole tree (parents first) ----
    for page in home.get_descendants(inclusive=True).order_by("path").specific():
        _translate(page, ru, t, user=siteadmin)

    # ---- furniture, settings ----
    _build_furniture(site, school, home, t, ru, media, siteadmin, today)

    # ---- one workflow in progress: the editor's news item waits for approval ----
    draft = NewsPage(
        title="Мектептин ашканасы оңдоодон кийин ачылды", slug="canteen-reopened", live=False, date=today,
        intro="Ашкана жаңы жабдуулар менен кайра ачылды.",
        body=[("paragraph", "<p>Оңдоо жайкы каникулда жүргүзүлдү; эми ашкана 120 орундуу.</p>")],
        owner=editor,
    )
    news_index.add_child(instance=draft)
    draft.save_revision(user=editor)
    from django.test.utils import override_settings
    from wagtail.models import Workflow

    # the moderators' e-mail notifications of this demo submission are not sent anywhere
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        Workflow.objects.get(name=WORKFLOW_NAME).start(draft, editor)

    if stdout is not None:
        pages = Page.objects.descendant_of(home, inclusive=True).count()
        translated = Page.objects.filter(locale=ru).count()
        stdout.write(f"site: {pages} Kyrgyz pages, {translated} Russian pages, {media.counter} images and documents")
        if t.unmapped:
            stdout.write(f"site: Kyrgyz strings without a Russian translation: {sorted(t.unmapped)}")
    return home


def date_or(year, month, day):
    return datetime.date(year, month, day)


def _build_furniture(site, school, home, t, ru, media, user, today):
    from site_settings.models import (
        Announcement,
        MainMenu,
        PrintSignatories,
        SchoolContacts,
        SchoolIdentity,
        SchoolProfile,
    )

    for model in (SchoolProfile, MainMenu, Announcement, UsefulLink):
        model.objects.filter(site=site).delete()

    identity = SchoolIdentity.for_site(site)
    identity.short_name = school.short_name or school.name_ky[:60]
    identity.logo = media.image("Logo", assets.logo(), ext="png")
    identity.okpo = "20145678"
    identity.save()

    contacts = SchoolContacts.for_site(site)
    contacts.telegram = "https://t.me/example_school"
    contacts.whatsapp = "+996 555 12 34 56"
    contacts.instagram = "https://www.instagram.com/example_school/"
    contacts.facebook = ""
    contacts.youtube = ""
    contacts.save()

    signatories = PrintSignatories.for_site(site)
    signatories.director_position_ky, signatories.director_position_ru = "Мектептин директору", "Директор школы"
    signatories.director_name_ky = signatories.director_name_ru = school.director_name or "Б. А. Касенова"
    signatories.deputy_position_ky = "Окуу иштери боюнча директордун орун басары"
    signatories.deputy_position_ru = "Заместитель директора по учебной работе"
    signatories.deputy_name_ky = signatories.deputy_name_ru = school.deputy_name or "Э. Т. Кадырова"
    signatories.save()

    profile = SchoolProfile.objects.create(
        site=site, locale=home.locale, full_name=t(school.name_ky, school.name_ru),
        motto=t("Билим – бакыттын ачкычы", "Знание — ключ к счастью"),
        footer_text=t.rich((f"© {today.year}. Мектептин расмий сайты. Материалдарды колдонууда сайтка шилтеме берүү милдеттүү.",
                            f"© {today.year}. Официальный сайт школы. При использовании материалов ссылка на сайт обязательна.")),
    )
    _translate(profile, ru, t, user)

    children = {p.slug: p for p in home.get_children()}
    about = children["about"].specific
    staff = TeachingStaffIndexPage.objects.child_of(about).first()
    items = [(about, ""), (staff, ""), (children["news"], ""), (children["gallery"], ""), (children["contacts"], "")]
    menu = MainMenu.objects.create(site=site, locale=home.locale, items=[("item", {"page": page, "title": title}) for page, title in items])
    _translate(menu, ru, t, user)

    admissions = AdmissionsPage.objects.child_of(about).first()
    announcements = [
        (True, "1-класска кабыл алуу 1-апрелден башталат", "Приём в 1 класс начинается 1 апреля",
         "Документтер мектептин кабыл алуу бөлмөсүндө кабыл алынат.", "Документы принимаются в приёмной школы.", admissions),
        (False, "Электрондук журналга кирүү", "Вход в электронный журнал",
         "Ата-энелер, логиндерди класс жетекчиден алыңыздар.", "Родители, логины можно получить у классного руководителя.", None),
    ]
    for important, title_ky, title_ru, text_ky, text_ru, link in announcements:
        item = Announcement(site=site, locale=home.locale, title=t(title_ky, title_ru), text=t.rich((text_ky, text_ru)),
                            link_page=link, starts_on=today - datetime.timedelta(days=3), is_important=important, live=False)
        item.save()
        item.save_revision(user=user).publish(user=user)
        _translate(item, ru, t, user)

    links = [
        ("Кыргыз Республикасынын Билим берүү жана илим министрлиги", "Министерство образования и науки Кыргызской Республики", "https://edu.gov.kg/"),
        ("Электрондук күндөлүк «Күндөлүк»", "Электронный дневник «Күндөлүк»", "https://kundoluk.edu.gov.kg/"),
        ("Кыргыз Республикасынын Президентинин расмий сайты", "Официальный сайт Президента Кыргызской Республики", "https://www.president.kg/"),
    ]
    for order, (title_ky, title_ru, url) in enumerate(links):
        link = UsefulLink.objects.create(site=site, locale=home.locale, title=t(title_ky, title_ru), url=url, sort_order=order)
        _translate(link, ru, t, user)
