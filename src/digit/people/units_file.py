"""Columns and values of a units file (the organisation tree): code, name, parent_code, kind.

Pure like ``hr_import``: it validates rows and returns ``UnitRecord`` s and ``RowError`` s;
``services.import_units`` checks parents against the database and writes.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from digit.people.hr_import import RowError, normalise_header, parse_text
from digit.people.spreadsheet import FileRejected, Table

COLUMNS = {
    "code": ("kod", "code", "enhetskod", "unit_code"),
    "name": ("namn", "name", "benämning"),
    "parent_code": ("överordnad", "parent_code", "överordnad_kod", "förälder", "parent"),
    "kind": ("typ", "kind", "nivå", "level"),
}
REQUIRED = ("code", "name")
KINDS = {
    "administration": {"administration", "förvaltning"},
    "department": {"department", "avdelning", "verksamhet"},
    "unit": {"unit", "enhet", ""},
}
KIND_BY_WORD = {word: kind for kind, words in KINDS.items() for word in words}
HEADER_TO_FIELD = {
    normalise_header(alias): name for name, aliases in COLUMNS.items() for alias in aliases
}


@dataclass(frozen=True)
class UnitRecord:
    line: int
    code: str
    name: str
    parent_code: str
    kind: str


@dataclass
class ParsedUnits:
    records: list[UnitRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def map_columns(header: list[str]) -> dict[str, int]:
    """Field → column index; raises ``FileRejected`` for unknown or missing columns."""
    found, unknown = {}, []
    for index, name in enumerate(header):
        if not name.strip():
            continue
        field_name = HEADER_TO_FIELD.get(normalise_header(name))
        if field_name is None or field_name in found:
            unknown.append(name.strip())
        else:
            found[field_name] = index
    problems = []
    if unknown:
        problems.append(_("Unknown columns: %(names)s.") % {"names": ", ".join(unknown)})
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


def validate_units(table: Table) -> ParsedUnits:
    """Every row's code, name and kind; codes unique within the file."""
    columns = map_columns(table.header)
    header = {name: table.header[i].strip() for name, i in columns.items()}
    parsed = ParsedUnits()
    seen: dict[str, int] = {}
    width = len(table.header)
    for line, raw in table.rows:
        row = list(raw) + [None] * (width - len(raw))
        values = {name: parse_text(row[i]) for name, i in columns.items()}
        errors = []
        code, name = values["code"], values["name"]
        if not code:
            errors.append(RowError(line, header["code"], _("A value is required.")))
        elif len(code) > 40:
            errors.append(
                RowError(line, header["code"], _("At most %(count)d characters.") % {"count": 40})
            )
        elif code in seen:
            errors.append(
                RowError(
                    line,
                    header["code"],
                    _("Unit code %(code)s also appears on line %(line)d.")
                    % {"code": code, "line": seen[code]},
                )
            )
        else:
            seen[code] = line
        if not name:
            errors.append(RowError(line, header["name"], _("A value is required.")))
        elif len(name) > 200:
            errors.append(
                RowError(line, header["name"], _("At most %(count)d characters.") % {"count": 200})
            )
        kind = KIND_BY_WORD.get(values.get("kind", "").lower())
        if kind is None:
            errors.append(
                RowError(
                    line,
                    header["kind"],
                    _("Unknown kind: write förvaltning, avdelning or enhet."),
                )
            )
        parent = values.get("parent_code", "")
        if parent and parent == code:
            errors.append(
                RowError(line, header["parent_code"], _("A unit cannot be its own parent."))
            )
        if errors or kind is None:
            parsed.errors.extend(errors)
        else:
            parsed.records.append(UnitRecord(line, code, name, parent, kind))
    return parsed
