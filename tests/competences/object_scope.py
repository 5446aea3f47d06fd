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


# The measurement page of a programme (assessments/measurement_views.py) -------------------


def _programme_and_wave(world: World):
    from django.utils import timezone

    from digit.assessments.models import Wave
    from tests.programmes.factories import make_programme

    programme = make_programme(world.units["root"])
    wave = Wave.objects.create(
        programme=programme,
        kind=Wave.Kind.FOLLOW_UP,
        name="Follow-up",
        instrument=_instrument(),
        opens_on=programme.starts_on,
        closes_on=programme.ends_on,
        opened_at=timezone.now(),
    )
    return programme, wave


@register("assessments:measurement")
def measurement(world: World, role: Role) -> Case:
    programme, _wave = _programme_and_wave(world)
    kwargs = {"programme_pk": programme.pk}
    return Case(visible=kwargs) if role in READERS else Case(hidden=kwargs)


@register("assessments:measurement_wave_statistics", "assessments:measurement_wave_verdicts")
def measurement_wave_action(world: World, role: Role) -> Case:
    programme, wave = _programme_and_wave(world)
    kwargs = {"programme_pk": programme.pk, "wave_pk": wave.pk}
    if role == Role.PROGRAMME_STAFF:
        return Case(visible=kwargs, method="post")
    return Case(hidden=kwargs, method="post")
