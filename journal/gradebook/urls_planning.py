"""URLs of planning and reading the class journal: timetable, bell times, events, lesson
generation, calendar-thematic plans, fill control, print, and the diary of parents and
students. Included under /<lang>/app/journal/ in the "journal" namespace."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from portal.navigation import register
from portal.roles import Role

from .views import control, diary, plans, timetable
from .views import print as print_views

urlpatterns = [
    # timetable, bell times, events, lesson generation (R-I12)
    path("timetable/", timetable.timetable_index, name="timetable"),
    path("timetable/class/<int:class_id>/", timetable.timetable_class, name="timetable_class"),
    path("timetable/class/<int:class_id>/edit/", timetable.timetable_edit, name="timetable_edit"),
    path("timetable/teacher/", timetable.timetable_teacher, name="timetable_teacher"),
    path("timetable/bells/", timetable.bell_times, name="bell_times"),
    path("timetable/generate-lessons/", timetable.generate_lessons, name="lessons_generate"),
    path("events/", timetable.events, name="events"),
    path("events/add/", timetable.event_edit, name="event_add"),
    path("events/<int:event_id>/edit/", timetable.event_edit, name="event_edit"),
    path("events/<int:event_id>/delete/", timetable.event_remove, name="event_delete"),
    # calendar-thematic plans (R-I13, R-J13, R-J16)
    path("plans/", plans.plans_index, name="plans"),
    path("plans/template.xlsx", plans.plan_template, name="plan_template"),
    path("plans/<int:assignment_id>/", plans.plan_edit, name="plan_edit"),
    path("plans/<int:assignment_id>/import/", plans.plan_import, name="plan_import"),
    path("plans/<int:assignment_id>/export.xlsx", plans.plan_export, name="plan_export"),
    path("plans/<int:assignment_id>/dates/", plans.plan_dates, name="plan_dates"),
    # fill control (R-J13)
    path("control/", control.fill_control_view, name="fill_control"),
    # print (R-J21)
    path("print/", print_views.print_index, name="print_index"),
    path("print/journal/<int:assignment_id>/<int:period_id>/", print_views.print_class_journal,
         name="print_class_journal"),
    path("print/period-sheet/<int:class_id>/<int:period_id>/", print_views.print_period_sheet,
         name="print_period_sheet"),
    # the diary of parents and students (R-J7)
    path("diary/", diary.diary, name="diary"),
    path("diary/<int:student_id>/", diary.diary_student, name="diary_student"),
    path("diary/<int:student_id>/grades/", diary.diary_grades_view, name="diary_grades"),
    path("diary/<int:student_id>/attendance/", diary.diary_attendance_view, name="diary_attendance"),
]

_STAFF = {Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN, Role.TEACHER}
_FAMILY = {Role.PARENT, Role.STUDENT}
register("journal:diary", _("Diary"), roles=_FAMILY, order=20)
register("journal:timetable", _("Timetable"), roles=_STAFF | _FAMILY, order=40)
register("journal:plans", _("Lesson plans"), roles={Role.DIRECTOR, Role.DEPUTY, Role.TEACHER}, order=45)
register("journal:fill_control", _("Fill control"), roles={Role.DIRECTOR, Role.DEPUTY}, order=46)
register("journal:print_index", _("Print"), roles=_STAFF, order=47)
register("journal:events", _("School events"), roles=_STAFF | _FAMILY, order=48)
