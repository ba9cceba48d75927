"""The one access policy of Mektep.

Every private view and API endpoint asks this module what the user may see or change, and
applies the answer in the queryset (never only in the template). No query may mix schools.

Reading rules (DOMAIN.md):
- director, deputy, system administrator: everything of their school (director never edits
  journal data);
- teacher: the classes and students they teach, and their own homeroom class;
- class teacher: edits their own class's students and parents;
- parent: only their own children; student: only themself;
- nobody sees another school.

Journal models are looked up lazily (portal must not import journal at import time).
"""


from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .roles import REGISTER_MANAGERS, SCHOOL_READERS, Role


def _model(name):
    app_label = "gradebook" if name in _GRADEBOOK_MODELS else "journal"
    return apps.get_model(app_label, name)


_GRADEBOOK_MODELS = {
    "BellTime", "TimetableEntry", "SchoolEvent", "PlanTopic", "Lesson", "AssessmentRule", "GradeType",
    "Grade", "Attendance", "PeriodGrade",
}


# --- the school of a request ------------------------------------------------------------------

def school_for_request(request):
    """The school of the site the request is for; with one school, that school.

    Cached on the request, and the school of a host in the cache (portal.site_cache). Returns None
    when the deployment has no school yet.
    """
    if hasattr(request, "_mektep_school"):
        return request._mektep_school
    School = apps.get_model("portal", "School")
    try:
        from .site_cache import site_and_school

        school = site_and_school(request)[1]  # from the cache, unless a site or school changed
    except Exception:  # noqa: BLE001 - no site configured yet
        school = None
    if school is None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            school = School.objects.filter(memberships__user=user, memberships__is_active=True).first()
    if school is None:
        school = School.objects.order_by("pk").first()
    request._mektep_school = school
    return school


# --- roles ------------------------------------------------------------------------------------

def roles_of(user, school):
    """The set of Role values the user holds in the school (active memberships only)."""
    if user is None or not user.is_authenticated or school is None:
        return frozenset()
    cache = getattr(user, "_mektep_roles", None)  # getattr/setattr: on the user behind request.user too
    if cache is None:
        cache = {}
        user._mektep_roles = cache
    if school.pk not in cache:
        if getattr(cache, "complete", False):
            return frozenset()  # loaded with the user (portal.auth): no role in this school
        Membership = apps.get_model("portal", "Membership")
        cache[school.pk] = frozenset(
            Membership.objects.filter(user=user, school=school, is_active=True).values_list("role", flat=True)
        )
    return cache[school.pk]


def has_role(user, school, *roles):
    return bool(roles_of(user, school) & set(roles))


def is_school_reader(user, school):
    """Director, deputy or system administrator: reads everything of the school."""
    return bool(roles_of(user, school) & SCHOOL_READERS)


def is_register_manager(user, school):
    """Deputy or system administrator: manages people, classes, logins and movement."""
    return bool(roles_of(user, school) & REGISTER_MANAGERS)


def can_assign_roles(user, school):
    """The director assigns duties and access rights (R-I14); the system administrator helps."""
    return has_role(user, school, Role.DIRECTOR, Role.SYSADMIN)


def staff_member_of(user, school):
    StaffMember = _model("StaffMember")
    if not user.is_authenticated:
        return None
    return StaffMember.objects.filter(user=user, school=school).first()


def require(condition):
    """Raise 403 unless condition holds."""
    if not condition:
        raise PermissionDenied


