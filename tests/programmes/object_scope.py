"""Object factories for the programme pages (see tests/access/object_scope.py)."""

from digit.access.roles import Role
from tests.access.object_scope import Case, World, register
from tests.programmes.factories import make_programme

READERS = (Role.PROGRAMME_STAFF, Role.FINANCE, Role.AUDITOR)


@register("programmes:programme_detail")
def programme_detail(world: World, role: Role) -> Case:
    programme = {"pk": make_programme(world.units["root"]).pk}
    if role in READERS:
        return Case(visible=programme)
    return Case(hidden=programme)


@register("programmes:programme_edit")
def programme_edit(world: World, role: Role) -> Case:
    programme = {"pk": make_programme(world.units["root"]).pk}
    if role == Role.PROGRAMME_STAFF:
        return Case(visible=programme)
    return Case(hidden=programme)
