"""One shape for table downloads, as pretix's ``ListExporter``: a subclass says what its table
is (``filename``, ``header()``, ``rows()``); the base writes it as CSV or XLSX and sends it
with Django's own Content-Disposition (``FileResponse(as_attachment=True)`` or
``content_disposition_header``), never a hand-built header.

Safe against spreadsheet formula injection (``digit.formula_guard``): a text cell that could
start a formula gets a leading apostrophe, and XLSX cells are written with an explicit type
(string or number), so no cell is ever a formula. ``None`` in a row means "not published"
and is written ``..``, as in official statistics.

XLSX is written with XlsxWriter in constant-memory mode (each row goes to disk as it is
written): for 45,000 people it takes about a fifth of the CPU of openpyxl's write-only mode.
A foundation module: it imports no Digit app.
"""

import csv
import io
import itertools
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from math import isfinite

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from xlsxwriter import Workbook

from digit.formula_guard import neutralise

FORMATS = ("csv", "xlsx")
NOT_PUBLISHED = ".."
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Row = Sequence[object]


def safe_filename(name: str) -> str:
    """ASCII letters, digits, dot, dash and underscore only."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")
    return cleaned or "export"


def safe_value(value: object) -> str | int | float:
    """A cell as it may be written: numbers as numbers, everything else as harmless text."""
    if value is None:
        return NOT_PUBLISHED
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    return neutralise(str(value))


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(header: Row, rows: Iterable[Row], *, byte_order_mark: bool = True) -> Iterator[str]:
    """CSV text line by line, by default after a BOM so that Excel reads UTF-8."""
    writer = csv.writer(_Echo())
    if byte_order_mark:
        yield "\ufeff"
    for row in itertools.chain([header], rows):
        yield writer.writerow([safe_value(value) for value in row])


def write_xlsx(file: object, title: str, header: Row, rows: Iterable[Row]) -> None:
    """One sheet, written row by row (constant memory) into ``file`` (a path or a binary file
    object). Text is stored as a string cell, numbers as number cells: nothing is ever
    interpreted as a formula, URL or number-in-text."""
    workbook = Workbook(
        file,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    sheet = workbook.add_worksheet(safe_filename(title)[:31] or "Sheet")
    write_string, write_number = sheet.write_string, sheet.write_number
    for index, row in enumerate(itertools.chain([header], rows)):
        for column, raw in enumerate(row):
            value = safe_value(raw)
            if isinstance(value, str):
                if value:
                    write_string(index, column, value)
            elif isfinite(value):
                write_number(index, column, value)
            else:  # NaN or infinity: XLSX has no such number (and no formula is written)
                write_string(index, column, str(value))
    workbook.close()


class ListExporter:
    """A table to download. Subclasses set ``filename`` (without extension) and
    ``sheet_title`` and define ``header()`` and ``rows()``; ``streaming`` sends CSV row by
    row (large tables) instead of in one piece; ``byte_order_mark`` False leaves the BOM out
    of a CSV file that is a data format of its own (read back by an import)."""

    filename = "export"
    sheet_title = "Sheet"
    streaming = False
    byte_order_mark = True

    def header(self) -> Row:
        raise NotImplementedError

    def full_filename(self, fmt: str) -> str:
        return safe_filename(f"{self.filename}.{fmt}")

    def rows(self) -> Iterable[Row]:
        raise NotImplementedError

    def response(self, fmt: str) -> HttpResponse | StreamingHttpResponse | FileResponse:
        """The table as a download in ``fmt`` ("csv" or "xlsx")."""
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        filename = self.full_filename(fmt)
        if fmt == "xlsx":
            return self._xlsx(filename)
        lines = csv_lines(self.header(), self.rows(), byte_order_mark=self.byte_order_mark)
        response: HttpResponse | StreamingHttpResponse
        if self.streaming:
            response = StreamingHttpResponse(lines, content_type=CSV_TYPE)
        else:
            response = HttpResponse("".join(lines), content_type=CSV_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response

    def file_bytes(self, fmt: str) -> bytes:
        """The whole file in ``fmt``, for a task that stores it (``digit.background.files``)."""
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        if fmt == "csv":
            lines = csv_lines(self.header(), self.rows(), byte_order_mark=self.byte_order_mark)
            return "".join(lines).encode()
        buffer = io.BytesIO()
        write_xlsx(buffer, self.sheet_title, self.header(), self.rows())
        return buffer.getvalue()

    def _xlsx(self, filename: str) -> FileResponse:
        """Spooled to a temporary file (in memory up to 8 MiB), then streamed."""
        spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
        write_xlsx(spool, self.sheet_title, self.header(), self.rows())
        spool.seek(0)
        response = FileResponse(
            spool, as_attachment=True, filename=filename, content_type=XLSX_TYPE
        )
        response.block_size = 256 * 1024  # fewer, larger chunks than the default 4 KiB
        return response
