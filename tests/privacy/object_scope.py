"""Object factories for the privacy pages (see tests/access/object_scope.py)."""

from digit.access.roles import Role
from tests.access.object_scope import Case, World, register


@register("privacy:erase")
def erase(world: World, role: Role) -> Case:
    stranger = {"pk": world.people["stranger"].pk}
    if role == Role.PROGRAMME_STAFF:
        return Case(visible=stranger)  # every person is within the staff's scope
    return Case(hidden=stranger)  # erasure is for programme staff only: 403