def get_or_404(queryset, **lookup):
    """Fetch one object from an access-filtered queryset; 404 if it is not there (not 403:
    guessing another child's id reveals nothing)."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


# --- what a user may see: querysets -----------------------------------------------------------

def classes_visible(user, school):
    """Classes of the school the user may see."""
    ClassGroup = _model("ClassGroup")
    qs = ClassGroup.objects.filter(school=school)
    if is_school_reader(user, school):
        return qs
    roles = roles_of(user, school)
    if Role.TEACHER in roles:
        return qs.filter(_teacher_classes_condition(user, school))
    return qs.none()


def _teacher_classes_condition(user, school):
    """The classes a teacher leads or teaches, as two sub-selects that start from the user's staff
    row of this school (an index lookup each). A join through `assignments` with an OR and
    DISTINCT made PostgreSQL read every school's teaching assignments and staff in one
    deployment."""
    from django.db.models import Q

    staff = _model("StaffMember").objects.filter(school=school, user=user).values("pk")
    taught = _model("TeachingAssignment").objects.filter(school=school, teacher__in=staff).values("class_group_id")
    return Q(class_teacher__in=staff) | Q(pk__in=taught)


def classes_editable(user, school):
    """Classes whose students and parents the user may edit: managers all, a class teacher
    their own class (R-J15)."""
    ClassGroup = _model("ClassGroup")
    qs = ClassGroup.objects.filter(school=school)
    if is_register_manager(user, school):
        return qs
    if Role.TEACHER in roles_of(user, school):
        return qs.filter(class_teacher__user=user)
    return qs.none()


def students_visible(user, school):
    """Students of the school the user may see."""
    Student = _model("Student")
    qs = Student.objects.filter(school=school)
    if is_school_reader(user, school):
        return qs
    roles = roles_of(user, school)
    from django.db.models import Q

    condition = Q(pk__in=[])
    if Role.TEACHER in roles:
        condition |= Q(class_group__in=classes_visible(user, school))
    if Role.PARENT in roles:
        condition |= Q(guardian_links__guardian__user=user)
    if Role.STUDENT in roles:
        condition |= Q(user=user)
    if condition == Q(pk__in=[]):
        return qs.none()
    return qs.filter(condition).distinct()


def students_editable(user, school):
    """Managers edit every student of the school (also those without a class); a class
    teacher the students of their own class (R-J15)."""
    Student = _model("Student")
    if is_register_manager(user, school):
        return Student.objects.filter(school=school)
    return Student.objects.filter(school=school, class_group__in=classes_editable(user, school))


def guardians_visible(user, school):
    Guardian = _model("Guardian")
    qs = Guardian.objects.filter(school=school)
    if is_school_reader(user, school):
        return qs
    roles = roles_of(user, school)
    from django.db.models import Q

    condition = Q(pk__in=[])
    if Role.TEACHER in roles:
        condition |= Q(child_links__student__class_group__in=classes_visible(user, school))
    if Role.PARENT in roles:
        condition |= Q(user=user)
    if condition == Q(pk__in=[]):
        return qs.none()
    return qs.filter(condition).distinct()


def staff_visible(user, school):
    StaffMember = _model("StaffMember")
    qs = StaffMember.objects.filter(school=school)
    if is_school_reader(user, school) or Role.TEACHER in roles_of(user, school):
        return qs
    return qs.none()


def children_of(user, school):
    """A parent's own children (for the diary and the parent's start page)."""
    Student = _model("Student")
    return Student.objects.filter(school=school, guardian_links__guardian__user=user).distinct()


def assignments_visible(user, school):
    """Teaching assignments whose journal the user may read."""
    TeachingAssignment = _model("TeachingAssignment")
    qs = TeachingAssignment.objects.filter(school=school)
    if is_school_reader(user, school):
        return qs
    if Role.TEACHER in roles_of(user, school):
        from django.db.models import Q

        return qs.filter(Q(teacher__user=user) | Q(class_group__class_teacher__user=user))
    return qs.none()


def assignments_writable(user, school):
    """Teaching assignments whose journal the user may fill: the teacher of the assignment,
    and the deputy (who must give a reason). Never the director (R-J14)."""
    TeachingAssignment = _model("TeachingAssignment")
    qs = TeachingAssignment.objects.filter(school=school)
    roles = roles_of(user, school)
    if Role.DEPUTY in roles:
        return qs
    if Role.TEACHER in roles:
        return qs.filter(teacher__user=user)
    return qs.none()




# --- class journal: timetable, events, diary, fill control (issue 4, part B) ----------------

def can_edit_timetable(user, school):
    """The deputy (and the system administrator) keeps the timetable, bell times and the
    events calendar, and generates the lessons."""
    return has_role(user, school, Role.DEPUTY, Role.SYSADMIN)


def can_see_fill_control(user, school):
    """The twice-a-month check of the journal (R-J13): the deputy and the director."""
    return has_role(user, school, Role.DEPUTY, Role.DIRECTOR)


def timetable_classes_visible(user, school):
    """Classes whose timetable the user may read: staff see every class of the school (the
    timetable hangs in the staff room); a parent their children's classes; a student their own."""
    ClassGroup = _model("ClassGroup")
    qs = ClassGroup.objects.filter(school=school)
    roles = roles_of(user, school)
    if roles & SCHOOL_READERS or Role.TEACHER in roles:
        return qs
    from django.db.models import Q

    condition = Q(pk__in=[])
    if Role.PARENT in roles:
        condition |= Q(students__guardian_links__guardian__user=user)
    if Role.STUDENT in roles:
        condition |= Q(students__user=user)
    if condition == Q(pk__in=[]):
        return qs.none()
    return qs.filter(condition).distinct()


def diary_students(user, school):
    """Students whose diary the user may open: a parent's own children, a student themself."""
    Student = _model("Student")
    roles = roles_of(user, school)
    from django.db.models import Q

    condition = Q(pk__in=[])
    if Role.PARENT in roles:
        condition |= Q(guardian_links__guardian__user=user)
    if Role.STUDENT in roles:
        condition |= Q(user=user)
    if condition == Q(pk__in=[]):
        return Student.objects.none()
    return Student.objects.filter(school=school).filter(condition).distinct()


