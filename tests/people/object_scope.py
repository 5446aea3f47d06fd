"""Object factories for the people pages (see tests/access/object_scope.py)."""

from digit.access.roles import Role
from digit.people.models import ImportBatch
from tests.access.object_scope import Case, World, register


@register("people:import_result")
def import_result(world: World, role: Role) -> Case:
    batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.PEOPLE, filename="personal.csv", sha256="0" * 64, rows=1
    )
    if role == Role.PROGRAMME_STAFF:
        return Case(visible={"pk": batch.pk})  # every import is within the staff's scope
    return Case(hidden={"pk": batch.pk})  # the page is for programme staff only: 403
