"""Object factories for reporting's pages (see tests/access/object_scope.py)."""

from digit.access.roles import Role
from tests.access.object_scope import Case, World, register
from tests.reporting.factories import participant, reporting_programme


def _programme(world: World):
    return reporting_programme(world.units["root"])


@register("reporting:register")
def register_page(world: World, role: Role) -> Case:
    programme = _programme(world)
    if role in (Role.FINANCE, Role.AUDITOR):
        return Case(visible={"pk": programme.pk}, hidden={"pk": programme.pk + 10_000})
    return Case(hidden={"pk": programme.pk})


@register("reporting:reveal")
def reveal(world: World, role: Role) -> Case:
    programme = _programme(world)
    person = participant(programme, world.units["branch_a"])
    not_participating = world.people["stranger"]
    if role == Role.FINANCE:
        return Case(
            visible={"pk": programme.pk, "person_id": person.pk},
            hidden={"pk": programme.pk, "person_id": not_participating.pk},
            method="post",
        )
    return Case(hidden={"pk": programme.pk, "person_id": person.pk}, method="post")
