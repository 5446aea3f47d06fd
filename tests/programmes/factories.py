import datetime
import itertools

from digit.programmes.models import Programme

_counter = itertools.count(1)


def make_programme(scope, *, phases=2, **fields) -> Programme:
    n = next(_counter)
    values = dict(
        slug=f"test-programme-{n}",  # distinct from other folders' factories
        name=f"Programme {n}",
        owner="Förvaltningen",
        scope=scope,
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
    )
    values.update(fields)
    programme = Programme.objects.create(**values)
    for i in range(phases):
        programme.phases.create(
            kind="training",
            name=f"Phase {i + 1}",
            starts_on=datetime.date(2025 + i, 1, 1),
            ends_on=datetime.date(2025 + i, 12, 31),
        )
    return programme
