"""Build real HR files (CSV in several encodings, XLSX with openpyxl) for the import tests."""

import io

from openpyxl import Workbook

HEADER_SV = [
    "anställningsnummer",
    "förnamn",
    "efternamn",
    "e-post",
    "enhet",
    "chef",
    "chef_för",
    "kön",
    "födelseår",
    "anställd_från",
    "anställd_till",
    "timkostnad",
]
HEADER_EN = [
    "employee_number",
    "first_name",
    "last_name",
    "email",
    "unit",
    "manager",
    "manages",
    "gender",
    "birth_year",
    "employment_start",
    "employment_end",
    "hourly_cost",
]


def row(
    number="1001",
    first="Åsa",
    last="Öberg",
    email=None,
    unit="LIB-A",
    manager="nej",
    manages="",
    gender="kvinna",
    birth_year="1975",
    start="2015-03-01",
    end="",
    cost="325,50",
):
    email = email if email is not None else f"person{number}@kultur.example.se"
    return [
        number,
        first,
        last,
        email,
        unit,
        manager,
        manages,
        gender,
        birth_year,
        start,
        end,
        cost,
    ]


def csv_bytes(rows, *, header=HEADER_SV, sep=";", encoding="utf-8", bom=False) -> bytes:
    def quote(value):
        text = "" if value is None else str(value)
        if sep in text or '"' in text or "\n" in text:
            return '"' + text.replace('"', '""') + '"'
        return text

    lines = [sep.join(quote(v) for v in line) for line in [header, *rows]]
    data = ("\r\n".join(lines) + "\r\n").encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows, *, header=HEADER_SV) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for line in rows:
        sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
