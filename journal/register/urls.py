# URLs of the register: the school overview, people, classes, staff, roles, logins, consent, history,
# visits, import/export, the movement book and the new school year.
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.navigation import register
from portal.roles import Role

from .imports.columns import STAFF, STUDENTS
from .views import (
    accounts,
    classes,
    consent,
    guardians,
    home,
    imports,
    movement,
    roles,
    school,
    staff,
    students,
    visits,
    year,
)

urlpatterns = [
    path("dashboard/", home.dashboard, name="dashboard"),
    # people
    path("students/", students.StudentListView.as_view(), name="student_list"),
    path("students/add/", students.student_create, name="student_create"),
    path("students/<int:pk>/", students.student_detail, name="student_detail"),
    path("students/<int:pk>/edit/", students.student_edit, name="student_edit"),
    path("students/<int:pk>/parents/add/", students.student_guardian_add, name="student_guardian_add"),
    path("students/<int:pk>/parents/<int:link_pk>/", students.student_guardian_edit, name="student_guardian_edit"),
    path("students/<int:pk>/parents/<int:link_pk>/remove/", students.student_guardian_remove,
         name="student_guardian_remove"),
    path("parents/", guardians.GuardianListView.as_view(), name="guardian_list"),
    path("parents/<int:pk>/", guardians.guardian_detail, name="guardian_detail"),
    path("parents/<int:pk>/edit/", guardians.guardian_edit, name="guardian_edit"),
    path("parents/<int:pk>/delete/", guardians.guardian_delete, name="guardian_delete"),
    path("staff/", staff.StaffListView.as_view(), name="staff_list"),
    path("staff/add/", staff.staff_create, name="staff_create"),
    path("staff/<int:pk>/", staff.staff_detail, name="staff_detail"),
    path("staff/<int:pk>/edit/", staff.staff_edit, name="staff_edit"),
    path("staff/<int:pk>/login/", accounts.staff_login, name="staff_login"),
    # classes and the school's set-up
    path("classes/", classes.ClassListView.as_view(), name="class_list"),
    path("classes/add/", classes.class_create, name="class_create"),
    path("classes/<int:pk>/", classes.class_detail, name="class_detail"),
    path("classes/<int:pk>/edit/", classes.class_edit, name="class_edit"),
    path("classes/<int:pk>/assignments/add/", classes.assignment_create, name="assignment_create"),
    path("classes/<int:pk>/subgroups/", classes.class_subgroups, name="class_subgroups"),
    path("assignments/<int:pk>/edit/", classes.assignment_edit, name="assignment_edit"),
    path("assignments/<int:pk>/delete/", classes.assignment_delete, name="assignment_delete"),
    path("school/", school.school_setup, name="school_setup"),
    path("school/years/add/", school.year_create, name="year_create"),
    path("school/years/<int:year_pk>/", school.school_setup, name="school_year"),
    path("school/years/<int:year_pk>/current/", school.year_set_current, name="year_set_current"),
    path("school/years/<int:year_pk>/scheme/", school.year_scheme, name="year_scheme"),
    path("school/years/<int:year_pk>/curriculum/", school.curriculum, name="curriculum"),
    path("school/years/<int:year_pk>/holidays/add/", school.holiday_edit, name="holiday_create"),
    path("school/years/<int:year_pk>/holidays/<int:pk>/", school.holiday_edit, name="holiday_edit"),
    path("school/years/<int:year_pk>/holidays/<int:pk>/delete/", school.holiday_delete, name="holiday_delete"),
    path("school/periods/<int:pk>/", school.period_edit, name="period_edit"),
    path("school/subjects/", school.subject_list, name="subject_list"),
    path("school/subjects/add/", school.subject_edit, name="subject_create"),
    path("school/subjects/<int:pk>/", school.subject_edit, name="subject_edit"),
    # logins, roles, consent, visits
    path("logins/", accounts.accounts_overview, name="accounts_overview"),
    path("logins/classes/<int:pk>/", accounts.accounts_class, name="accounts_class"),
    path("logins/slips/", accounts.accounts_slips, name="accounts_slips"),
    path("roles/", roles.role_list, name="role_list"),
    path("roles/<int:pk>/", roles.role_set, name="role_set"),
    path("consent/<str:kind>/<int:pk>/add/", consent.consent_create, name="consent_create"),
    path("consent/<int:pk>/withdraw/", consent.consent_withdraw, name="consent_withdraw"),
    path("consent/<int:pk>/document/", consent.consent_document, name="consent_document"),
    path("people/<str:kind>/<int:pk>/export/", consent.person_export, name="person_export"),
    path("visits/", visits.visits_report, name="visits_report"),
    # import/export, the movement book, the new school year
    path("import/students/", imports.import_upload, {"kind": STUDENTS}, name="import_students"),
    path("import/staff/", imports.import_upload, {"kind": STAFF}, name="import_staff"),
    path("import/<str:kind>/template.<str:fmt>", imports.import_template, name="import_template"),
    path("import/<str:kind>/preview/<str:token>/", imports.import_preview, name="import_preview"),
    path("import/<str:kind>/done/", imports.import_done, name="import_done"),
    path("movement/", movement.movement_list, name="movement_list"),
    path("movement/arrival/", movement.movement_arrival, name="movement_arrival"),
    path("movement/departure/", movement.movement_departure, name="movement_departure"),
    path("movement/transfer/", movement.movement_transfer, name="movement_transfer"),
    path("movement/report/", movement.movement_report, name="movement_report"),
    path("movement/<int:pk>/", movement.movement_detail, name="movement_detail"),
    path("movement/<int:pk>/cancel/", movement.movement_cancel, name="movement_cancel"),
    path("year/", year.year_transition, name="year_transition"),
]

_READERS = {Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN}
register("journal:dashboard", _("School overview"), roles=_READERS, order=10)
register("journal:student_list", _("Students"), roles=_READERS | {Role.TEACHER}, order=40)
register("journal:guardian_list", _("Parents"), roles=_READERS | {Role.TEACHER}, order=41)
register("journal:staff_list", _("Staff"), roles=_READERS | {Role.TEACHER}, order=42)
register("journal:class_list", _("Classes"), roles=_READERS | {Role.TEACHER}, order=43)
register("journal:school_setup", _("School year and curriculum"), roles=_READERS, order=70)
register("journal:accounts_overview", pgettext_lazy("user accounts", "Logins"), roles={Role.DEPUTY, Role.SYSADMIN}, order=80)
register("journal:role_list", _("Roles"), roles={Role.DIRECTOR, Role.SYSADMIN}, order=81)
register("journal:visits_report", _("Visits"), roles=_READERS, order=85)

_MANAGERS = {Role.DEPUTY, Role.SYSADMIN}
register("journal:movement_list", _("Movement book"), roles={Role.DIRECTOR, *_MANAGERS}, order=50)
register("journal:movement_report", _("Movement of students report"), roles={Role.DIRECTOR, *_MANAGERS}, order=51)
register("journal:import_students", _("Import"), roles=_MANAGERS, order=76)
register("journal:year_transition", _("New school year"), roles=_MANAGERS, order=77)