# --- class journal: daily work (issue 4, part A) ----------------------------------------------

JOURNAL_TEACHER = "teacher"
JOURNAL_DEPUTY = "deputy"


def journal_write_mode(user, school, assignment, *, lesson=None, locked=False):
    """How the user may write the journal of a teaching assignment (grades, absences, lessons,
    period grades): JOURNAL_TEACHER (its teacher, or the substitute of `lesson`), JOURNAL_DEPUTY
    (the deputy: every journal of the school, a reason for the change is required), or None.
    A closed study period (`locked`) leaves only the deputy. The director never writes (R-J14).
    `assignment.teacher` should be select_related by the caller."""
    if not user.is_authenticated or school is None or assignment.school_id != school.pk:
        return None
    roles = roles_of(user, school)
    if not locked and Role.TEACHER in roles:
        if assignment.teacher.user_id == user.pk:
            return JOURNAL_TEACHER
        if lesson is not None and lesson.substitute_teacher_id and lesson.substitute_teacher.user_id == user.pk:
            return JOURNAL_TEACHER
    if Role.DEPUTY in roles:
        return JOURNAL_DEPUTY
    return None


def lessons_visible(user, school):
    """Lessons whose page the user may open: of the assignments they may read, and the lessons
    they substitute."""
    Lesson = _model("Lesson")
    from django.db.models import Q

    qs = Lesson.objects.filter(school=school)
    if is_school_reader(user, school):
        return qs
    if Role.TEACHER in roles_of(user, school):
        return qs.filter(Q(assignment__in=assignments_visible(user, school)) | Q(substitute_teacher__user=user))
    return qs.none()


def can_close_periods(user, school):
    """The deputy closes and reopens study periods (locks the journal)."""
    return has_role(user, school, Role.DEPUTY)


def can_configure_journal(user, school):
    """The deputy (and the system administrator) set the grade types' weights."""
    return has_role(user, school, Role.DEPUTY, Role.SYSADMIN)


# --- school register (issue 3, part A) --------------------------------------------------------

def can_read_register(user, school):
    """Lists of students, parents, staff and classes: the school's readers and teachers (each
    list is filtered by the querysets above)."""
    roles = roles_of(user, school)
    return bool(roles & SCHOOL_READERS) or Role.TEACHER in roles


def guardians_editable(user, school):
    """Parents whose record the user may edit: managers all, a class teacher the parents of
    their own class (R-J15)."""
    Guardian = _model("Guardian")
    qs = Guardian.objects.filter(school=school)
    if is_register_manager(user, school):
        return qs
    if Role.TEACHER in roles_of(user, school):
        return qs.filter(child_links__student__class_group__in=classes_editable(user, school)).distinct()
    return qs.none()


def staff_editable(user, school):
    """Staff records (R-S8 data, feeding the public site): the deputy and the administrator."""
    StaffMember = _model("StaffMember")
    if is_register_manager(user, school):
        return StaffMember.objects.filter(school=school)
    return StaffMember.objects.none()


def can_manage_school_setup(user, school):
    """Academic years, study periods, holidays, subjects, curriculum, classes and teaching
    assignments: the deputy and the administrator."""
    return is_register_manager(user, school)


def can_issue_logins(user, school):
    """Logins for a whole class and for staff (R-J8): the deputy and the administrator."""
    return is_register_manager(user, school)


def can_export_person_data(user, school):
    """A subject-access export (everything stored about one person), produced on request."""
    return has_role(user, school, Role.DEPUTY, Role.SYSADMIN)


def can_see_visits(user, school):
    """Statistics of visits (R-I6, R-J12)."""
    return is_school_reader(user, school)


def grantable_roles(user, school):
    """Roles the user may grant and revoke (R-I14): the director all staff roles; the system
    administrator helps with teachers only (the director appoints deputies and administrators)."""
    roles = roles_of(user, school)
    if Role.DIRECTOR in roles:
        return [Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN, Role.TEACHER]
    if Role.SYSADMIN in roles:
        return [Role.TEACHER]
    return []


