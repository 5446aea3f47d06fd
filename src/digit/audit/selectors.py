"""Reading the audit trail. Only the audit page (auditors) and a person's own "My data" page
read it; both decide access before they call these."""

import datetime
from collections.abc import Collection

from django.db.models import QuerySet

from digit.audit.models import VIEW_KINDS, Entry


def search_entries(
    *,
    person_ids: Collection[int] | None = None,
    actor: str = "",
    kind: str = "",
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> QuerySet[Entry]:
    """Entries newest first. ``person_ids`` None means any person (or none); ``actor`` is part
    of the acting account's e-mail address; ``start`` and ``end`` are local dates, inclusive."""
    entries = Entry.objects.select_related("actor")
    if person_ids is not None:
        entries = entries.filter(subject_person_id__in=person_ids)
    if actor:
        entries = entries.filter(actor__email__icontains=actor)
    if kind:
        entries = entries.filter(kind=kind)
    if start:
        entries = entries.filter(at__date__gte=start)
    if end:
        entries = entries.filter(at__date__lte=end)
    return entries


def views_of_person(person_id: int) -> QuerySet[Entry]:
    """Who has looked at this person's data (never the person themselves: those views are not
    recorded), newest first."""
    return Entry.objects.filter(subject_person_id=person_id, kind__in=VIEW_KINDS).select_related(
        "actor"
    )


def entries_about(person_id: int) -> QuerySet[Entry]:
    """Every entry that concerns the person: views, role changes, their own downloads."""
    return Entry.objects.filter(subject_person_id=person_id).select_related("actor")
