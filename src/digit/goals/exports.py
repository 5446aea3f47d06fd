"""CSV and XLSX downloads of the goal tables and of every person's scores (pseudonymous).

Safe against spreadsheet formula injection: a text cell that starts with = + - @, a tab or a
carriage return gets a leading apostrophe (OWASP "CSV injection"), so XLSX text is always a
string cell, never a formula (tests reopen the files and check every cell). Large exports are
streamed.
"""

import csv
import io
import re
import tempfile
from collections.abc import Iterable, Iterator

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from openpyxl import Workbook

from digit.goals.tables import SUPPRESSED, Table

SUPPRESSED_MARK = ".."  # as in official statistics: "not published"
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_text(value: str) -> str:
    """Text that a spreadsheet shows as text, never runs as a formula."""
    return "'" + value if value.startswith(DANGEROUS_START) else value


def safe_value(value):
    if value is SUPPRESSED:
        return SUPPRESSED_MARK
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return value
    return safe_text(str(value))


def safe_filename(name: str) -> str:
    """ASCII letters, digits, dot, dash and underscore only (for Content-Disposition)."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-.")
    return cleaned or "export"


class _Echo:
    def write(self, value):
        return value


def csv_rows(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a BOM so that Excel reads UTF-8
    yield writer.writerow([safe_value(value) for value in header])
    for row in rows:
        yield writer.writerow([safe_value(value) for value in row])


def csv_response(filename: str, header: list[str], rows: Iterable[list]):
    response = StreamingHttpResponse(csv_rows(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{safe_filename(filename)}"'
    return response


def write_xlsx(file, title: str, header: list[str], rows: Iterable[list]) -> None:
    """One sheet, written row by row with openpyxl's write-only workbook."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=safe_filename(title)[:31] or "Sheet")
    # After safe_value no text starts with "=", so openpyxl stores every text as a string
    # cell (type "s"), never a formula; numbers stay numbers.
    sheet.append([safe_value(value) for value in header])
    for row in rows:
        sheet.append([safe_value(value) for value in row])
    workbook.save(file)


def xlsx_response(filename: str, title: str, header: list[str], rows: Iterable[list]):
    """A large workbook spooled to a temporary file, then streamed as a FileResponse."""
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    write_xlsx(spool, title, header, rows)
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=safe_filename(filename), content_type=XLSX_TYPE
    )


def table_response(table: Table, fmt: str, stem: str) -> HttpResponse:
    """One goal table (small: built in memory) as CSV or XLSX; a note (e.g. the gap test)
    follows as a last row."""
    rows = list(table.rows)
    if table.note:
        rows.append([table.note])
    filename = safe_filename(f"{stem}-{table.slug}.{fmt}")
    if fmt == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(buffer, table.slug, table.columns, rows)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(
            "".join(csv_rows(table.columns, rows)), content_type="text/csv; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def read_csv_text(content: bytes) -> list[list[str]]:
    """Parse a CSV download back (tests and auditors' scripts)."""
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
