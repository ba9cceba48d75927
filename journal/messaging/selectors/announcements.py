"""Announcements: what a user sees, who an announcement is for, who of each class read it."""

from django.apps import apps
from django.db.models import Exists, OuterRef, Q

from portal import access
from portal.roles import STAFF_ROLES, Role

from ..models import AnnouncementRead, Audience

RELATED = ("author", "class_group")


def announcements_for(user, school, *, limit=None):
    """Published announcements addressed to the user (and the user's own), pinned first, each with
    `is_read`."""
    qs = (access.announcements_visible(user, school).select_related(*RELATED)
          .annotate(is_read=Exists(AnnouncementRead.objects.filter(announcement=OuterRef("pk"), user=user))))
    return list(qs[:limit]) if limit else qs


def announcements_current(user, school, *, limit=5):
    """For the start pages and the diary: published, addressed to the user, not written by them."""
    from django.utils import timezone

    now = timezone.now()
    qs = (access.announcements_visible(user, school).exclude(author=user)
          .filter(publish_at__lte=now).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
          .select_related(*RELATED)
          .annotate(is_read=Exists(AnnouncementRead.objects.filter(announcement=OuterRef("pk"), user=user))))
    return list(qs[:limit])


def _members(school, roles=None):
    Membership = apps.get_model("portal", "Membership")
    qs = Membership.objects.filter(school=school, is_active=True)
    if roles is not None:
        qs = qs.filter(role__in=list(roles))
    return qs.values("user_id")


def scope_classes(announcement):
    """The classes whose students and parents the announcement reaches (read receipts per class)."""
    ClassGroup = apps.get_model("journal", "ClassGroup")
    a = announcement
    current = ClassGroup.objects.filter(school=a.school_id, year__is_current=True)
    if a.audience in (Audience.CLASS, Audience.CLASS_PARENTS):
        return ClassGroup.objects.filter(pk=a.class_group_id)
    if a.audience == Audience.GRADE:
        return current.filter(grade=a.grade)
    if a.audience == Audience.SCHOOL or (a.audience == Audience.ROLE and a.role in (Role.STUDENT, Role.PARENT)):
        return current
    return ClassGroup.objects.none()


def _families(announcement):
    """(students?, parents?) of the scope classes that the announcement is for."""
    a = announcement
    if a.audience == Audience.CLASS_PARENTS or (a.audience == Audience.ROLE and a.role == Role.PARENT):
        return False, True
    if a.audience == Audience.ROLE and a.role == Role.STUDENT:
        return True, False
    return True, True


def announcement_recipients(announcement):
    """Users the announcement is for (active members of the school), without the author."""
    User = apps.get_model("portal", "User")
    Student = apps.get_model("journal", "Student")
    Guardian = apps.get_model("journal", "Guardian")
    StaffMember = apps.get_model("journal", "StaffMember")
    a = announcement
    if a.audience == Audience.SCHOOL:
        condition = Q(pk__in=_members(a.school))
    elif a.audience == Audience.STAFF:
        condition = Q(pk__in=_members(a.school, STAFF_ROLES))
    elif a.audience == Audience.ROLE:
        condition = Q(pk__in=_members(a.school, [a.role]))
    else:
        classes = scope_classes(a)
        students, parents = _families(a)
        condition = Q(pk__in=[])
        if students:
            condition |= Q(pk__in=Student.objects.filter(class_group__in=classes, status="studying",
                                                         user__isnull=False).values("user_id"))
        if parents:
            condition |= Q(pk__in=Guardian.objects.filter(
                child_links__student__class_group__in=classes, child_links__student__status="studying",
                user__isnull=False).values("user_id"))
        if a.audience != Audience.CLASS_PARENTS:
            condition |= Q(pk__in=StaffMember.objects.filter(user__isnull=False).filter(
                Q(homerooms__in=classes) | Q(assignments__class_group__in=classes)).values("user_id"))
    return (User.objects.filter(condition, is_active=True, pk__in=_members(a.school))
            .exclude(pk=a.author_id).distinct().order_by("pk"))


def announcement_receipts(announcement):
    """Per class of the scope: how many of its students and parents (with a login) the announcement
    is for and how many have read it. Three queries, whatever the number of classes."""
    Student = apps.get_model("journal", "Student")
    StudentGuardian = apps.get_model("journal", "StudentGuardian")
    classes = list(scope_classes(announcement).order_by("grade", "letter"))
    students, parents = _families(announcement)
    ids = [c.pk for c in classes]
    people = {c.pk: set() for c in classes}
    if students:
        for class_id, user_id in Student.objects.filter(class_group__in=ids, status="studying", user__isnull=False
                                                         ).values_list("class_group_id", "user_id"):
            people[class_id].add(user_id)
    if parents:
        for class_id, user_id in StudentGuardian.objects.filter(
                student__class_group__in=ids, student__status="studying", guardian__user__isnull=False,
        ).values_list("student__class_group_id", "guardian__user_id"):
            people[class_id].add(user_id)
    read = set(AnnouncementRead.objects.filter(announcement=announcement).values_list("user_id", flat=True))
    rows = []
    for c in classes:
        total = len(people[c.pk])
        n_read = len(people[c.pk] & read)
        rows.append({"class_group": c, "total": total, "read": n_read,
                     "pct": round(100 * n_read / total) if total else 0})
    return rows


def announcement_class_readers(announcement, class_group):
    """The students and parents of one class the announcement is for, each with `read_at` or None."""
    Student = apps.get_model("journal", "Student")
    StudentGuardian = apps.get_model("journal", "StudentGuardian")
    students, parents = _families(announcement)
    reads = dict(AnnouncementRead.objects.filter(announcement=announcement).values_list("user_id", "read_at"))
    rows = []
    if students:
        for s in Student.objects.filter(class_group=class_group, status="studying", user__isnull=False):
            rows.append({"name": s.full_name, "kind": Role.STUDENT.label, "child": "", "read_at": reads.get(s.user_id)})
    if parents:
        for link in (StudentGuardian.objects.filter(student__class_group=class_group, student__status="studying",
                                                    guardian__user__isnull=False)
                     .select_related("guardian", "student").order_by("student__sort_key", "guardian__sort_key")):
            rows.append({"name": link.guardian.full_name, "kind": Role.PARENT.label, "child": link.student.short_name,
                         "read_at": reads.get(link.guardian.user_id)})
    return rows


def is_in_scope(announcement, class_group):
    return scope_classes(announcement).filter(pk=class_group.pk).exists()

