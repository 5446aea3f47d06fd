"""Scoped reads of programmes, and their timeline as the pages show it."""

from django.db.models import Prefetch
from django.utils import timezone

from digit.access.policy import ORGANISATION_WIDE
from digit.access.roles import has_role
from digit.people.models import unit_and_ancestor_ids
from digit.programmes.models import Phase, Programme


def visible_programmes(user):
    """Programmes whose pages (phases, targets) the user may open: staff, finance, auditors."""
    if has_role(user, *ORGANISATION_WIDE):
        return Programme.objects.all()
    return Programme.objects.none()


def programmes_of_person(person):
    """Programmes whose organisation includes the person's unit (for their own start page)."""
    if person is None:
        return Programme.objects.none()
    return Programme.objects.filter(scope_id__in=unit_and_ancestor_ids(person.unit_id))


def timeline_status(starts_on, ends_on, today) -> str:
    """ "past", "current" or "upcoming" for a period relative to ``today``."""
    if ends_on < today:
        return "past"
    if starts_on > today:
        return "upcoming"
    return "current"


def programmes_with_status(programmes):
    """Programmes with their phases, each annotated with ``status`` for today."""
    today = timezone.localdate()
    programmes = list(
        programmes.select_related("scope").prefetch_related(
            Prefetch("phases", queryset=Phase.objects.order_by("starts_on"))
        )
    )
    for programme in programmes:
        programme.status = timeline_status(programme.starts_on, programme.ends_on, today)
        for phase in programme.phases.all():
            phase.status = timeline_status(phase.starts_on, phase.ends_on, today)
    return programmes