class PersonalData:
    """Who may see a person's personal fields beyond the name (R-I15, Law of the KR No. 58).

    Without a valid consent only the system administrator (the person responsible for the
    ИСУО data, seed 002) sees them — a school that makes its deputy responsible gives the deputy
    that role too. With consent: the director, the deputy and the administrator; the class
    teacher of the student's class (of a parent's child); the person themself; a parent for
    their own children. A subject teacher sees names and classes only. Staff records (R-S8 data)
    with consent are seen by everyone who sees the staff list.

    Built once per request; rows annotated with `has_consent` cost no query.
    """

    def __init__(self, user, school):
        self.user = user
        self.school = school
        roles = roles_of(user, school)
        self.is_admin = Role.SYSADMIN in roles
        self.is_reader = bool(roles & SCHOOL_READERS)
        self._homeroom = None
        self._homeroom_guardians = None
        self._children = None
        self._consent = {}

    @property
    def homeroom_class_ids(self):
        if self._homeroom is None:
            ClassGroup = _model("ClassGroup")
            self._homeroom = (
                set(ClassGroup.objects.filter(school=self.school, class_teacher__user=self.user).values_list("pk", flat=True))
                if self.user.is_authenticated else set()
            )
        return self._homeroom

    @property
    def homeroom_guardian_ids(self):
        if self._homeroom_guardians is None:
            StudentGuardian = _model("StudentGuardian")
            self._homeroom_guardians = set(
                StudentGuardian.objects.filter(student__class_group__in=self.homeroom_class_ids).values_list(
                    "guardian_id", flat=True
                )
            ) if self.homeroom_class_ids else set()
        return self._homeroom_guardians

    @property
    def child_ids(self):
        if self._children is None:
            self._children = set(children_of(self.user, self.school).values_list("pk", flat=True)) if (
                self.user.is_authenticated) else set()
        return self._children

    def has_consent(self, person):
        """From the row's `has_consent` annotation, else one query (remembered per person)."""
        value = getattr(person, "has_consent", None)
        if value is None:
            key = (person._meta.model_name, person.pk)
            if key not in self._consent:
                self._consent[key] = person.consents.valid().exists()
            value = self._consent[key]
        return value

    def _own(self, person):
        return self.user.is_authenticated and person.user_id is not None and person.user_id == self.user.pk

    def student(self, student):
        if self.is_admin:
            return True
        if student.school_id != self.school.pk or not self.has_consent(student):
            return False
        return (
            self.is_reader
            or self._own(student)
            or student.class_group_id in self.homeroom_class_ids
            or student.pk in self.child_ids
        )

    def guardian(self, guardian):
        if self.is_admin:
            return True
        if guardian.school_id != self.school.pk or not self.has_consent(guardian):
            return False
        return self.is_reader or self._own(guardian) or guardian.pk in self.homeroom_guardian_ids

    def staff(self, member):
        if self.is_admin:
            return True
        return member.school_id == self.school.pk and self.has_consent(member)

    def person(self, person):
        kind = person._meta.model_name
        if kind == "student":
            return self.student(person)
        if kind == "guardian":
            return self.guardian(person)
        return self.staff(person)


def personal_data_policy(user, school):
    return PersonalData(user, school)


def consent_editable(user, school, person):
    """Who records and withdraws consent for a person: managers; a class teacher for their
    class's students and parents (they collect the signed forms)."""
    kind = person._meta.model_name
    if person.school_id != school.pk:
        return False
    if kind == "student":
        return students_editable(user, school).filter(pk=person.pk).exists()
    if kind == "guardian":
        return guardians_editable(user, school).filter(pk=person.pk).exists()
    return staff_editable(user, school).filter(pk=person.pk).exists()


# --- register import, movement book, new school year (issue 3, part B) ------------------------

def can_import_register(user, school):
    """Import of students, parents and staff from XLSX/CSV: the deputy and the administrator."""
    return is_register_manager(user, school)


def can_record_movement(user, school):
    """Recording arrivals, departures and transfers (and cancelling a record entered by mistake)."""
    return is_register_manager(user, school)


def can_run_year_transition(user, school):
    """Promotion of the classes to the new school year (R-J9)."""
    return is_register_manager(user, school)


def movement_classes(user, school):
    """Classes whose movement the user may read: the director, deputy and administrator all of
    them; a class teacher their own homeroom classes; nobody else any."""
    ClassGroup = _model("ClassGroup")
    qs = ClassGroup.objects.filter(school=school)
    if is_school_reader(user, school):
        return qs
    if Role.TEACHER in roles_of(user, school):
        return qs.filter(class_teacher__user=user)
    return qs.none()


def can_read_movement(user, school):
    """The movement book and report: school readers, and class teachers (for their class)."""
    return is_school_reader(user, school) or movement_classes(user, school).exists()


def movements_visible(user, school):
    """Records of the movement book the user may read (a class teacher: into or out of their class)."""
    MovementRecord = _model("MovementRecord")
    qs = MovementRecord.objects.filter(school=school)
    if is_school_reader(user, school):
        return qs
    if Role.TEACHER in roles_of(user, school):
        from django.db.models import Q

        own = movement_classes(user, school)
        return qs.filter(Q(class_from__in=own) | Q(class_to__in=own))
    return qs.none()


# Reports ---------------------------------------------------------------------------------------
# (issue 10) The reports area: the director, the deputy and the administrator see every class;
# a teacher the classes they teach and their homeroom class; parents and students nothing.

