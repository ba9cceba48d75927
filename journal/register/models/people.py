"""People of a school: staff, students, guardians, and consent to keep their personal data."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal import collation
from portal.lang import in_language

# get_private_storage stays importable from here: migration 0002 names it for the consent scans.
from portal.private_files import RandomPath, get_private_storage, private_storage  # noqa: F401


def _is_ru():
    return (get_language() or "ky").startswith("ru")


NAME_FIELDS = ("last_name", "first_name", "patronymic")


class PersonQuerySet(models.QuerySet):
    """Bulk writes skip save(): they refresh the stored name keys themselves."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.refresh_name_keys()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        if set(NAME_FIELDS) & set(fields):
            objs = list(objs)
            for obj in objs:
                obj.refresh_name_keys()
            fields = [*fields, "sort_key", "name_key"]
        return super().bulk_update(objs, fields, *args, **kwargs)


class PersonName(models.Model):
    last_name = models.CharField(_("surname"), max_length=100)
    first_name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    # Computed from the name on every save (see portal.collation): the Kyrgyz alphabetical order
    # and the case-insensitive match, the same on SQLite and PostgreSQL.
    sort_key = models.CharField(max_length=collation.SORT_KEY_LENGTH, editable=False, default="", db_index=True)
    name_key = models.CharField(max_length=collation.NAME_KEY_LENGTH, editable=False, default="", db_index=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        abstract = True

    def refresh_name_keys(self):
        """Recompute the stored keys from the name (save() does it; bulk writes call it)."""
        parts = [getattr(self, f) for f in NAME_FIELDS]
        self.sort_key = collation.sort_key(*parts)
        self.name_key = collation.name_key(*parts)

    def save(self, *args, **kwargs):
        self.refresh_name_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(NAME_FIELDS) & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "sort_key", "name_key"}
        super().save(*args, **kwargs)

    @property
    def full_name(self):
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def short_name(self):
        """Surname and initials: Асанов Б. Т."""
        initials = " ".join(f"{p[0]}." for p in (self.first_name, self.patronymic) if p)
        return f"{self.last_name} {initials}".strip()

    def __str__(self):
        return self.full_name


class Position(models.TextChoices):
    DIRECTOR = "director", _("Director")
    DEPUTY_ACADEMIC = "deputy_academic", _("Deputy director for academic work")
    DEPUTY_EDUCATION = "deputy_education", _("Deputy director for educational work")
    TEACHER = "teacher", _("Teacher")
    PRIMARY_TEACHER = "primary_teacher", _("Primary school teacher")
    LIBRARIAN = "librarian", _("Librarian")
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    SOCIAL_PEDAGOGUE = "social_pedagogue", _("Social pedagogue")
    ADMINISTRATOR = "administrator", _("System administrator")
    OTHER = "other", _("Other staff")


class EducationLevel(models.TextChoices):
    HIGHER = "higher", _("Higher education")
    INCOMPLETE_HIGHER = "incomplete_higher", _("Incomplete higher education")
    SECONDARY_VOCATIONAL = "secondary_vocational", _("Secondary vocational education")
    MASTER = "master", _("Master's degree")
    CANDIDATE = "candidate", _("Candidate of sciences")


class QualificationCategory(models.TextChoices):
    NONE = "none", _("No category")
    SECOND = "second", _("Second category")
    FIRST = "first", _("First category")
    HIGHEST = "highest", _("Highest category")


