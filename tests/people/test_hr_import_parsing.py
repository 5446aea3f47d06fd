"""Reading and validating HR files: encodings, separators, headers, values, and rejections."""

import datetime
import io
import struct
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from digit.people import hr_import
from digit.people.hr_import import CellError, parse_date, parse_money
from digit.people.services import preview_people_import
from digit.people.spreadsheet import FileRejected, read_table
from tests.people.files import HEADER_EN, HEADER_SV, csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db


def preview(data, filename="personal.csv", **kwargs):
    return preview_people_import(data, filename=filename, **kwargs)


def errors_of(result):
    return [(e.line, e.column, e.message) for e in result.errors]


# --- Encodings, separators, headers ------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "bom", "sep"),
    [
        ("utf-8", False, ","),
        ("utf-8", True, ";"),
        ("cp1252", False, ";"),
        ("cp1252", False, ","),
        ("utf-8", False, "\t"),
    ],
)
def test_csv_in_each_encoding_and_separator_keeps_swedish_letters(organisation, encoding, bom, sep):
    data = csv_bytes(
        [row("1001", "Åsa", "Öberg-Ärlig"), row("1002", "Björn", "Sjöström")],
        sep=sep,
        encoding=encoding,
        bom=bom,
    )
    result = preview(data)
    assert result.errors == []
    assert [(r.first_name, r.last_name) for r in result.new] == [
        ("Åsa", "Öberg-Ärlig"),
        ("Björn", "Sjöström"),
    ]


def test_an_excel_separator_hint_line_is_followed(organisation):
    data = b"sep=,\r\n" + csv_bytes([row("1001", cost="325.50")], sep=",")
    result = preview(data)
    assert result.errors == [] and result.new[0].line == 3


def test_english_headers_and_loosely_written_swedish_headers_are_accepted(organisation):
    assert preview(csv_bytes([row()], header=HEADER_EN)).errors == []
    loose = [
        " Anställningsnummer",
        "FÖRNAMN",
        "Efternamn ",
        "E-post",
        "Enhet",
        "Chef",
        "Chef för",
        "Kön",
        "Födelseår",
        "Anställd från",
        "Anställd till",
        "Timkostnad",
    ]
    result = preview(csv_bytes([row()], header=loose))
    assert result.errors == []
    assert result.new[0].hourly_cost == Decimal("325.50")


def test_leading_and_trailing_spaces_are_removed(organisation):
    data = csv_bytes(
        [row(" 1001 ", "  Åsa ", " Öberg", " Asa.Oberg@Kultur.Example.se ", " LIB-A ")]
    )
    record = preview(data).new[0]
    assert (record.employee_number, record.first_name, record.last_name) == ("1001", "Åsa", "Öberg")
    assert record.email == "asa.oberg@kultur.example.se"
    assert record.unit_code == "LIB-A"


def test_optional_columns_may_be_left_out(organisation):
    header = ["anställningsnummer", "förnamn", "efternamn", "e-post", "enhet"]
    result = preview(
        csv_bytes([["1001", "Åsa", "Öberg", "a@kultur.example.se", "LIB-A"]], header=header)
    )
    record = result.new[0]
    assert result.errors == []
    assert (record.gender, record.is_manager, record.hourly_cost) == ("not_stated", False, None)


def test_unknown_columns_reject_the_file(organisation):
    header = [*HEADER_SV, "lön"]
    with pytest.raises(FileRejected, match="Unknown columns: lön"):
        preview(csv_bytes([row() + ["40000"]], header=header))


def test_missing_required_columns_reject_the_file(organisation):
    header = ["anställningsnummer", "förnamn", "efternamn"]
    with pytest.raises(FileRejected, match="Required columns are missing: e-post, enhet"):
        preview(csv_bytes([["1", "A", "B"]], header=header))


def test_a_column_given_twice_rejects_the_file(organisation):
    header = ["anställningsnummer", "förnamn", "first_name", "efternamn", "e-post", "enhet"]
    with pytest.raises(FileRejected, match="Columns given twice: first_name"):
        preview(csv_bytes([["1", "A", "A", "B", "a@b.se", "LIB-A"]], header=header))


