"""Logins for everyone (R-J8): usernames from names, one-time passwords, activation that follows
the student's status.

A one-time password is returned to the caller once (for the credential slips) and stored only as
a hash. The user must choose their own password at the first login (portal's middleware); Django
then re-hashes with the preferred hasher.
"""

import re
import secrets
from dataclasses import dataclass, field

from django.contrib.auth.hashers import ScryptPasswordHasher, get_hashers_by_algorithm, make_password
from django.db import transaction
from django.db.models import Q

from journal.register.models import AccountIssue, AccountKind, Guardian, Student, StudentGuardian, StudentStatus
from portal.models import Membership, User
from portal.roles import Role

# Kyrgyz and Russian Cyrillic → Latin, as people in Kyrgyzstan write their names in Latin
# letters (ң→ng, ө→o, ү→u, ж→j, ч→ch, ш→sh, ы→y).
TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "ң": "ng", "о": "o", "ө": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ү": "u", "ф": "f", "х": "h", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "sch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "һ": "h", "ә": "a", "ғ": "g", "қ": "k", "ұ": "u", "ў": "u", "ҳ": "h",
}

# Easy to read from paper and type on a phone: lower-case, no 0/o, 1/l/i.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
PASSWORD_LENGTH = 8
USERNAME_MAX = 30


def transliterate(text):
    """Latin letters for a Kyrgyz or Russian name: «Чыңгыз Үсөнов» → "chyngyz usonov"."""
    out = []
    text = (text or "").lower().replace("ңг", "нг").replace("ңк", "нк")  # Чыңгыз → chyngyz
    for ch in text:
        if ch in TRANSLIT:
            out.append(TRANSLIT[ch])
        elif ch.isascii():
            out.append(ch)
        else:
            out.append("")
    return "".join(out)


def latin_slug(text):
    return re.sub(r"[^a-z0-9]+", "", transliterate(text))


def username_base(first_name, last_name):
    """"aibek.asanov": the name and surname in Latin letters, without spaces or signs."""
    first, last = latin_slug(first_name), latin_slug(last_name)
    base = ".".join(p for p in (first, last) if p) or "user"
    return base[:USERNAME_MAX]


def unique_usernames(bases):
    """For each base a username nobody has yet: the base, else base2, base3… (one query)."""
    if not bases:
        return []
    wanted = set(bases)
    condition = Q()
    for base in wanted:
        condition |= Q(username__istartswith=base)
    taken = {u.lower() for u in User.objects.filter(condition).values_list("username", flat=True)}
    result = []
    for base in bases:
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            suffix = str(n)
            candidate = f"{base[: USERNAME_MAX - len(suffix)]}{suffix}"
        taken.add(candidate)
        result.append(candidate)
    return result


def one_time_password():
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))


class _OneTimeScryptHasher(ScryptPasswordHasher):
    """scrypt with one lane (≈40 ms, 16 MB): a class of 30 students and 45 parents is issued in
    a few seconds instead of the half-minute of 75 PBKDF2 hashes. The standard scrypt hasher
    verifies it; at the first login Django re-hashes with the preferred hasher."""

    parallelism = 1


def hash_one_time_password(password):
    if "scrypt" in get_hashers_by_algorithm():
        hasher = _OneTimeScryptHasher()
        return hasher.encode(password, hasher.salt())
    return make_password(password)  # test settings: MD5 only


@dataclass
class Credential:
    """What one credential slip shows. The password exists only in this object."""

    kind: str
    person_id: int
    full_name: str
    username: str
    password: str
    created: bool
    details: list = field(default_factory=list)  # class of a student; children of a parent

    def as_dict(self):
        return {
            "kind": self.kind, "person_id": self.person_id, "full_name": self.full_name,
            "username": self.username, "password": self.password, "created": self.created,
            "details": self.details,
        }


_ROLE_OF_KIND = {AccountKind.STUDENT: Role.STUDENT, AccountKind.PARENT: Role.PARENT, AccountKind.STAFF: Role.TEACHER}


