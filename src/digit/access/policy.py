"""Who may see what. Every view, export and API call asks this module.

Reads are scoped: a selector returns only what the user may see, so an id outside that scope
is simply not found (404), never "forbidden but exists".
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from digit.access.roles import Role, has_role, roles_of
from digit.people.models import Person, Unit, unit_and_ancestor_ids, unit_subtree_ids
from digit.programmes.models import Programme

# Roles that see every person and unit of the installation.
ORGANISATION_WIDE = (Role.PROGRAMME_STAFF, Role.AUDITOR, Role.FINANCE)


def managed_unit_ids(user) -> set[int]:
    """Units a manager is responsible for, including every unit below them."""
    person = getattr(user, "person", None)
    if person is None or not has_role(user, Role.MANAGER):
        return set()
    return unit_subtree_ids(person.managed_units.values_list("id", flat=True))


def visible_people(user):
    """People the user may see as individuals (names, unit, role)."""
    if has_role(user, *ORGANISATION_WIDE):
        return Person.objects.all()
    if has_role(user, Role.MANAGER):
        return Person.objects.filter(unit_id__in=managed_unit_ids(user))
    person = getattr(user, "person", None)
    if person is not None and has_role(user, Role.EMPLOYEE):
        return Person.objects.filter(pk=person.pk)
    return Person.objects.none()


def visible_units(user):
    """Units whose page (and aggregates) the user may open."""
    if has_role(user, *ORGANISATION_WIDE):
        return Unit.objects.all()
    if has_role(user, Role.MANAGER):
        return Unit.objects.filter(id__in=managed_unit_ids(user))
    return Unit.objects.none()


def visible_programmes(user):
    """Programmes whose pages (phases, targets) the user may open: staff, finance, auditors."""
    if has_role(user, *ORGANISATION_WIDE):
        return Programme.objects.all()
    return Programme.objects.none()


def programmes_of_person(person):
    """Programmes whose organisation includes the person's unit (for their own start page)."""
    if person is None:
        return Programme.objects.none()
    return Programme.objects.filter(scope_id__in=unit_and_ancestor_ids(person.unit_id))


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