def test_messages_are_translated_to_swedish(organisation, settings):
    from django.utils import translation

    with translation.override("sv"), pytest.raises(FileRejected, match="Okända kolumner"):
        preview(csv_bytes([row() + ["x"]], header=[*HEADER_SV, "lön"]))


# --- Values ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019-09-02", datetime.date(2019, 9, 2)),
        ("2019-09-02 00:00", datetime.date(2019, 9, 2)),
        ("2019-09-02 00:00:00", datetime.date(2019, 9, 2)),
        ("2019-09-02T00:00:00", datetime.date(2019, 9, 2)),
        ("20190902", datetime.date(2019, 9, 2)),
        (43710, datetime.date(2019, 9, 2)),  # Excel serial number
        (43710.0, datetime.date(2019, 9, 2)),
        ("43710", datetime.date(2019, 9, 2)),  # a serial in CSV text (Excel's "General")
        ("18264", datetime.date(1950, 1, 1)),  # the first serial read from text
        ("73050", datetime.date(2099, 12, 31)),  # and the last
        (datetime.datetime(2019, 9, 2, 0, 0), datetime.date(2019, 9, 2)),
        ("", None),
    ],
)
def test_documented_date_formats(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["02/09/2019", "2 sep 2019", "2019-9-2", "2019-09-02 08:30"])
def test_other_date_formats_are_refused_with_the_expected_form(text):
    with pytest.raises(CellError, match="YYYY-MM-DD"):
        parse_date(text)


@pytest.mark.parametrize("text", ["18263", "73051", "99999", "10000"])
def test_a_csv_serial_outside_1950_to_2099_is_refused_saying_why(text):
    with pytest.raises(CellError, match="Excel serial number.*18264–73050") as refused:
        parse_date(text)
    day = (datetime.date(1899, 12, 30) + datetime.timedelta(days=int(text))).isoformat()
    assert day in str(refused.value)


def test_a_csv_file_with_serial_dates_imports_them(organisation):
    record = preview(csv_bytes([row(start="43710", end="45657")])).new[0]
    assert record.employment_start == datetime.date(2019, 9, 2)
    assert record.employment_end == datetime.date(2024, 12, 31)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("325,50", Decimal("325.50")),
        ("325.5", Decimal("325.50")),
        ("1 325,50", Decimal("1325.50")),
        ("1\u00a0325,50", Decimal("1325.50")),
        ("1.325,50", Decimal("1325.50")),
        ("310 kr", Decimal("310.00")),
        (412.25, Decimal("412.25")),
        ("", None),
    ],
)
def test_hourly_cost_accepts_decimal_comma_and_spaces(text, expected):
    assert parse_money(text) == expected


def test_gender_manager_and_managed_units_in_swedish_and_english(organisation):
    data = csv_bytes(
        [
            row("1", gender="Kvinna", manager="ja", manages="LIB-A|LIB"),
            row("2", gender="man", manager="no"),
            row("3", gender="annat", manager="0"),
            row("4", gender="ej angivet", manager="yes"),
            row("5", gender="woman", manager="1"),
            row("6", gender="Not stated", manager="Nej"),
            row("7", gender="", manager=""),
        ]
    )
    records = {r.employee_number: r for r in preview(data).new}
    assert [records[n].gender for n in "1234567"] == [
        "woman",
        "man",
        "other",
        "not_stated",
        "woman",
        "not_stated",
        "not_stated",
    ]
    assert [records[n].is_manager for n in "1234567"] == [
        True,
        False,
        False,
        True,
        True,
        False,
        False,
    ]
    assert records["1"].managed_unit_codes == ("LIB", "LIB-A")
    assert records["4"].managed_unit_codes == ("LIB-A",)  # a manager manages their own unit


