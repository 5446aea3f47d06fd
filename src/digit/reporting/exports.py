"""Downloads of funder reporting, through the one exporter shape (``digit.exporter``)."""

import datetime
from collections.abc import Iterable

from digit.exporter import ListExporter, Row
from digit.reporting.eu_indicators import COLUMNS, ROWS, IndicatorTable
from digit.reporting.monthly import FileRow

# The statistics agency's columns, in its order (esf.md).
MONTHLY_HEADER = ("personnummer", "startdatum", "slutdatum")


class MonthlyParticipantFile(ListExporter):
    """One month's participants for the statistics agency: identity number (12 characters,
    no separator), start date, end date; chronological. Built only by the finance officer's
    download, which logs the export first (reporting.services.monthly_file_numbers)."""

    byte_order_mark = False  # a data file for the agency, plain UTF-8 (ASCII in practice)

    def __init__(
        self, *, slug: str, month: datetime.date, rows: list[FileRow], numbers: dict[int, str]
    ):
        self.filename = f"deltagare-{slug}-{month:%Y-%m}"
        self.sheet_title = f"{month:%Y-%m}"
        self._rows, self._numbers = rows, numbers

    def header(self) -> Row:
        return MONTHLY_HEADER

    def rows(self) -> Iterable[Row]:
        for row in self._rows:
            yield (
                self._numbers.get(row.person_id, ""),
                row.start.isoformat() if row.start else "",
                row.end.isoformat() if row.end else "",
            )


class IndicatorTableExport(ListExporter):
    """The EU indicators by gender, suppressed (what leaves Digit): a hidden cell is ".."."""

    def __init__(self, *, slug: str, table: IndicatorTable, labels: dict[str, str]):
        self.filename = f"eu-indikatorer-{slug}"
        self.sheet_title = "EU"
        self._table, self._labels = table, labels

    def header(self) -> Row:
        return ("indikator", *(self._labels[column] for column in COLUMNS))

    def rows(self) -> Iterable[Row]:
        for row in ROWS:
            yield (self._labels[row], *(self._table.value(row, c) for c in COLUMNS))


class ReportFigures(ListExporter):
    """Every figure of a progress or final report, one per row, with its data date and source
    page: an editable copy of the report's numbers."""

    def __init__(self, *, filename: str, tables: list, base_url: str, header: tuple):
        self.filename = filename
        self.sheet_title = "Rapport"
        self._tables, self._base_url, self._header = tables, base_url, header

    def header(self) -> Row:
        return self._header

    def rows(self) -> Iterable[Row]:
        for table in self._tables:
            for label, values in table.rows:
                for column, value in zip(table.columns, values, strict=True):
                    yield (
                        table.title,
                        label,
                        column,
                        value,
                        f"{table.data_at:%Y-%m-%d %H:%M}",
                        self._base_url + table.source,
                    )
