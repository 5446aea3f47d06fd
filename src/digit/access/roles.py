"""The roles of Digit and how a user gets them.

Employee, manager and role model follow from the person record (HR data and appointments);
programme staff, finance and auditor are granted as Django groups. Roles are read from the
database on every request, so a change takes effect at once.
"""

from typing import TYPE_CHECKING, Protocol

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from digit.access.models import User


class Role(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    MANAGER = "manager", _("Manager")
    ROLE_MODEL = "role_model", _("Digit role model")
    PROGRAMME_STAFF = "programme_staff", _("Programme staff")
    FINANCE = "finance", _("Finance officer")
    AUDITOR = "auditor", _("Auditor")


GRANTED_ROLES = (Role.PROGRAMME_STAFF, Role.FINANCE, Role.AUDITOR)


class AccountHolder(Protocol):
    """What access reads of the person behind an account (``user.person``, a people.Person):
    access imports no domain app (docs/architecture.md), so this is all it may rely on."""

    @property
    def is_current(self) -> bool: ...
    @property
    def is_manager(self) -> bool: ...
    @property
    def is_role_model(self) -> bool: ...
    def managed_subtree_ids(self) -> set[int]: ...


def person_of(user: "User | AnonymousUser") -> AccountHolder | None:
    """The person an account belongs to (reverse one-to-one), None when it has none."""
    person: AccountHolder | None = getattr(user, "person", None)
    return person


def roles_of(user: "User | AnonymousUser") -> frozenset[Role]:
    """All roles the user holds right now (cached on the request's user object only)."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached: frozenset[Role] | None = getattr(user, "_digit_roles", None)
    if cached is not None:
        return cached
    roles = set()
    if getattr(user, "has_granted_groups", True):  # annotated by access.backends
        roles = {
            Role(name)
            for name in user.groups.values_list("name", flat=True)
            if name in {r.value for r in GRANTED_ROLES}
        }
    person = person_of(user)
    if person is not None and person.is_current:
        roles.add(Role.EMPLOYEE)
        if person.is_manager:
            roles.add(Role.MANAGER)
        if person.is_role_model:
            roles.add(Role.ROLE_MODEL)
    user._digit_roles = frozenset(roles)
    return user._digit_roles


def has_role(user: "User | AnonymousUser", *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))
