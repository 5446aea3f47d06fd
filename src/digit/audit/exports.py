"""The audit trail as CSV (or XLSX), in the one exporter shape."""

from collections.abc import Callable, Iterable, Iterator

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from digit.audit.models import Entry
from digit.exporter import ListExporter, Row


class EntryExporter(ListExporter):
    """One row per entry; ``person_name`` gives the name of a person id (the trail itself
    knows people only by id)."""

    filename = "audit-trail"
    sheet_title = "Audit trail"
    streaming = True

    def __init__(self, entries: QuerySet[Entry], person_name: Callable[[int], str]) -> None:
        self.entries = entries
        self.person_name = person_name

    def header(self) -> Row:
        return [
            _("When"),
            _("Who"),
            _("What"),
            _("Object type"),
            _("Object id"),
            _("Person id"),
            _("Person"),
            _("IP address"),
            _("Request id"),
            _("Detail"),
        ]

    def rows(self) -> Iterable[Row]:
        return self._rows(self.entries.iterator(chunk_size=2000))

    def _rows(self, entries: Iterator[Entry]) -> Iterator[Row]:
        for entry in entries:
            person = entry.subject_person_id
            yield [
                timezone.localtime(entry.at).isoformat(timespec="seconds"),
                entry.actor.email if entry.actor else "",
                entry.get_kind_display(),
                entry.object_type,
                entry.object_id,
                "" if person is None else person,
                "" if person is None else self.person_name(person),
                entry.ip or "",
                entry.request_id,
                entry.detail,
            ]
