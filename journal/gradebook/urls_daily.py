"""Daily work in the class journal: the teacher's start page, the grid and its cell API, the
lesson page, period grades, closing periods, grade-type weights (issue 4, part A)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from portal.navigation import register
from portal.roles import Role

from .views import files, grid, home, lessons, period_grades

urlpatterns = [
    path("teacher/", home.teacher_home, name="teacher_home"),
    path("journals/", grid.grid_index, name="grid_index"),
    path("grid/<int:assignment_id>/", grid.grid, name="grid"),
    path("grid/<int:assignment_id>/cell/", grid.grid_cell, name="grid_cell"),
    path("grid/<int:assignment_id>/history/", grid.cell_history, name="cell_history"),
    path("grid/<int:assignment_id>/lessons/add/", grid.lesson_add, name="lesson_add"),
    path("lessons/<int:pk>/", lessons.lesson_detail, name="lesson_detail"),
    path("lessons/<int:pk>/change/", lessons.lesson_change, name="lesson_change"),
    path("lessons/<int:pk>/homework-file/", files.homework_file, name="homework_file"),
    path("period-grades/<int:assignment_id>/", period_grades.period_grades, name="period_grades"),
    path("periods/", period_grades.period_close, name="period_close"),
    path("grade-types/", period_grades.grade_types, name="grade_types"),
]

register("journal:teacher_home", _("My lessons"), roles={Role.TEACHER}, order=20)
register("journal:grid_index", _("Class journals"), roles={Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN, Role.TEACHER},
         order=21)
register("journal:period_close", _("Study periods"), roles={Role.DEPUTY, Role.DIRECTOR}, order=60)
register("journal:grade_types", _("Grade types and weights"), roles={Role.DEPUTY, Role.SYSADMIN}, order=61)