def can_read_reports(user, school):
    roles = roles_of(user, school)
    return bool(roles & SCHOOL_READERS) or Role.TEACHER in roles


def report_classes(user, school):
    """Classes whose reports the user may open (filtered in the queryset)."""
    if not can_read_reports(user, school):
        return _model("ClassGroup").objects.none()
    return classes_visible(user, school)


def reports_restricted(user, school):
    """True when the user sees only some classes (the totals are then not the school's)."""
    return not is_school_reader(user, school)


def report_assignments(user, school):
    """Subjects of classes (teaching assignments) whose figures and marks the user may read in
    reports: the director, deputy and administrator all; a class teacher every subject of their
    class; a teacher their own subjects. Parents and students none."""
    TeachingAssignment = _model("TeachingAssignment")
    if not can_read_reports(user, school):
        return TeachingAssignment.objects.none()
    qs = TeachingAssignment.objects.filter(class_group__school=school)
    if is_school_reader(user, school):
        return qs
    from django.db.models import Q

    return qs.filter(Q(class_group__class_teacher__user=user) | Q(teacher__user=user))


def report_students(user, school):
    """Students whose grade card the user may open from the reports: the students of the
    classes of report_classes (a teacher: the classes they teach or lead)."""
    Student = _model("Student")
    if not can_read_reports(user, school):
        return Student.objects.none()
    return Student.objects.filter(school=school, class_group__in=report_classes(user, school))


# Private files (issue 8, section 5) -------------------------------------------------------------
# Homework attachments, staff photos not on the public site and the other private uploads are
# served only by views that ask these functions (see portal.private_files).

def homework_lessons(user, school):
    """Lessons whose homework attachment the user may download: the class's students and their
    parents; the lesson's teacher, a substitute and the class teacher; the director, the deputy
    and the administrator. Not a teacher of another class, not another class's parents."""
    Lesson = _model("Lesson")
    from django.db.models import Q

    if not user.is_authenticated or school is None:
        return Lesson.objects.none()
    qs = Lesson.objects.filter(school=school)
    if is_school_reader(user, school):
        return qs
    roles = roles_of(user, school)
    condition = Q(pk__in=[])
    if Role.TEACHER in roles:
        condition |= (Q(assignment__teacher__user=user) | Q(substitute_teacher__user=user)
                      | Q(assignment__class_group__class_teacher__user=user))
    if Role.PARENT in roles:
        condition |= Q(assignment__class_group__students__guardian_links__guardian__user=user)
    if Role.STUDENT in roles:
        condition |= Q(assignment__class_group__students__user=user)
    if condition == Q(pk__in=[]):
        return qs.none()
    return qs.filter(condition).distinct()


def staff_photo_visible(user, school, member):
    """A staff member's working photo (perhaps not approved for the public site yet): only the
    staff who may read the staff register. The public sees the approved photo (R-S15)."""
    return user.is_authenticated and staff_visible(user, school).filter(pk=member.pk).exists()


# Operations: backups (issue 12) ------------------------------------------------------------------
# A backup holds the whole deployment (every school hosted on it), so it is the business of the
# school that runs the deployment (setting OPS_SCHOOL_CODE; by default the first school): its
# system administrator sees the backups page; its administrator and director see a failed or
# missing backup on the school overview. The staff of other hosted schools see neither.

def operating_school():
    from django.conf import settings

    School = apps.get_model("portal", "School")
    code = getattr(settings, "OPS_SCHOOL_CODE", "")
    return School.objects.filter(code=code).first() if code else School.objects.order_by("pk").first()


def can_see_backups(user, school):
    return school is not None and school == operating_school() and has_role(user, school, Role.SYSADMIN)


def sees_backup_alerts(user, school):
    return (school is not None and school == operating_school()
            and has_role(user, school, Role.SYSADMIN, Role.DIRECTOR))
# Query constructor and use of the system (issue 10 §3, §5) -----------------------------------
# The constructor's datasets start from these querysets: the director, the deputy and the
# administrator read the whole school; a teacher only their own rows (the classes they teach or
# lead, their subjects; a class teacher every subject of their class); parents and students nothing.

def can_use_query_constructor(user, school):
    return can_read_reports(user, school)


def query_assignments(user, school):
    """Teaching assignments whose journal rows (lessons, grades, absences, period grades) the
    constructor shows: as report_assignments."""
    return report_assignments(user, school)


def _journal_rows(model_name, user, school, assignment_path):
    Model = _model(model_name)
    if not can_use_query_constructor(user, school):
        return Model.objects.none()
    qs = Model.objects.filter(school=school)
    if "__" in assignment_path:
        # grades and absences: their lessons by the school too (always true), so that PostgreSQL
        # reads the lessons of this school by index and not every school's lessons
        qs = qs.filter(**{f"{assignment_path.split('__')[0]}__school": school})
    if is_school_reader(user, school):
        return qs
    return qs.filter(**{f"{assignment_path}__in": query_assignments(user, school)})


