"""The roles of Digit and how a user gets them.

Employee, manager and role model follow from the person record (HR data and appointments);
programme staff, finance and auditor are granted as Django groups. Roles are read from the
database on every request, so a change takes effect at once.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    MANAGER = "manager", _("Manager")
    ROLE_MODEL = "role_model", _("Digit role model")
    PROGRAMME_STAFF = "programme_staff", _("Programme staff")
    FINANCE = "finance", _("Finance officer")
    AUDITOR = "auditor", _("Auditor")


GRANTED_ROLES = (Role.PROGRAMME_STAFF, Role.FINANCE, Role.AUDITOR)


def roles_of(user) -> frozenset[Role]:
    """All roles the user holds right now (cached on the request's user object only)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_digit_roles", None)
    if cached is not None:
        return cached
    roles = set()
    if getattr(user, "has_granted_groups", True):  # annotated by access.backends
        roles = {
            Role(name)
            for name in user.groups.values_list("name", flat=True)
            if name in {r.value for r in GRANTED_ROLES}
        }
    person = getattr(user, "person", None)  # reverse one-to-one: None when absent
    if person is not None and person.is_current:
        roles.add(Role.EMPLOYEE)
        if person.is_manager:
            roles.add(Role.MANAGER)
        if person.is_role_model:
            roles.add(Role.ROLE_MODEL)
    user._digit_roles = frozenset(roles)
    return user._digit_roles


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))
