"""The roles of a school (DOMAIN.md, "People and roles")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DIRECTOR = "director", _("Director")
    DEPUTY = "deputy", _("Deputy director for academic work")
    SYSADMIN = "sysadmin", _("System administrator")
    TEACHER = "teacher", _("Teacher")
    STUDENT = "student", _("Student")
    PARENT = "parent", _("Parent")


# Roles that read every record of their school.
SCHOOL_READERS = {Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN}
# Roles that manage the register (people, classes, logins, movement).
REGISTER_MANAGERS = {Role.DEPUTY, Role.SYSADMIN}
# Staff roles (issued by the director).
STAFF_ROLES = {Role.DIRECTOR, Role.DEPUTY, Role.SYSADMIN, Role.TEACHER}
