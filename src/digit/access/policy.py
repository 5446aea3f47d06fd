"""Who may see what. Every view, export and API call asks this module.

Reads are scoped: a selector returns only what the user may see, so an id outside that scope
is simply not found (404), never "forbidden but exists". The roles, and the units each one
reaches, are decided here; each app's ``selectors.py`` applies them to its own models
(``people.selectors.visible_people``, ``programmes.selectors.visible_programmes``), so this
module imports no domain app (docs/architecture.md). It sees a person only as ``user.person``.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from digit.access.roles import Role, has_role, roles_of

# Roles that see every person and unit of the installation.
ORGANISATION_WIDE = (Role.PROGRAMME_STAFF, Role.AUDITOR, Role.FINANCE)


def managed_unit_ids(user) -> set[int]:
    """Units a manager is responsible for, including every unit below them."""
    person = getattr(user, "person", None)
    if person is None or not has_role(user, Role.MANAGER):
        return set()
    return person.managed_subtree_ids()


def may_see_salary_cost(user) -> bool:
    """Hourly salary cost: programme staff and finance only (never managers, never the API)."""
    return has_role(user, Role.PROGRAMME_STAFF, Role.FINANCE)


def may_manage_programme(user) -> bool:
    """Configure programmes, import people, open waves, build instruments and activities."""
    return has_role(user, Role.PROGRAMME_STAFF)


def may_read_reports(user) -> bool:
    """Whole-programme figures and their evidence (read-only for auditors)."""
    return has_role(user, Role.PROGRAMME_STAFF, Role.AUDITOR, Role.FINANCE)


def role_required(*roles: Role):
    """View decorator: anonymous users go to login; users without any of ``roles`` get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not (roles_of(request.user) & set(roles)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def login_required(view):
    """Any signed-in account with at least one role."""
    return role_required(*Role)(view)
