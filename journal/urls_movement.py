# URLs of import/export, the movement book and the new school year.
from django.urls import path
from django.utils.translation import gettext_lazy as _

from portal.navigation import register
from portal.roles import Role

from .imports.columns import STAFF, STUDENTS
from .views import imports, movement, year

urlpatterns = [
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

_MANAGERS = {Role.DEPUTY, Role.SYSADMIN}
register("journal:movement_list", _("Movement book"), roles={Role.DIRECTOR, *_MANAGERS}, order=50)
register("journal:movement_report", _("Movement of students report"), roles={Role.DIRECTOR, *_MANAGERS}, order=51)
register("journal:import_students", _("Import"), roles=_MANAGERS, order=76)
register("journal:year_transition", _("New school year"), roles=_MANAGERS, order=77)
