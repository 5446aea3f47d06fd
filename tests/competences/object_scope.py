"""Object factories for the instrument pages (see tests/access/object_scope.py).

Instruments belong to the competence side of measurement and to the whole installation:
programme staff edit them, auditors read them, nobody else opens them. (Kept here rather than
in tests/assessments so that the wave and profile factories there have their own module.)
"""

from digit.access.roles import Role
from digit.assessments.instruments import get_default_instrument
from tests.access.object_scope import Case, World, register

READERS = (Role.PROGRAMME_STAFF, Role.AUDITOR)


def _instrument():
    return get_default_instrument()


@register("assessments:instrument_detail")
def instrument_detail(world: World, role: Role) -> Case:
    kwargs = {"pk": _instrument().pk}
    return Case(visible=kwargs) if role in READERS else Case(hidden=kwargs)


@register("assessments:instrument_export")
def instrument_export(world: World, role: Role) -> Case:
    kwargs = {"pk": _instrument().pk, "file_format": "csv"}
    return Case(visible=kwargs) if role in READERS else Case(hidden=kwargs)


@register("assessments:item_create")
def item_create(world: World, role: Role) -> Case:
    kwargs = {"pk": _instrument().pk}
    return Case(visible=kwargs) if role == Role.PROGRAMME_STAFF else Case(hidden=kwargs)


@register("assessments:item_edit")
def item_edit(world: World, role: Role) -> Case:
    instrument = _instrument()
    kwargs = {"pk": instrument.pk, "item_pk": instrument.items.first().pk}
    return Case(visible=kwargs) if role == Role.PROGRAMME_STAFF else Case(hidden=kwargs)


@register("assessments:instrument_edit")
def instrument_edit(world: World, role: Role) -> Case:
    kwargs = {"pk": _instrument().pk}
    if role == Role.PROGRAMME_STAFF:
        return Case(visible=kwargs, method="post")
    return Case(hidden=kwargs, method="post")


@register("assessments:item_delete")
def item_delete(world: World, role: Role) -> Case:
    instrument = _instrument()
    kwargs = {"pk": instrument.pk, "item_pk": instrument.items.last().pk}
    if role == Role.PROGRAMME_STAFF:
        return Case(visible=kwargs, method="post")
    return Case(hidden=kwargs, method="post")
