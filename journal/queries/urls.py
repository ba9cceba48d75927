"""URLs of the query constructor, under /<lang>/app/journal/queries/ in the "journal" namespace."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from portal.navigation import register
from portal.roles import Role

from .views import builder

urlpatterns = [
    path("", builder.builder, name="queries_builder"),
    path("save/", builder.save, name="queries_save"),
    path("<int:pk>/", builder.open_saved, name="queries_open"),
    path("<int:pk>/delete/", builder.delete, name="queries_delete"),
]

register("journal:queries_builder", _("Query constructor"),
         roles={Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN, Role.TEACHER}, order=56)