def query_lessons(user, school):
    return _journal_rows("Lesson", user, school, "assignment")


def query_grades(user, school):
    return _journal_rows("Grade", user, school, "lesson__assignment")


def query_attendance(user, school):
    return _journal_rows("Attendance", user, school, "lesson__assignment")


def query_period_grades(user, school):
    return _journal_rows("PeriodGrade", user, school, "assignment")


def saved_queries_visible(user, school):
    """Saved queries the user may open: their own and those shared within the school."""
    SavedQuery = apps.get_model("queries", "SavedQuery")
    if not can_use_query_constructor(user, school):
        return SavedQuery.objects.none()
    from django.db.models import Q

    return SavedQuery.objects.filter(school=school).filter(Q(owner=user) | Q(shared=True))


def saved_queries_editable(user, school):
    """Only the owner renames, re-shares or deletes a saved query."""
    return saved_queries_visible(user, school).filter(owner=user)


def usage_classes(user, school):
    """Classes whose use of the system (parents' and students' sign-ins, diary opens, R-J12)
    the user may read: the director, the deputy and the administrator every class; a class
    teacher their own class; nobody else any."""
    return movement_classes(user, school)


def can_read_usage(user, school):
    return is_school_reader(user, school) or usage_classes(user, school).exists()
# Year-end archive (issue 10 §4, R-J21) -----------------------------------------------------------
# The deputy generates the year's archive; the director, the deputy and the system administrator
# of the school download it. Nobody else sees that it exists.

ARCHIVE_READERS = frozenset({Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN})


def can_generate_archive(user, school):
    return has_role(user, school, Role.DEPUTY)


def can_read_archives(user, school):
    return user.is_authenticated and school is not None and bool(roles_of(user, school) & ARCHIVE_READERS)


def archives_visible(user, school):
    """The school's year archives the user may see and download."""
    YearArchive = apps.get_model("archive", "YearArchive")
    if not can_read_archives(user, school):
        return YearArchive.objects.none()
    return YearArchive.objects.filter(school=school)
# --- two-factor authentication (issue 12 §2; area: secure) ------------------------------------

MFA_REQUIRED_SCHOOL_ROLES = (Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN)


def _website_groups(user, names):
    return user.groups.filter(name__in=names).exists()


