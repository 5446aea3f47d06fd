"""Read an uploaded CSV or XLSX file into rows of cell values, safely.

Only two formats are accepted, decided by the content, never by the file name alone:
XLSX (a ZIP archive with ``[Content_Types].xml``) and CSV text in UTF-8 (with or without BOM)
or Windows-1252, separated by commas, semicolons or tabs. Size, row count and ZIP limits are
checked before any parser sees the data (OWASP ASVS 5.2.1–5.2.3).

This module is pure: it takes bytes and returns plain values. Messages are translated with
Django's gettext only, so that the staff page can show them in the reader's language.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

# ZIP-bomb limits, checked on the archive's directory before anything is decompressed.
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_ZIP_ENTRIES = 100
MAX_COMPRESSION_RATIO = 100

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, .doc …
SEPARATORS = (";", ",", "\t")


class FileRejected(Exception):
    """The file as a whole cannot be read; ``message`` says why in the reader's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """The header and the data rows of a file; each row keeps its line number in the file."""

    header: list[str]
    rows: list[tuple[int, list]]
    format: str  # "csv" or "xlsx"


def read_table(data: bytes, *, filename: str = "", max_bytes: int, max_rows: int) -> Table:
    """Return the first sheet (XLSX) or the text (CSV) of ``data`` as a ``Table``.

    Raises ``FileRejected`` for an empty, oversized, non-spreadsheet or over-long file.
    Fully empty rows are skipped; line numbers count from 1 with the header on line 1.
    """
    if len(data) > max_bytes:
        raise FileRejected(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": _megabytes(len(data)), "limit": _megabytes(max_bytes)}
        )
    if not data.strip():
        raise FileRejected(_("The file is empty."))
    name = filename.lower()
    if data.startswith(ZIP_MAGIC):
        table = _read_xlsx(data, max_rows=max_rows)
    elif data.startswith(OLE_MAGIC):
        raise FileRejected(
            _("Old Excel files (.xls) are not supported. Save the file as .xlsx or CSV.")
        )
    elif name.endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        raise FileRejected(_("The file is named like a spreadsheet but is not an XLSX file."))
    else:
        table = _read_csv(data, max_rows=max_rows)
    if not any(table.header):
        raise FileRejected(_("The file has no header row."))
    if not table.rows:
        raise FileRejected(_("The file has a header row but no data rows."))
    return table


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def check_zip(data: bytes) -> None:
    """Reject archives that are not XLSX or that would expand too much (a ZIP bomb)."""
    not_xlsx = _("The file is not a spreadsheet: expected an XLSX workbook or a CSV file.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileRejected(not_xlsx) from exc
    if len(entries) > MAX_ZIP_ENTRIES:
        raise FileRejected(
            _("The workbook has too many parts (%(count)d; the limit is %(limit)d).")
            % {"count": len(entries), "limit": MAX_ZIP_ENTRIES}
        )
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise FileRejected(
            _("The workbook would expand to %(size)s MB; the limit is %(limit)s MB.")
            % {"size": _megabytes(total), "limit": _megabytes(MAX_UNCOMPRESSED_BYTES)}
        )
    for entry in entries:
        if entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1):
            raise FileRejected(
                _("The workbook is compressed suspiciously hard and was not opened.")
            )
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise FileRejected(not_xlsx)
    if "xl/vbaProject.bin" in names:
        raise FileRejected(_("Workbooks with macros are not accepted. Save the file as .xlsx."))


def _read_xlsx(data: bytes, *, max_rows: int) -> Table:
    check_zip(data)
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
        # One row more than allowed tells us the file is too long without reading it all.
        values = sheet.to_python(skip_empty_area=False, nrows=max_rows + 2)
    except Exception as exc:  # calamine raises several unrelated types for broken files
        raise FileRejected(_("The workbook could not be read: it is damaged.")) from exc
    rows = []
    header: list[str] = []
    for number, row in enumerate(values, start=1):
        if not header:
            if any(_present(v) for v in row):
                header = [str(v).strip() for v in row]
                header_line = number
            continue
        if any(_present(v) for v in row):
            rows.append((number, list(row)))
    if not header:
        raise FileRejected(_("The file is empty."))
    if len(rows) > max_rows or len(values) - header_line > max_rows:
        raise _too_many_rows(max_rows)
    return Table(header=header, rows=rows, format="xlsx")


def _present(value) -> bool:
    return value is not None and (not isinstance(value, str) or value.strip() != "")


def _too_many_rows(max_rows: int) -> FileRejected:
    return FileRejected(
        _("The file has more than %(limit)d rows, the most one import accepts.")
        % {"limit": max_rows}
    )


def decode_text(data: bytes) -> str:
    """Text of a CSV file: UTF-8 (a BOM is dropped) or else Windows-1252. No NUL allowed."""
    if b"\x00" in data:
        raise FileRejected(
            _("The file is not a spreadsheet: expected an XLSX workbook or a CSV file.")
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise FileRejected(
            _("The text could not be read: save the file as UTF-8 or Windows-1252 CSV.")
        ) from exc


def detect_separator(first_line: str) -> str:
    """The separator used in the header line: the most frequent of ``; , TAB``."""
    counts = {sep: first_line.count(sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _read_csv(data: bytes, *, max_rows: int) -> Table:
    text = decode_text(data)
    for char in text[:4096]:
        if ord(char) < 32 and char not in "\t\r\n":
            raise FileRejected(
                _("The file is not a spreadsheet: expected an XLSX workbook or a CSV file.")
            )
    lines = text.lstrip("\r\n").splitlines()
    first_line = lines[0] if lines else ""
    # Excel may begin a CSV file with a "sep=;" line naming the separator.
    hint = re.fullmatch(r"sep=(.)", first_line.strip())
    separator = hint.group(1) if hint else detect_separator(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    if hint:
        next(reader)
    try:
        header, rows = _csv_rows(reader, max_rows)
    except csv.Error as exc:
        raise FileRejected(
            _("The CSV file is malformed near line %(line)d.") % {"line": reader.line_num}
        ) from exc
    if not header:
        raise FileRejected(_("The file is empty."))
    return Table(header=header, rows=rows, format="csv")


def _csv_rows(reader, max_rows: int) -> tuple[list[str], list]:
    """The first non-blank row as the header, then the other non-blank rows with line numbers."""
    header: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        if not header:
            header = [cell.strip() for cell in row]
        elif len(rows) >= max_rows:
            raise _too_many_rows(max_rows)
        else:
            rows.append((reader.line_num, row))
    return header, rows
