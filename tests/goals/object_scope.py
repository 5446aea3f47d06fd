"""Object factories for the goal pages (see tests/access/object_scope.py)."""

from digit.access.roles import Role
from tests.access.object_scope import Case, World, register
from tests.goals.factories import make_programme

ORGANISATION_WIDE = (Role.PROGRAMME_STAFF, Role.FINANCE, Role.AUDITOR)


def _unit_case(world: World, role: Role, extra: dict) -> Case:
    programme = make_programme(world.units["root"])
    museum = {"slug": programme.slug, "unit_id": world.units["museum"].pk, **extra}
    if role in ORGANISATION_WIDE:
        return Case(visible=museum)
    if role == Role.MANAGER:
        library = {**museum, "unit_id": world.units["library"].pk}
        return Case(visible=library, hidden=museum)
    return Case(hidden=museum)  # employees read the open summary only: 403


@register("goals:unit")
def unit(world: World, role: Role) -> Case:
    return _unit_case(world, role, {})


@register("goals:export_unit")
def export_unit(world: World, role: Role) -> Case:
    return _unit_case(world, role, {"table": "indicators", "fmt": "csv"})
