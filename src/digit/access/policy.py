"""Who may see what. Every view, export and API call asks this module.

Reads are scoped: a selector returns only what the user may see, so an id outside that scope
is simply not found (404), never "forbidden but exists". The roles, and the units each one
reaches, are decided here; each app's ``selectors.py`` applies them to its own models
(``people.selectors.visible_people``, ``programmes.selectors.visible_programmes``), so this
module imports no domain app (docs/architecture.md). It sees a person only as ``user.person``.
"""

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Concatenate

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from digit.access.roles import Role, has_role, person_of, roles_of

if TYPE_CHECKING:
    from digit.access.models import User

    Account = User | AnonymousUser

type View[**P] = Callable[Concatenate[HttpRequest, P], HttpResponseBase]

# Roles that see every person and unit of the installation.
ORGANISATION_WIDE = (Role.PROGRAMME_STAFF, Role.AUDITOR, Role.FINANCE)


def managed_unit_ids(user: "Account") -> set[int]:
    """Units a manager is responsible for, including every unit below them."""
    person = person_of(user)
    if person is None or not has_role(user, Role.MANAGER):
        return set()
    return person.managed_subtree_ids()


def may_see_salary_cost(user: "Account") -> bool:
    """Hourly salary cost: programme staff and finance only (never managers, never the API)."""
    return has_role(user, Role.PROGRAMME_STAFF, Role.FINANCE)


def may_manage_programme(user: "Account") -> bool:
    """Configure programmes, import people, open waves, build instruments and activities."""
    return has_role(user, Role.PROGRAMME_STAFF)


def may_read_reports(user: "Account") -> bool:
    """Whole-programme figures and their evidence (read-only for auditors)."""
    return has_role(user, Role.PROGRAMME_STAFF, Role.AUDITOR, Role.FINANCE)


def may_see_participant_register(user: "Account") -> bool:
    """The funder's participant register with masked identity numbers, and the log of who
    revealed or exported them: finance (who reports) and auditors (who check)."""
    return has_role(user, Role.FINANCE, Role.AUDITOR)


def may_reveal_identity_numbers(user: "Account") -> bool:
    """Personal identity numbers in clear (on screen or in the statistics agency's file):
    the finance officer only, every time logged (docs/identity-numbers.md)."""
    return has_role(user, Role.FINANCE)


def may_hold_api_token(user: "Account") -> bool:
    """Personal read-only API tokens for BI tools: programme staff, finance and auditors.
    Employees and managers have none (a manager's figures are for the pages, in their scope)."""
    return has_role(user, Role.PROGRAMME_STAFF, Role.FINANCE, Role.AUDITOR)


def may_read_audit_trail(user: "Account") -> bool:
    """Search and export the audit trail: auditors only. The data protection officer is given
    the auditor role; programme staff, whose looks at people's data the trail records, are not
    the ones to search it."""
    return has_role(user, Role.AUDITOR)


def role_required[**P](*roles: Role) -> Callable[[View[P]], View[P]]:
    """View decorator: anonymous users go to login; users without any of ``roles`` get 403."""

    def decorator(view: View[P]) -> View[P]:
        @wraps(view)
        def wrapped(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not (roles_of(request.user) & set(roles)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def login_required[**P](view: View[P]) -> View[P]:
    """Any signed-in account with at least one role."""
    return role_required(*Role)(view)