def test_xlsx_with_date_cells_serial_numbers_and_number_cells(organisation):
    ends = datetime.date(timezone.localdate().year + 3, 6, 30)
    data = xlsx_bytes(
        [
            [
                1001,
                "Åsa",
                "Öberg",
                "asa@kultur.example.se",
                "LIB-A",
                "ja",
                "",
                "kvinna",
                1975,
                datetime.date(2015, 3, 1),
                datetime.datetime.combine(ends, datetime.time()),
                325.5,
            ],
            [
                1002,
                "Örjan",
                "Ek",
                "orjan@kultur.example.se",
                "LIB-B",
                "nej",
                "",
                "man",
                "1980",
                43710,
                "",
                "400,25",
            ],
        ]
    )
    result = preview(data, "personal.xlsx")
    assert result.errors == []
    first, second = result.new
    assert first.employee_number == "1001"
    assert (first.employment_start, first.employment_end) == (
        datetime.date(2015, 3, 1),
        ends,
    )
    assert first.hourly_cost == Decimal("325.50")
    assert second.employment_start == datetime.date(2019, 9, 2)
    assert second.hourly_cost == Decimal("400.25")


def test_blank_rows_are_skipped_and_line_numbers_stay_true(organisation):
    data = csv_bytes([row("1"), ["", "", ""], row("2", unit="NOPE")])
    result = preview(data)
    assert errors_of(result) == [(4, "enhet", "Unknown unit code “NOPE”.")]


# --- Row errors: each with line and column ----------------------------------------------------


def test_every_row_error_is_reported_with_line_and_column(organisation):
    data = csv_bytes(
        [
            row("1"),
            row("2", unit="NOPE"),
            row("3", email="not-an-address"),
            row("4", start="2021-02-30"),
            row("5", start="2020-01-01", end="2019-12-31"),
            row("6", cost="-10"),
            row("1", email="again@kultur.example.se"),
            row("8", email="person2@kultur.example.se"),
            row("9", gender="katt"),
            row("10", manager="kanske"),
            row("11", birth_year="75"),
            row("12", first=""),
            row("13", manages="LIB-A|NOPE", manager="ja"),
            row("14", manages="LIB-A", manager="nej"),
        ]
    )
    result = preview(data)
    assert result.new == [result.new[0]] and result.new[0].employee_number == "1"
    assert errors_of(result) == [
        (3, "enhet", "Unknown unit code “NOPE”."),
        (4, "e-post", "“not-an-address” is not a valid e-mail address."),
        (5, "anställd_från", "“2021-02-30” is not a real date."),
        (6, "anställd_till", "The employment ends before it starts (2020-01-01)."),
        (7, "timkostnad", "The hourly cost cannot be negative."),
        (8, "anställningsnummer", "Employee number “1” also appears on line 2."),
        (9, "e-post", "The e-mail address “person2@kultur.example.se” also appears on line 3."),
        (10, "kön", "Unknown gender “katt”: write kvinna, man, annat or ej angivet."),
        (11, "chef", "Write ja or nej (yes or no)."),
        (
            12,
            "födelseår",
            f"“75” is not a birth year (four digits, 1900–{timezone.localdate().year}).",
        ),
        (13, "förnamn", "A value is required."),
        (14, "chef_för", "Unknown unit codes: NOPE."),
        (15, "chef_för", "Only a manager can manage units: set the manager column to ja."),
    ]


def test_birth_years_are_checked_against_the_year_in_stockholm(organisation, time_machine):
    # 23:30 UTC on New Year's Eve is already the new year in Stockholm (UTC+1).
    year = timezone.localdate().year + 1
    time_machine.move_to(datetime.datetime(year - 1, 12, 31, 23, 30, tzinfo=datetime.UTC))
    assert errors_of(preview(csv_bytes([row("1", birth_year=str(year))]))) == []
    late = errors_of(preview(csv_bytes([row("1", birth_year=str(year + 1))])))
    message = f"“{year + 1}” is not a birth year (four digits, 1900–{year})."
    assert late == [(2, "födelseår", message)]


# --- Files that are not acceptable -------------------------------------------------------------


