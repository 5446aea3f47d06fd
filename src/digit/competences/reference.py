"""A framework's reference data (levels, areas, competences) for pages that show all of it on
every request, such as the personal profile.

It is read once per process and kept for ``DIGIT_REFERENCE_CACHE_SECONDS``, under a version
kept in the shared cache: a save or delete in any process (any application server) changes the
version after its commit, and every process reads the reference again on its next request.
Without the shared cache the lifetime alone bounds how old it may be. Frameworks are edited
rarely (an organisation adding a competence), profiles are read all the time.
"""

import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from digit.competences.models import Area, Competence, ProficiencyLevel

VERSION_KEY = "competences:reference-version"
_CACHE: dict[int, tuple[float, object, "Reference"]] = {}


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
    version = cache.get(VERSION_KEY)
    cached = _CACHE.get(framework_id)
    if cached is not None and now - cached[0] < lifetime and cached[1] == version:
        return cached[2]
    reference = Reference(
        levels=tuple(ProficiencyLevel.objects.filter(framework_id=framework_id)),
        areas=tuple(Area.objects.filter(framework_id=framework_id)),
        competences=tuple(
            Competence.objects.filter(area__framework_id=framework_id).select_related("area")
        ),
    )
    if lifetime > 0:
        _CACHE[framework_id] = (now, version, reference)
    return reference


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def forget(**kwargs) -> None:
    """This process forgets at once; the others when the new version is committed."""
    _CACHE.clear()
    transaction.on_commit(_new_version)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from digit.competences.models import Framework

    for model in (Framework, ProficiencyLevel, Area, Competence):
        post_save.connect(forget, sender=model, dispatch_uid=f"reference-{model.__name__}")
        post_delete.connect(forget, sender=model, dispatch_uid=f"reference-del-{model.__name__}")
