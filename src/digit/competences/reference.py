"""A framework's reference data (levels, areas, competences) for pages that show all of it on
every request, such as the personal profile.

It is read once per process and kept for ``DIGIT_REFERENCE_CACHE_SECONDS``: a save or delete in
this process clears it at once, other processes see an edit within that time. Frameworks are
edited rarely (an organisation adding a competence), profiles are read all the time.
"""

import time
from dataclasses import dataclass

from django.conf import settings

from digit.competences.models import Area, Competence, ProficiencyLevel

_CACHE: dict[int, tuple[float, "Reference"]] = {}


@dataclass(frozen=True)
class Reference:
    levels: tuple[ProficiencyLevel, ...]
    areas: tuple[Area, ...]
    competences: tuple[Competence, ...]  # each with its area loaded

    def level_words(self) -> dict[int, str]:
        return {level.number: level.band for level in self.levels}


def reference_of(framework_id: int) -> Reference:
    lifetime = getattr(settings, "DIGIT_REFERENCE_CACHE_SECONDS", 60)
    now = time.monotonic()
    cached = _CACHE.get(framework_id)
    if cached is not None and now - cached[0] < lifetime:
        return cached[1]
    reference = Reference(
        levels=tuple(ProficiencyLevel.objects.filter(framework_id=framework_id)),
        areas=tuple(Area.objects.filter(framework_id=framework_id)),
        competences=tuple(
            Competence.objects.filter(area__framework_id=framework_id).select_related("area")
        ),
    )
    if lifetime > 0:
        _CACHE[framework_id] = (now, reference)
    return reference


def forget(**kwargs) -> None:
    _CACHE.clear()


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from digit.competences.models import Framework

    for model in (Framework, ProficiencyLevel, Area, Competence):
        post_save.connect(forget, sender=model, dispatch_uid=f"reference-{model.__name__}")
        post_delete.connect(forget, sender=model, dispatch_uid=f"reference-del-{model.__name__}")