def test_empty_files_are_rejected(organisation):
    for data in (b"", b"   \r\n\r\n"):
        with pytest.raises(FileRejected, match="The file is empty"):
            preview(data)
    with pytest.raises(FileRejected, match="no data rows"):
        preview(csv_bytes([]))


def test_a_renamed_program_is_not_a_spreadsheet(organisation):
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200)
    for name in ("personal.csv", "personal.xlsx"):
        with pytest.raises(FileRejected, match="not"):
            preview(program, name)


def test_a_zip_that_is_not_a_workbook_is_rejected(organisation):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(FileRejected, match="not a spreadsheet"):
        preview(buffer.getvalue(), "personal.xlsx")


def test_an_old_xls_file_is_rejected_with_advice(organisation):
    with pytest.raises(FileRejected, match=r"\.xls"):
        preview(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "personal.xls")


def test_a_png_named_xlsx_is_rejected(organisation):
    with pytest.raises(FileRejected, match="not an XLSX"):
        preview(b"\x89PNG\r\n\x1a\n" + b"x" * 100, "personal.xlsx")


def zip_with(entries) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


def without_contents(archive: bytes) -> bytes:
    """``archive`` with the compressed bytes of every part overwritten by an invalid stream:
    its directory still tells names and sizes, but opening any part fails."""
    data = bytearray(archive)
    with zipfile.ZipFile(io.BytesIO(archive)) as reader:
        for entry in reader.infolist():
            name_length, extra_length = struct.unpack_from("<HH", data, entry.header_offset + 26)
            start = entry.header_offset + 30 + name_length + extra_length
            data[start : start + entry.compress_size] = b"\xff" * entry.compress_size
    return bytes(data)


def test_a_workbook_whose_parts_cannot_be_opened_is_damaged(organisation):
    with pytest.raises(FileRejected, match="damaged"):
        preview(without_contents(xlsx_bytes([row("1")])), "personal.xlsx")


def test_a_zip_bomb_is_rejected_before_it_is_opened(organisation):
    bomb = zip_with([(f"xl/worksheets/sheet{i}.xml", b"\0" * (20 * 1024 * 1024)) for i in range(3)])
    assert len(bomb) < 1024 * 1024
    # Nothing of it can be decompressed: only the archive's directory can have rejected it.
    with pytest.raises(FileRejected, match="expand to 60 MB"):
        preview(without_contents(bomb), "personal.xlsx")


def test_a_hard_compressed_part_is_rejected(organisation):
    with pytest.raises(FileRejected, match="compressed suspiciously"):
        preview(zip_with([("xl/worksheets/sheet1.xml", b"\0" * (5 * 1024 * 1024))]), "p.xlsx")


def test_a_workbook_with_too_many_parts_is_rejected(organisation):
    parts = [(f"xl/part{i}.xml", "<x/>") for i in range(120)]
    with pytest.raises(FileRejected, match="too many parts"):
        preview(zip_with(parts), "p.xlsx")


def test_a_50_mb_file_is_rejected_without_parsing(organisation):
    # A parser would reject these bytes as "not a spreadsheet": the size is checked first.
    data = b"PK\x03\x04" + b"a" * (50 * 1024 * 1024)
    with pytest.raises(FileRejected, match="The file is 50 MB; the limit is 10 MB"):
        preview(data)


@pytest.mark.parametrize("make", [csv_bytes, xlsx_bytes])
def test_more_rows_than_the_limit_are_rejected(organisation, settings, make):
    settings.DIGIT_IMPORT_MAX_ROWS = 5
    name = "p.csv" if make is csv_bytes else "p.xlsx"
    assert preview(make([row(str(n)) for n in range(5)]), name).errors == []
    with pytest.raises(FileRejected, match="more than 5 rows"):
        preview(make([row(str(n)) for n in range(6)]), name)


def test_openpyxl_parses_xml_with_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True


def test_read_table_keeps_the_header_as_written():
    table = read_table(csv_bytes([row()], header=HEADER_EN), max_bytes=10_000, max_rows=10)
    assert table.header == HEADER_EN and table.format == "csv"
    assert hr_import.map_columns(table.header)["email"] == 3