def mfa_required(user):
    """Must use a second factor (when settings.MFA_REQUIRED_ROLES is on): the director, the
    deputy and the system administrator of any school, the website's site administrators and
    directors, superusers."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    from cms.setup import DIRECTOR, SITE_ADMIN

    Membership = apps.get_model("portal", "Membership")
    return (
        Membership.objects.filter(user=user, is_active=True, role__in=MFA_REQUIRED_SCHOOL_ROLES).exists()
        or _website_groups(user, [SITE_ADMIN, DIRECTOR])
    )


def may_use_mfa(user):
    """Every staff account may protect itself with a second factor: a staff role in a school,
    a website group (editors too) or Django staff. Parents and students have no need for it."""
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser or user.groups.exists():
        return True
    from .roles import STAFF_ROLES

    Membership = apps.get_model("portal", "Membership")
    return Membership.objects.filter(user=user, is_active=True, role__in=STAFF_ROLES).exists()
# Notifications (issue 11 §4) --------------------------------------------------------------------
# A notification is its recipient's alone: nobody else sees it, whatever their role (not even the
# director); only the rows of the school of the request.

def notifications_visible(user, school):
    Notification = apps.get_model("notifications", "Notification")
    if user is None or not user.is_authenticated or school is None:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user, school=school)
# Communication (issue 11 §1–§3) ------------------------------------------------------------------
# Announcements, messages and the parents' forum (journal/messaging). Nobody may write to an
# arbitrary account: message_contacts names the people who have a reason to talk.

SITE_ADMIN_GROUP = "Site administrator"  # the Wagtail group of cms.setup.SITE_ADMIN (R-S12)
from .roles import STAFF_ROLES as _STAFF_ROLES  # noqa: E402 (kept in this block for the merge)


def _messaging_model(name):
    return apps.get_model("messaging", name)


def is_site_admin(user):
    """The site administrator (R-S12) moderates discussions: the Wagtail group, or a superuser."""
    if not user.is_authenticated:
        return False
    if "_mektep_site_admin" not in user.__dict__:
        user.__dict__["_mektep_site_admin"] = user.is_superuser or user.groups.filter(name=SITE_ADMIN_GROUP).exists()
    return user.__dict__["_mektep_site_admin"]


def _member_users(school, roles=None):
    Membership = apps.get_model("portal", "Membership")
    qs = Membership.objects.filter(school=school, is_active=True)
    if roles is not None:
        qs = qs.filter(role__in=list(roles))
    return qs.values("user_id")


def taught_classes(user, school):
    """Classes the user teaches or leads as class teacher (never 'every class' for a reader)."""
    ClassGroup = _model("ClassGroup")

    if not user.is_authenticated or Role.TEACHER not in roles_of(user, school):
        return ClassGroup.objects.none()
    return ClassGroup.objects.filter(school=school).filter(_teacher_classes_condition(user, school))


def students_may_message(school):
    return _messaging_model("MessagingSettings").for_school(school).students_may_write


def message_contacts(user, school):
    """The users the user may start a conversation with: a parent the class teachers and the
    teachers of their children; a teacher the staff, and the parents and students of the classes
    they teach or lead; the director, deputy and administrator the staff; a student the teachers
    of their class. Students and teachers not at all when the school switched that off."""
    User = apps.get_model("portal", "User")
    from django.db.models import Q

    if not user.is_authenticated or school is None:
        return User.objects.none()
    roles = roles_of(user, school)
    StaffMember, Guardian, Student = _model("StaffMember"), _model("Guardian"), _model("Student")
    students_allowed = (Role.TEACHER in roles or Role.STUDENT in roles) and students_may_message(school)
    condition = Q(pk__in=[])
    if roles & _STAFF_ROLES:
        condition |= Q(pk__in=_member_users(school, _STAFF_ROLES))
    if Role.TEACHER in roles:
        classes = taught_classes(user, school)
        condition |= Q(pk__in=Guardian.objects.filter(
            school=school, user__isnull=False, child_links__student__class_group__in=classes,
            child_links__student__status="studying").values("user_id"))
        if students_allowed:
            condition |= Q(pk__in=Student.objects.filter(
                school=school, user__isnull=False, class_group__in=classes, status="studying").values("user_id"))
    teacher_classes = []
    if Role.PARENT in roles:
        teacher_classes.append(children_of(user, school).filter(status="studying").values("class_group_id"))
    if Role.STUDENT in roles and students_allowed:
        teacher_classes.append(Student.objects.filter(school=school, user=user, status="studying").values("class_group_id"))
    for class_ids in teacher_classes:
        condition |= Q(pk__in=StaffMember.objects.filter(school=school, user__isnull=False).filter(
            Q(homerooms__in=class_ids) | Q(assignments__class_group__in=class_ids)).values("user_id"))
    if condition == Q(pk__in=[]):
        return User.objects.none()
    return (User.objects.filter(condition, is_active=True, pk__in=_member_users(school))
            .exclude(pk=user.pk).distinct())


def can_use_messages(user, school):
    """Everyone with a role in the school, except students when the school switched that off."""
    roles = roles_of(user, school)
    if not roles:
        return False
    if roles == {Role.STUDENT}:
        return students_may_message(school)
    return True


def can_review_reported_messages(user, school):
    """The deputy reads the conversations in which a message was reported."""
    return has_role(user, school, Role.DEPUTY)


def conversations_visible(user, school):
    """Conversations the user takes part in; the deputy also those with a reported message."""
    Conversation = _messaging_model("Conversation")
    from django.db.models import Q

    if not user.is_authenticated or school is None:
        return Conversation.objects.none()
    qs = Conversation.objects.filter(school=school)
    condition = Q(pk__in=_messaging_model("Participant").objects.filter(user=user).values("conversation_id"))
    if can_review_reported_messages(user, school):
        condition |= Q(pk__in=_messaging_model("MessageReport").objects.values("message__conversation_id"))
    return qs.filter(condition)


def announcement_classes(user, school):
    """Classes the user may address an announcement to: the director and deputy every class; a
    teacher the classes they teach and their own class."""
    ClassGroup = _model("ClassGroup")
    if has_role(user, school, Role.DIRECTOR, Role.DEPUTY):
        return ClassGroup.objects.filter(school=school, year__is_current=True)
    return taught_classes(user, school)


def announcement_audiences(user, school):
    """The audience kinds the user may choose (values of messaging.Audience)."""
    if has_role(user, school, Role.DIRECTOR, Role.DEPUTY):
        return ["school", "grade", "class", "class_parents", "staff", "role"]
    if Role.TEACHER in roles_of(user, school):
        return ["class", "class_parents"]
    return []


def _own_classes(user, school):
    """Classes the user belongs to as a student or a parent, or teaches."""
    ClassGroup = _model("ClassGroup")
    from django.db.models import Q

    roles = roles_of(user, school)
    condition = Q(pk__in=[])
    if Role.PARENT in roles:
        condition |= Q(pk__in=children_of(user, school).values("class_group_id"))
    if Role.STUDENT in roles:
        condition |= Q(students__user=user)
    if Role.TEACHER in roles:
        condition |= Q(pk__in=taught_classes(user, school).values("pk"))
    return ClassGroup.objects.filter(school=school).filter(condition)


def announcements_visible(user, school):
    """Published announcements addressed to the user, and every announcement the user wrote."""
    Announcement = _messaging_model("Announcement")
    from django.db.models import Q
    from django.utils import timezone

    if not user.is_authenticated or school is None:
        return Announcement.objects.none()
    roles = roles_of(user, school)
    now = timezone.now()
    audience = Q(audience="school") if roles else Q(pk__in=[])
    if roles & _STAFF_ROLES:
        audience |= Q(audience="staff")
    if roles:
        audience |= Q(audience="role", role__in=list(roles))
    classes = _own_classes(user, school)
    audience |= Q(audience="class", class_group__in=classes)
    audience |= Q(audience="grade", grade__in=classes.filter(year__is_current=True).values("grade"))
    if Role.PARENT in roles:
        audience |= Q(audience="class_parents", class_group__in=children_of(user, school).values("class_group_id"))
    if Role.TEACHER in roles:
        audience |= Q(audience="class_parents", class_group__in=taught_classes(user, school))
    published = Q(publish_at__lte=now) & (Q(expires_at__isnull=True) | Q(expires_at__gt=now))
    return Announcement.objects.filter(school=school).filter((audience & published) | Q(author=user))


def announcement_receipts_visible(user, school):
    """Announcements whose read receipts the user may see: the author's own; the director's and
    deputy's: all of the school."""
    Announcement = _messaging_model("Announcement")
    if has_role(user, school, Role.DIRECTOR, Role.DEPUTY):
        return Announcement.objects.filter(school=school)
    if not user.is_authenticated:
        return Announcement.objects.none()
    return Announcement.objects.filter(school=school, author=user)


