"""Columns and values of an HR export: map headers, parse each cell, validate each row.

Pure: takes a ``Table`` (see ``spreadsheet.py``) and the known unit codes, returns plain
``PersonRecord`` values and ``RowError`` s with line number and column. The database is not
touched here; ``services.py`` compares the records with what is stored and writes.
The accepted formats are documented in docs/import.md; keep both in step.
"""

import datetime
import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digit.people import identity_number
from digit.people.identity_number import IdentityNumber, InvalidIdentityNumber, Reason
from digit.people.spreadsheet import FileRejected, Table

# Field → accepted header names (compared after ``normalise_header``): Swedish, English, others.
COLUMNS = {
    "employee_number": ("anställningsnummer", "employee_number", "anstnr", "employee_id"),
    "first_name": ("förnamn", "first_name", "given_name"),
    "last_name": ("efternamn", "last_name", "surname", "family_name"),
    "email": ("e-post", "email", "epost", "mejl", "e_mail"),
    "unit": ("enhet", "unit", "enhetskod", "unit_code"),
    "is_manager": ("chef", "manager", "is_manager"),
    "manages": ("chef_för", "manages", "managed_units"),
    "gender": ("kön", "gender"),
    "birth_year": ("födelseår", "birth_year", "year_of_birth"),
    "employment_start": ("anställd_från", "employment_start", "anställningsstart", "start_date"),
    "employment_end": ("anställd_till", "employment_end", "anställningsslut", "end_date"),
    "hourly_cost": ("timkostnad", "hourly_cost"),
    "identity_number": ("personnummer", "personal_identity_number", "personnr"),
    "education_level": ("utbildningsnivå", "education_level", "utbildning", "isced"),
}
REQUIRED = ("employee_number", "first_name", "last_name", "email", "unit")

YES = {"ja", "j", "yes", "y", "1", "true", "sant", "x"}
NO = {"nej", "n", "no", "0", "false", "falskt", ""}
GENDERS = {
    "woman": {"kvinna", "k", "woman", "female", "f", "w"},
    "man": {"man", "m", "male"},
    "other": {"annat", "annan", "other", "icke-binär", "icke binär", "non-binary", "x"},
    "not_stated": {"ej angivet", "ej angiven", "not stated", "not_stated", "okänt", "unknown", ""},
}
GENDER_BY_WORD = {word: code for code, words in GENDERS.items() for word in words}
EDUCATION_LEVELS = {
    "isced_1_2": {"1", "2", "1-2", "1–2", "förgymnasial", "grundskola", "primary"},
    "isced_3_4": {"3", "4", "3-4", "3–4", "gymnasial", "gymnasium", "secondary"},
    "isced_5_8": {
        "5",
        "6",
        "7",
        "8",
        "5-8",
        "5–8",
        "isced 5-8",
        "eftergymnasial",
        "högskola",
        "universitet",
        "tertiary",
    },
    "": {"", "okänd", "okänt", "unknown", "ej angivet", "not stated"},
}
EDUCATION_BY_WORD = {word: code for code, words in EDUCATION_LEVELS.items() for word in words}