def _issue(*, school, people, kind, issued_by, language_of, details_of, roles=None):
    """Create or reset the logins of `people` (Students, Guardians or StaffMembers of `school`)."""
    people = list({p.pk: p for p in people}.values())
    roles = list(roles or [_ROLE_OF_KIND[kind]])
    new_people = [p for p in people if p.user_id is None]
    usernames = unique_usernames([username_base(p.first_name, p.last_name) for p in new_people])
    credentials = {}
    new_users = []
    for person, username in zip(new_people, usernames, strict=True):
        password = one_time_password()
        user = User(
            username=username, first_name=person.first_name[:150], last_name=person.last_name[:150],
            patronymic=person.patronymic[:150], password=hash_one_time_password(password),
            must_change_password=True, language=language_of(person),
        )
        new_users.append((person, user))
        credentials[person.pk] = (username, password, True)
    User.objects.bulk_create([u for _, u in new_users])
    for person, user in new_users:
        person.user = user
    if new_users:
        type(new_users[0][0]).objects.bulk_update([p for p, _ in new_users], ["user"])

    existing = [p for p in people if p.pk not in credentials]
    if existing:
        users = {u.pk: u for u in User.objects.filter(pk__in=[p.user_id for p in existing])}
        for person in existing:
            user = users[person.user_id]
            password = one_time_password()
            user.password = hash_one_time_password(password)
            user.must_change_password = True
            user.is_active = True
            person.user = user
            credentials[person.pk] = (user.username, password, False)
        User.objects.bulk_update(users.values(), ["password", "must_change_password", "is_active"])

    user_ids = [p.user_id for p in people]
    for role in roles:
        Membership.objects.filter(user_id__in=user_ids, school=school, role=role, is_active=False).update(is_active=True)
        have = set(Membership.objects.filter(user_id__in=user_ids, school=school, role=role).values_list("user_id", flat=True))
        Membership.objects.bulk_create(
            [Membership(user_id=uid, school=school, role=role) for uid in user_ids if uid not in have]
        )
    AccountIssue.objects.bulk_create(
        [
            AccountIssue(school=school, user_id=p.user_id, kind=kind, reissue=not credentials[p.pk][2], issued_by=issued_by)
            for p in people
        ]
    )
    result = []
    for person in people:
        username, password, created = credentials[person.pk]
        result.append(
            Credential(
                kind=kind, person_id=person.pk, full_name=person.full_name, username=username,
                password=password, created=created, details=details_of(person),
            )
        )
    result.sort(key=lambda c: (c.kind != AccountKind.STUDENT, c.full_name))
    return result


def _language(class_group):
    return "ru" if class_group is not None and class_group.language == "ru" else "ky"


@transaction.atomic
def class_logins_issue(*, class_group, issued_by, students=(), guardians=()):
    """Issue (or re-issue: reset the password of) the logins of a class's students and their
    parents in one step (R-J8). `students` must be of the class, `guardians` parents of its
    students. Returns the Credentials for the slips (students first, then parents).

    A parent with several children gets one account; a re-issue resets the password and
    activates the account again."""
    school = class_group.school
    students = list(students)
    guardians = list(guardians)
    if any(s.class_group_id != class_group.pk or s.school_id != school.pk for s in students):
        raise ValueError("A student is not in the class.")
    class_guardian_ids = set(
        Guardian.objects.filter(child_links__student__class_group=class_group).values_list("pk", flat=True)
    )
    if any(g.pk not in class_guardian_ids for g in guardians):
        raise ValueError("A parent has no child in the class.")

    children = {}
    if guardians:
        links = (
            StudentGuardian.objects.filter(
                guardian__in=guardians, student__status=StudentStatus.STUDYING, student__school=school
            )
            .select_related("student__class_group")
            .order_by("student__sort_key")
        )
        for link in links:
            s = link.student
            label = f"{s.full_name} ({s.class_group})" if s.class_group_id else s.full_name
            children.setdefault(link.guardian_id, []).append(label)

    result = _issue(
        school=school, people=students, kind=AccountKind.STUDENT, issued_by=issued_by,
        language_of=lambda s: _language(class_group), details_of=lambda s: [str(class_group)],
    )
    result += _issue(
        school=school, people=guardians, kind=AccountKind.PARENT, issued_by=issued_by,
        language_of=lambda g: _language(class_group), details_of=lambda g: children.get(g.pk, []),
    )
    return result


@transaction.atomic
def staff_login_issue(*, staff_member, issued_by, roles=(Role.TEACHER,)):
    """Create (or reset) the login of a staff member; grants `roles` in the school."""
    return _issue(
        school=staff_member.school, people=[staff_member], kind=AccountKind.STAFF, issued_by=issued_by,
        language_of=lambda m: "ky", details_of=lambda m: [m.get_position_display()], roles=roles,
    )[0]


@transaction.atomic
def student_accounts_set_active(*, student, active):
    """Activate or deactivate the logins of a student and of their parents.

    A parent's login stays active while any other child of theirs still studies at the school."""
    if student.user_id:
        type(student.user).objects.filter(pk=student.user_id).update(is_active=active)
    for link in student.guardian_links.select_related("guardian__user"):
        user = link.guardian.user
        if user is None:
            continue
        if active:
            if not user.is_active:
                user.is_active = True
                user.save(update_fields=["is_active"])
            continue
        still_studying = (
            Student.objects.filter(guardian_links__guardian=link.guardian, status=StudentStatus.STUDYING)
            .exclude(pk=student.pk)
            .exists()
        )
        if not still_studying and user.is_active:
            user.is_active = False
            user.save(update_fields=["is_active"])
