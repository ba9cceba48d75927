"""Authentication backends: Django's and allauth's, except that the user of a session is loaded
together with their active roles in every school, in one query (a LEFT JOIN on the memberships).

Nearly every private request asks for the user's roles (the access policy, the menu); this saves
that query on each of them. The roles are those of the moment the request started, like the user
row itself: `access.roles_of` reads them from the user object (`ROLES_ATTR`)."""

from allauth.account import auth_backends as allauth_backends
from django.contrib.auth import backends, get_user_model
from django.db.models import F, FilteredRelation, Q

ROLES_ATTR = "_mektep_roles"


class RolesBySchool(dict):
    """{school id: frozenset of roles}, complete: a school missing from it is one without roles."""

    complete = True


def user_with_roles(user_id):
    """The user with `ROLES_ATTR` filled for every school, or None (one query)."""
    User = get_user_model()
    rows = list(
        User._default_manager.filter(pk=user_id)
        # the user's own rows, named by the user's id in the join itself (what the school-isolation
        # scan of the tests recognizes as a user's own membership rows)
        .annotate(active_membership=FilteredRelation(
            "memberships", condition=Q(memberships__is_active=True, memberships__user_id=user_id)))
        .annotate(membership_school_id=F("active_membership__school_id"),
                  membership_role=F("active_membership__role"))
    )
    if not rows:
        return None
    roles = {}
    for row in rows:
        if row.membership_school_id is not None:
            roles.setdefault(row.membership_school_id, set()).add(row.membership_role)
    user = rows[0]
    del user.membership_school_id, user.membership_role
    user.__dict__[ROLES_ATTR] = RolesBySchool({school_id: frozenset(r) for school_id, r in roles.items()})
    return user


class _UserWithRoles:
    def get_user(self, user_id):
        user = user_with_roles(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_UserWithRoles, backends.ModelBackend):
    pass


class AuthenticationBackend(_UserWithRoles, allauth_backends.AuthenticationBackend):
    pass
