"""CSV and XLSX downloads of the goal tables and of every person's scores (pseudonymous),
through the one exporter shape (``digit.exporter.ListExporter``): formula-safe, hidden values
written ``..``, file names as before."""

import csv
import io
from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from digit.background import files
from digit.exporter import CSV_TYPE, XLSX_TYPE, ListExporter, Row
from digit.goals.people_export import person_count, person_rows
from digit.goals.tables import Table

CONTENT_TYPES = {"csv": CSV_TYPE, "xlsx": XLSX_TYPE}


class TableExporter(ListExporter):
    """One goal table (small: built in memory); a note (e.g. the gap test) follows as a last
    row."""

    def __init__(self, table: Table, stem: str):
        self.table = table
        self.filename = f"{stem}-{table.slug}"
        self.sheet_title = table.slug

    def header(self) -> Row:
        return self.table.header

    def rows(self) -> Iterable[Row]:
        return self.table.data_rows()


class PersonExporter(ListExporter):
    """Every person's scores and verdicts in a programme, streamed."""

    sheet_title = "scores"
    streaming = True

    def __init__(self, programme):
        self.filename = f"{programme.slug}-scores-and-verdicts"
        self._header, self._rows = person_rows(programme)

    def counted(self, prepared, total: int) -> "PersonExporter":
        """Reports its progress into a file being built by the worker."""
        self._rows = files.counted(prepared, self._rows, total)
        return self

    def header(self) -> Row:
        return self._header

    def rows(self) -> Iterable[Row]:
        return self._rows


def table_response(table: Table, fmt: str, stem: str):
    return TableExporter(table, stem).response(fmt)


def person_export_response(programme, fmt: str):
    return PersonExporter(programme).response(fmt)


def exported_in_background(programme) -> bool:
    """Too many rows to build while a web worker waits (``DIGIT_EXPORT_IN_REQUEST_ROWS``)."""
    return person_count(programme) > settings.DIGIT_EXPORT_IN_REQUEST_ROWS


def request_person_export(*, programme, fmt: str, owner, back_url: str):
    """Ask the worker for the export; the returned file's page shows its progress."""
    from digit.goals.tasks import build_person_export

    return files.request_file(
        owner=owner,
        subject=f"person-export:{programme.pk}:{fmt}",
        title=_("Every person's scores and verdicts, %(programme)s (%(format)s)")
        % {"programme": programme.name, "format": fmt.upper()},
        back_url=back_url,
        task=build_person_export,
        args=(programme.pk, fmt, get_language()),
    )


def build_person_export_file(prepared, programme, fmt: str) -> None:
    exporter = PersonExporter(programme).counted(prepared, person_count(programme))
    files.store(
        prepared,
        filename=exporter.full_filename(fmt),
        content_type=CONTENT_TYPES[fmt],
        content=exporter.file_bytes(fmt),
    )


def read_csv_text(content: bytes) -> list[list[str]]:
    """Parse a CSV download back (tests and auditors' scripts)."""
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
