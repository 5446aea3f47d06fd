"""CSV and XLSX downloads of the goal tables and of every person's scores (pseudonymous),
through the one exporter shape (``digit.exporter.ListExporter``): formula-safe, hidden values
written ``..``, file names as before."""

import csv
import io
from collections.abc import Iterable

from digit.exporter import ListExporter, Row
from digit.goals.people_export import person_rows
from digit.goals.tables import Table


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

    def header(self) -> Row:
        return self._header

    def rows(self) -> Iterable[Row]:
        return self._rows


def table_response(table: Table, fmt: str, stem: str):
    return TableExporter(table, stem).response(fmt)


def person_export_response(programme, fmt: str):
    return PersonExporter(programme).response(fmt)


def read_csv_text(content: bytes) -> list[list[str]]:
    """Parse a CSV download back (tests and auditors' scripts)."""
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