class StaffMember(PersonName):
    """A member of staff. The public teaching-staff pages (R-S8) read this record."""

    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="staff")
    user = models.OneToOneField(
        "portal.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="staff_member"
    )
    position = models.CharField(pgettext_lazy("job", "position"), max_length=30, choices=Position.choices, default=Position.TEACHER)
    extra_positions = models.CharField(_("other positions"), max_length=255, blank=True)
    subjects = models.ManyToManyField("journal.Subject", verbose_name=_("subjects taught"), blank=True)
    education_level = models.CharField(
        _("education level"), max_length=30, choices=EducationLevel.choices, default=EducationLevel.HIGHER
    )
    education_ky = models.TextField(_("education: institution, year (Kyrgyz)"), blank=True)
    education_ru = models.TextField(_("education: institution, year (Russian)"), blank=True)
    qualification = models.CharField(
        _("qualification category"),
        max_length=20,
        choices=QualificationCategory.choices,
        default=QualificationCategory.NONE,
    )
    specialty_ky = models.CharField(_("field, specialty (Kyrgyz)"), max_length=255, blank=True)
    specialty_ru = models.CharField(_("field, specialty (Russian)"), max_length=255, blank=True)
    training_ky = models.TextField(_("professional development and retraining (Kyrgyz)"), blank=True)
    training_ru = models.TextField(_("professional development and retraining (Russian)"), blank=True)
    publications = models.TextField(_("publications"), blank=True)
    total_experience = models.PositiveSmallIntegerField(_("total experience, years"), default=0)
    specialty_experience = models.PositiveSmallIntegerField(_("experience in the specialty, years"), default=0)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    photo = models.ImageField(_("photo"), upload_to=RandomPath("staff"), storage=get_private_storage, blank=True)
    is_teaching = models.BooleanField(_("teaching staff"), default=True)
    is_public = models.BooleanField(_("shown on the public site"), default=True)
    is_active = models.BooleanField(_("works at the school"), default=True)
    hired_on = models.DateField(_("hired on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["sort_key", "pk"]

    def get_absolute_url(self):
        return reverse("journal:staff_detail", args=[self.pk])

    @property
    def education(self):
        return in_language(self.education_ky, self.education_ru)

    @property
    def specialty(self):
        return in_language(self.specialty_ky, self.specialty_ru)

    @property
    def training(self):
        return in_language(self.training_ky, self.training_ru)


pin_validator = RegexValidator(r"^[12]\d{13}$", _("The personal number (PIN) is 14 digits and starts with 1 or 2."))


def validate_pin(value):
    """ПИН: 14 digits; the first is sex (1 female, 2 male); digits 2–9 are the birth date DDMMYYYY."""
    pin_validator(value)
    try:
        datetime.date(int(value[5:9]), int(value[3:5]), int(value[1:3]))
    except ValueError:
        raise ValidationError(_("The personal number (PIN) does not contain a valid birth date.")) from None


class Sex(models.TextChoices):
    FEMALE = "f", _("Female")
    MALE = "m", _("Male")


def pin_mismatches(pin, sex=None, birth_date=None):
    """Warnings (not errors) where a well-formed ПИН disagrees with the record's sex or birth date."""
    if not pin or len(pin) != 14 or not pin.isdigit():
        return []
    warnings = []
    if sex and pin[0] != ("1" if sex == Sex.FEMALE else "2"):
        warnings.append(_("The first digit of the personal number (PIN) does not match the sex (1 female, 2 male)."))
    if birth_date and pin[1:9] != f"{birth_date:%d%m%Y}":
        warnings.append(_("The personal number (PIN) does not match the birth date %(date)s.")
                        % {"date": f"{birth_date:%d.%m.%Y}"})
    return [str(w) for w in warnings]


class StudentStatus(models.TextChoices):
    STUDYING = "studying", _("Studying")
    LEFT = "left", _("Left")
    GRADUATED = "graduated", _("Graduated")


class Student(PersonName):
    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="students")
    user = models.OneToOneField(
        "portal.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="student"
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    pin = models.CharField(_("personal number (PIN)"), max_length=14, blank=True, validators=[validate_pin])
    address = models.CharField(_("address"), max_length=255, blank=True)
    class_group = models.ForeignKey(
        "journal.ClassGroup",
        verbose_name=_("class"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="students",
    )
    status = models.CharField(_("status"), max_length=12, choices=StudentStatus.choices, default=StudentStatus.STUDYING)
    enrolled_on = models.DateField(_("enrolled on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    guardians = models.ManyToManyField(
        "journal.Guardian", through="journal.StudentGuardian", related_name="children", blank=True
    )
    history = HistoricalRecords(excluded_fields=["user"])

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "pin"], condition=~models.Q(pin=""), name="student_unique_pin"
            ),
        ]
        indexes = [models.Index(fields=["school", "status"])]

    def get_absolute_url(self):
        return reverse("journal:student_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.class_group_id and self.school_id and self.class_group.school_id != self.school_id:
            errors["class_group"] = _("The class belongs to another school.")
        # a PIN that disagrees with the sex or the birth date is a warning the deputy may override
        # (pin_mismatches, shown by the forms and the import), not an error: the record may be the wrong one
        if self.left_on and self.enrolled_on and self.left_on < self.enrolled_on:
            errors["left_on"] = _("A student cannot leave before enrolment.")
        if errors:
            raise ValidationError(errors)


class Relation(models.TextChoices):
    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    GRANDMOTHER = "grandmother", _("Grandmother")
    GRANDFATHER = "grandfather", _("Grandfather")
    GUARDIAN = "guardian", _("Legal guardian")
    OTHER = "other", _("Other relative")


class Guardian(PersonName):
    """A parent or legal guardian (ата-эне / мыйзамдуу өкүлү)."""

    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="guardians")
    user = models.OneToOneField(
        "portal.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="guardian"
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    phone2 = models.CharField(_("second phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    workplace = models.CharField(_("workplace"), max_length=255, blank=True)
    history = HistoricalRecords(excluded_fields=["user"])

    class Meta:
        verbose_name = _("parent or guardian")
        verbose_name_plural = _("parents and guardians")
        ordering = ["sort_key", "pk"]

    def get_absolute_url(self):
        return reverse("journal:guardian_detail", args=[self.pk])


class StudentGuardian(models.Model):
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="guardian_links")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="child_links")
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices, default=Relation.MOTHER)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("parent of a student")
        verbose_name_plural = _("parents of students")
        constraints = [
            models.UniqueConstraint(fields=["student", "guardian"], name="student_guardian_unique"),
        ]


class ConsentScope(models.TextChoices):
    REGISTER = "register", _("School register and electronic journal")
    PUBLIC_SITE = "public_site", _("Publication on the school website")
    PHOTO = "photo", _("Photos and video")


class ConsentQuerySet(models.QuerySet):
    def valid(self, on=None, scope=None):
        """Consents in force on a date (today by default): given, not withdrawn; the register
        scope unless another is asked for."""
        on = on or timezone.localdate()
        return self.filter(
            scope=scope or ConsentScope.REGISTER, given_on__lte=on
        ).filter(models.Q(withdrawn_on__isnull=True) | models.Q(withdrawn_on__gt=on))


class Consent(models.Model):
    """Written consent to process personal data (R-I15, Law of the KR No. 58)."""

    school = models.ForeignKey("portal.School", on_delete=models.CASCADE, related_name="consents")
    student = models.ForeignKey(Student, null=True, blank=True, on_delete=models.CASCADE, related_name="consents")
    guardian = models.ForeignKey(Guardian, null=True, blank=True, on_delete=models.CASCADE, related_name="consents")
    staff_member = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.CASCADE, related_name="consents"
    )
    given_by = models.CharField(_("given by (full name)"), max_length=255)
    given_by_relation = models.CharField(_("relation to the person"), max_length=100, blank=True)
    given_on = models.DateField(_("date given"))
    scope = models.CharField(_("scope"), max_length=20, choices=ConsentScope.choices, default=ConsentScope.REGISTER)
    document = models.FileField(
        _("scanned document"), upload_to=RandomPath("consents"), blank=True, storage=get_private_storage
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey("portal.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent to personal data processing")
        verbose_name_plural = _("consents to personal data processing")
        ordering = ["-given_on"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(student__isnull=False, guardian__isnull=True, staff_member__isnull=True)
                    | models.Q(student__isnull=True, guardian__isnull=False, staff_member__isnull=True)
                    | models.Q(student__isnull=True, guardian__isnull=True, staff_member__isnull=False)
                ),
                name="consent_one_subject",
            ),
        ]

    def __str__(self):
        return f"{self.get_scope_display()}: {self.subject} ({self.given_on:%d.%m.%Y})"

    @staticmethod
    def subject_field(person):
        """The field of Consent that points at `person`: "student", "guardian" or "staff_member"."""
        return {"student": "student", "guardian": "guardian", "staffmember": "staff_member"}[person._meta.model_name]

    @property
    def subject(self):
        """The person the consent is about."""
        return self.student or self.guardian or self.staff_member

    @property
    def is_valid(self):
        today = timezone.localdate()
        return self.given_on <= today and (self.withdrawn_on is None or self.withdrawn_on > today)

    def clean(self):
        if self.withdrawn_on and self.given_on and self.withdrawn_on < self.given_on:
            raise ValidationError({"withdrawn_on": _("Consent cannot be withdrawn before it was given.")})
        subject = self.subject
        if subject is not None and self.school_id and subject.school_id != self.school_id:
            raise ValidationError(_("The person belongs to another school."))