MAX_LENGTHS = {
    "employee_number": 40,
    "first_name": 100,
    "last_name": 100,
    "email": 254,
    "unit": 40,
}
MAX_HOURLY_COST = Decimal("999999.99")
EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial 1 = 1900-01-01 (with Excel's leap-year bug)
# Plain addresses (nearly all of an HR file) pass this quick test; the rest go to Django's.
COMMON_EMAIL = re.compile(r"^[a-z0-9][a-z0-9._+-]{0,63}@[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63})+$")
DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


@dataclass(frozen=True)
class PersonRecord:
    """One valid row of the HR file, with values in the form the database stores."""

    line: int
    employee_number: str
    first_name: str
    last_name: str
    email: str
    unit_code: str
    is_manager: bool
    managed_unit_codes: tuple[str, ...]
    gender: str
    birth_year: int | None
    employment_start: datetime.date | None
    employment_end: datetime.date | None
    hourly_cost: Decimal | None
    identity_number: IdentityNumber | None = None
    education_level: str = ""


@dataclass(frozen=True)
class RowError:
    line: int
    column: str  # the header as written in the file ("" when it concerns the whole row)
    message: str


@dataclass
class ParsedFile:
    records: list[PersonRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field → header in the file
    employee_numbers: set[str] = field(default_factory=set)  # every row's, valid or not


class CellError(ValueError):
    """A cell's value is not acceptable; the message is shown next to line and column."""


def normalise_header(name: str) -> str:
    """Lower case, trimmed, with spaces and hyphens as underscores: "E-post" → "e_post"."""
    name = unicodedata.normalize("NFC", name).strip().lower().lstrip("\ufeff")
    return re.sub(r"[\s\-]+", "_", name)


HEADER_TO_FIELD = {
    normalise_header(alias): name for name, aliases in COLUMNS.items() for alias in aliases
}


def map_columns(header: list[str]) -> dict[str, int]:
    """Field → column index. Raises ``FileRejected`` for unknown, duplicate or missing columns."""
    found: dict[str, int] = {}
    unknown, duplicate = [], []
    for index, name in enumerate(header):
        if not name.strip():
            continue
        field_name = HEADER_TO_FIELD.get(normalise_header(name))
        if field_name is None:
            unknown.append(name.strip())
        elif field_name in found:
            duplicate.append(name.strip())
        else:
            found[field_name] = index
    problems = []
    if unknown:
        problems.append(_("Unknown columns: %(names)s.") % {"names": ", ".join(unknown)})
    if duplicate:
        problems.append(_("Columns given twice: %(names)s.") % {"names": ", ".join(duplicate)})
    missing = [COLUMNS[name][0] for name in REQUIRED if name not in found]
    if missing:
        problems.append(
            _("Required columns are missing: %(names)s.") % {"names": ", ".join(missing)}
        )
    if problems:
        allowed = ", ".join(f"{aliases[0]}/{aliases[1]}" for aliases in COLUMNS.values())
        problems.append(_("The accepted columns are: %(names)s.") % {"names": allowed})
        raise FileRejected(" ".join(problems))
    return found


def parse_text(value) -> str:
    """A trimmed string with single spaces; spreadsheet numbers lose ".0" (1234.0 → "1234")."""
    if type(value) is str:  # nearly every cell: keep this path short
        text = value.strip()
        if "  " in text or "\t" in text or "\n" in text or "\xa0" in text:
            text = " ".join(text.split())
        return text
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return " ".join(str(value).split())


def parse_bool(value) -> bool:
    """ja/nej, yes/no, 1/0, true/false, x/blank."""
    if isinstance(value, bool):
        return value
    text = parse_text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError(_("Write ja or nej (yes or no)."))


def parse_gender(value) -> str:
    """kvinna/man/annat/ej angivet or woman/man/other/not stated; blank means not stated."""
    text = parse_text(value).lower()
    try:
        return GENDER_BY_WORD[text]
    except KeyError:
        raise CellError(
            _("Unknown gender %(value)s: write kvinna, man, annat or ej angivet.")
            % {"value": _quote(text)}
        ) from None


def parse_education_level(value) -> str:
    """An ISCED level 1–8 or group (1-2, 3-4, 5-8), or förgymnasial / gymnasial /
    eftergymnasial; blank or okänd means unknown ("")."""
    text = parse_text(value).lower().removeprefix("isced").strip()
    if text.endswith(".0"):
        text = text[:-2]
    try:
        return EDUCATION_BY_WORD[text]
    except KeyError:
        raise CellError(
            _(
                "Unknown education level %(value)s: write an ISCED level 1–8, or "
                "förgymnasial, gymnasial or eftergymnasial."
            )
            % {"value": _quote(text)}
        ) from None


def parse_date(value) -> datetime.date | None:
    """A date from an Excel date cell, an Excel serial number, or text YYYY-MM-DD / YYYYMMDD.

    Text may carry a midnight time ("2019-09-02 00:00"). Blank gives None.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not float(value).is_integer() or not 1 <= value <= 2958465:
            raise CellError(_("%(value)s is not a date.") % {"value": _quote(value)})
        return EXCEL_EPOCH + datetime.timedelta(days=int(value))
    text = parse_text(value)
    if not text:
        return None
    for pattern in DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            try:
                return datetime.date(year, month, day)
            except ValueError:
                raise CellError(
                    _("%(value)s is not a real date.") % {"value": _quote(text)}
                ) from None
    raise CellError(_("%(value)s is not a date in the form YYYY-MM-DD.") % {"value": _quote(text)})


def parse_year(value, *, today: datetime.date) -> int | None:
    """A four-digit birth year between 1900 and this year; blank gives None."""
    text = parse_text(value)
    if not text:
        return None
    if not re.fullmatch(r"\d{4}", text) or not 1900 <= int(text) <= today.year:
        raise CellError(
            _("%(value)s is not a birth year (four digits, 1900–%(year)d).")
            % {"value": _quote(text), "year": today.year}
        )
    return int(text)


def parse_money(value) -> Decimal | None:
    """SEK with at most two decimals; decimal comma and spaces as thousands separators allowed."""
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        amount = Decimal(str(value))
    else:
        text = parse_text(value).replace("\u00a0", "").replace(" ", "")
        text = re.sub(r"(?i)(kr|sek)$", "", text)
        if not text:
            return None
        if "," in text and "." in text:
            text = text.replace(".", "").replace(",", ".")  # 1.234,50 → 1234.50
        else:
            text = text.replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise CellError(_("%(value)s is not an amount.") % {"value": _quote(value)}) from None
    if not amount.is_finite():
        raise CellError(_("%(value)s is not an amount.") % {"value": _quote(value)})
    if amount < 0:
        raise CellError(_("The hourly cost cannot be negative."))
    if amount > MAX_HOURLY_COST:
        raise CellError(_("The hourly cost is implausibly high."))
    return amount.quantize(Decimal("0.01"))


IDENTITY_NUMBER_MESSAGES = {
    Reason.FORMAT: gettext_lazy(
        "Not a personal identity number: write 10 or 12 digits (YYMMDD-NNNN or "
        "YYYYMMDD-NNNN), a coordination number or a pseudo number (YYYYMMDDTNNN)."
    ),
    Reason.DATE: gettext_lazy("The personal identity number holds a date that does not exist."),
    Reason.FUTURE: gettext_lazy("The personal identity number holds a date in the future."),
    Reason.CHECKSUM: gettext_lazy("The check digit of the personal identity number is wrong."),
}


def parse_identity_number(value, *, today: datetime.date) -> IdentityNumber | None:
    """A personal identity number (docs/import.md); blank gives None. The message of a bad
    one never repeats the value: the number must not reach an error page or a log line."""
    text = parse_text(value)
    if not text:
        return None
    try:
        return identity_number.parse(text, on=today)
    except InvalidIdentityNumber as error:
        raise CellError(str(IDENTITY_NUMBER_MESSAGES[error.reason])) from None


def parse_email(value) -> str:
    """A syntactically valid address, stored in lower case."""
    text = parse_text(value).lower()
    if COMMON_EMAIL.match(text):
        return text
    try:
        validate_email(text)  # the full rules (quoted local parts, IDN …) for the rest
    except ValidationError:
        raise CellError(
            _("%(value)s is not a valid e-mail address.") % {"value": _quote(text)}
        ) from None
    return text


def parse_unit_codes(value) -> tuple[str, ...]:
    """Unit codes separated by | (for "chef_för"), trimmed, without duplicates, sorted."""
    text = parse_text(value)
    return tuple(sorted({code.strip() for code in text.split("|") if code.strip()}))


def _quote(value) -> str:
    text = str(value)
    return f"“{text[:60]}…”" if len(text) > 60 else f"“{text}”"


def validate_people(table: Table, *, unit_codes: set[str], today: datetime.date) -> ParsedFile:
    """Parse and validate every row; collect every error instead of stopping at the first.

    Checks per row: required values, lengths, e-mail syntax, unit codes, dates, end not
    before start, cost not negative; across rows: no employee number or e-mail twice.
    """
    columns = map_columns(table.header)
    parsed = ParsedFile(columns={name: table.header[i].strip() for name, i in columns.items()})
    reader = _RowReader(columns, parsed.columns, unit_codes, today)
    first_lines = _FirstLines()
    width = len(table.header)
    for line, raw in table.rows:
        values, errors = reader.read(line, list(raw) + [None] * (width - len(raw)))
        if values.get("employee_number"):
            parsed.employee_numbers.add(values["employee_number"])
        errors += first_lines.check(line, values, parsed.columns)
        if errors:
            parsed.errors.extend(errors)
            continue
        record = reader.record(line, values)
        if isinstance(record, RowError):
            parsed.errors.append(record)
        else:
            parsed.records.append(record)
    return parsed


REQUIRED_TEXT = ("employee_number", "first_name", "last_name", "unit")


class _RowReader:
    """Reads one row: parses each cell, checks the row on its own, builds its record."""

    def __init__(self, columns, headers, unit_codes, today):
        self.columns, self.headers, self.unit_codes = columns, headers, unit_codes
        parsers: dict[str, Callable[[object], object]] = {
            "email": parse_email,
            "is_manager": parse_bool,
            "manages": parse_unit_codes,
            "gender": parse_gender,
            "birth_year": functools.partial(parse_year, today=today),
            "employment_start": parse_date,
            "employment_end": parse_date,
            "hourly_cost": parse_money,
            "identity_number": functools.partial(parse_identity_number, today=today),
            "education_level": parse_education_level,
        }
        self.parsers = [
            (name, columns[name], parser) for name, parser in parsers.items() if name in columns
        ]

    def read(self, line: int, row: list) -> tuple[dict, list[RowError]]:
        """The row's values by field, and its errors (each cell's, then the row's)."""
        values: dict = {}
        errors: list[RowError] = []
        for name in REQUIRED_TEXT:
            values[name] = text = parse_text(row[self.columns[name]])
            if not text:
                errors.append(RowError(line, self.headers[name], _("A value is required.")))
            elif len(text) > MAX_LENGTHS[name]:
                message = _("At most %(count)d characters.") % {"count": MAX_LENGTHS[name]}
                errors.append(RowError(line, self.headers[name], message))
        for name, index, parser in self.parsers:
            try:
                values[name] = parser(row[index])
            except CellError as error:
                errors.append(RowError(line, self.headers[name], str(error)))
        return values, errors + self._check(line, values)

    def _check(self, line: int, values: dict) -> list[RowError]:
        """Unit codes known, employment not ending before it starts."""
        errors = []
        unit = values["unit"]
        if unit and unit not in self.unit_codes and len(unit) <= MAX_LENGTHS["unit"]:
            message = _("Unknown unit code %(code)s.") % {"code": _quote(unit)}
            errors.append(RowError(line, self.headers["unit"], message))
        unknown = [code for code in values.get("manages", ()) if code not in self.unit_codes]
        if unknown:
            message = _("Unknown unit codes: %(codes)s.") % {"codes": ", ".join(unknown)}
            errors.append(RowError(line, self.headers["manages"], message))
        start, end = values.get("employment_start"), values.get("employment_end")
        if start and end and end < start:
            message = _("The employment ends before it starts (%(start)s).") % {"start": start}
            errors.append(RowError(line, self.headers["employment_end"], message))
        return errors

    def record(self, line: int, values: dict) -> PersonRecord | RowError:
        """The record of a row without errors; a manager without a list manages their own
        unit, and a list of managed units makes the person a manager."""
        is_manager = values.get("is_manager", False)
        managed = values.get("manages", ())
        if managed and "is_manager" in self.columns and not is_manager:
            return RowError(
                line,
                self.headers["manages"],
                _("Only a manager can manage units: set the manager column to ja."),
            )
        if managed:
            is_manager = True
        elif is_manager:
            managed = (values["unit"],)
        number = values.get("identity_number")
        gender, birth_year = values.get("gender", "not_stated"), values.get("birth_year")
        # Derived from the number only where HR sends no such column (docs/import.md).
        if number is not None and "gender" not in self.columns and number.gender is not None:
            gender = number.gender
        if number is not None and "birth_year" not in self.columns:
            birth_year = number.birth_year
        return PersonRecord(
            line=line,
            employee_number=values["employee_number"],
            first_name=values["first_name"],
            last_name=values["last_name"],
            email=values["email"],
            unit_code=values["unit"],
            is_manager=is_manager,
            managed_unit_codes=managed,
            gender=gender,
            birth_year=birth_year,
            employment_start=values.get("employment_start"),
            employment_end=values.get("employment_end"),
            hourly_cost=values.get("hourly_cost"),
            identity_number=number,
            education_level=values.get("education_level", ""),
        )


class _FirstLines:
    """The line on which each employee number and e-mail address first appeared."""

    def __init__(self):
        self.numbers: dict[str, int] = {}
        self.emails: dict[str, int] = {}

    def check(self, line: int, values: dict, headers: dict[str, str]) -> list[RowError]:
        errors = []
        number, email = values.get("employee_number"), values.get("email")
        if number and number in self.numbers:
            message = _("Employee number %(number)s also appears on line %(line)d.") % {
                "number": _quote(number),
                "line": self.numbers[number],
            }
            errors.append(RowError(line, headers["employee_number"], message))
        elif number:
            self.numbers[number] = line
        if email and email in self.emails:
            message = _("The e-mail address %(email)s also appears on line %(line)d.") % {
                "email": _quote(email),
                "line": self.emails[email],
            }
            errors.append(RowError(line, headers["email"], message))
        elif email:
            self.emails[email] = line
        return errors