def forum_classes(user, school):
    """Classes whose parents' forum the user may open: a parent their children's classes; the
    class teacher their class; the director and deputy every class (to read)."""
    ClassGroup = _model("ClassGroup")
    from django.db.models import Q

    if not user.is_authenticated or school is None:
        return ClassGroup.objects.none()
    roles = roles_of(user, school)
    if roles & {Role.DIRECTOR, Role.DEPUTY}:
        return ClassGroup.objects.filter(school=school, year__is_current=True)
    condition = Q(pk__in=[])
    if Role.PARENT in roles:
        condition |= Q(pk__in=children_of(user, school).filter(status="studying").values("class_group_id"))
    if Role.TEACHER in roles:
        condition |= Q(class_teacher__user=user)
    return ClassGroup.objects.filter(school=school).filter(condition)


def can_see_school_forum(user, school):
    """The school's parents' forum: the parents and the staff of the school, the site administrator."""
    return bool(roles_of(user, school) & ({Role.PARENT} | _STAFF_ROLES)) or is_site_admin(user)


def forums_visible(user, school):
    """Forums (rows) the user may open."""
    Forum = _messaging_model("Forum")
    from django.db.models import Q

    if school is None or not user.is_authenticated:
        return Forum.objects.none()
    condition = Q(class_group__in=forum_classes(user, school))
    if can_see_school_forum(user, school):
        condition |= Q(class_group__isnull=True)
    return Forum.objects.filter(school=school).filter(condition)


def can_moderate_forum(user, school, forum):
    """The site administrator moderates the school forum (R-S12); the class teacher the forum of
    their class."""
    if school is None or forum.school_id != school.pk or not user.is_authenticated:
        return False
    if forum.class_group_id is None:
        return is_site_admin(user)
    return forum.class_group.class_teacher_id is not None and forum.class_group.class_teacher.user_id == user.pk


def forums_moderated(user, school):
    Forum = _messaging_model("Forum")
    from django.db.models import Q

    if school is None or not user.is_authenticated:
        return Forum.objects.none()
    condition = Q(class_group__class_teacher__user=user)
    if is_site_admin(user):
        condition |= Q(class_group__isnull=True)
    return Forum.objects.filter(school=school).filter(condition)


def can_moderate_some_forum(user, school):
    """The site administrator, and every class teacher (the forum of their class)."""
    if not user.is_authenticated or school is None:
        return False
    return is_site_admin(user) or _model("ClassGroup").objects.filter(school=school, class_teacher__user=user).exists()


def can_configure_messaging(user, school):
    """Communication settings (students' messages, forum pre-moderation, rate limit): the
    director, the deputy and the system administrator."""
    return has_role(user, school, Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN)
# --- issue 9 §5 (R-S15): approving what the public site shows about staff --------------------------

def can_approve_public_staff(user, site):
    """Who approves a change to a teacher's public data: whoever may publish the site's pages
    (the site administrator and the director of the review workflow; superusers)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if site is None or site.root_page_id is None:
        return False
    return site.root_page.permissions_for_user(user).can_publish()
