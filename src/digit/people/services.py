"""Writes for people and units: the HR import and the units import.

An import is previewed (``preview_people_import``: parse, validate, compare with the database)
and then committed (``commit_people_import``), which repeats the preview inside one
transaction and writes the difference with bulk statements. Anything wrong writes nothing.
"""

import datetime
import hashlib
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digit.access.models import User
from digit.audit import services as audit
from digit.audit.models import Kind
from digit.bulk import chunks, insert_rows, update_rows
from digit.people import hr_import, identity_seal, units_file
from digit.people.hr_import import PersonRecord, RowError
from digit.people.models import ImportBatch, Person, Unit
from digit.people.spreadsheet import read_table

CHUNK = 1000
# Person fields written from the HR file, in the order a preview lists changes.
IMPORTED_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "unit_id",
    "is_manager",
    "gender",
    "birth_year",
    "employment_start",
    "employment_end",
    "hourly_cost",
    "education_level",
)
# How a preview names a changed field: the English column name (docs/import.md).
COLUMN_NAMES = {"unit_id": "unit", "is_manager": "manager"}
IDENTITY_COLUMN = "personal_identity_number"


class ImportRejected(Exception):
    """The file has row errors; ``preview`` lists them. Nothing was written."""

    def __init__(self, preview):
        super().__init__(_("The file has %(count)d errors.") % {"count": len(preview.errors)})
        self.preview = preview


class StaleImport(Exception):
    """People or units changed between preview and confirmation. Nothing was written."""


@dataclass(frozen=True)
class Change:
    field: str  # English column name, as in docs/import.md
    before: str
    after: str


@dataclass
class PersonDiff:
    record: PersonRecord
    person_id: int
    user_id: int | None
    changes: list[Change]
    returning: bool = False  # was marked as left and is back in the file

    @property
    def identity_number_changed(self) -> bool:
        return any(change.field == IDENTITY_COLUMN for change in self.changes)


@dataclass(frozen=True)
class Leaver:
    person_id: int
    employee_number: str
    name: str
    unit_code: str
    user_id: int | None


@dataclass
class PeoplePreview:
    """What committing the file would do, and every error that prevents it."""

    filename: str
    sha256: str
    full: bool
    rows: int = 0
    new: list[PersonRecord] = field(default_factory=list)
    changed: list[PersonDiff] = field(default_factory=list)
    unchanged: int = 0
    leaving: list[Leaver] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    state: str = ""  # digest of people and units at preview time
    has_identity_numbers: bool = False  # the file has the personal identity number column
    # Internal: what commit needs to write the difference.
    unit_ids: dict[str, int] = field(default_factory=dict, repr=False)
    user_links: dict[str, int] = field(default_factory=dict, repr=False)
    inactive_users: set[int] = field(default_factory=set, repr=False)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def has_changes(self) -> bool:
        return bool(self.new or self.changed or self.leaving)


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _display(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _load_state():
    """People, their managed units and the unit codes, read once for the whole comparison.

    Also returns a digest of all three, so that a confirmation can tell whether anything
    changed since its preview.
    """
    units = dict(Unit.objects.values_list("code", "id"))
    names = (
        "id",
        "employee_number",
        "user_id",
        "left_on",
        "identity_number_digest",
        *IMPORTED_FIELDS,
    )
    rows = list(Person.objects.values_list(*names).order_by("id"))
    people = {row[1]: dict(zip(names, row, strict=True)) for row in rows}
    through = Person.managed_units.through
    links = list(through.objects.values_list("person_id", "unit_id").order_by("id"))
    managed: dict[int, set[int]] = {}
    for person_id, unit_id in links:
        managed.setdefault(person_id, set()).add(unit_id)
    digest = hashlib.sha256()
    for part in (sorted(units.items()), rows, links):
        digest.update(repr(part).encode())
    return units, people, managed, digest.hexdigest()


def _read_import_file(data: bytes, filename: str):
    return read_table(
        data,
        filename=filename,
        max_bytes=settings.DIGIT_IMPORT_MAX_BYTES,
        max_rows=settings.DIGIT_IMPORT_MAX_ROWS,
    )


def preview_people_import(
    data: bytes, *, filename: str = "", full: bool = True, today: datetime.date | None = None
) -> PeoplePreview:
    """Parse, validate and compare with the database. Raises ``FileRejected`` for file errors."""
    today = today or timezone.localdate()
    table = _read_import_file(data, filename)
    units, people, managed, state = _load_state()
    parsed = hr_import.validate_people(table, unit_codes=set(units), today=today)
    preview = PeoplePreview(
        filename=filename,
        sha256=file_digest(data),
        full=full,
        rows=len(table.rows),
        errors=parsed.errors,
        state=state,
        unit_ids=units,
    )
    preview.has_identity_numbers = "identity_number" in parsed.columns
    comparison = _Comparison(preview, parsed, people, managed)
    for record in parsed.records:
        comparison.compare(record)
    if full:
        preview.leaving = comparison.leavers(parsed.employee_numbers)
    preview.errors.sort(key=lambda error: error.line)
    return preview


class _Comparison:
    """Compares the file's valid records with the stored people and accounts, filling in
    the preview: new, changed, unchanged, leaving, and the errors only the database shows."""

    def __init__(self, preview: PeoplePreview, parsed, people: dict, managed: dict):
        self.preview, self.people, self.managed = preview, people, managed
        self.code_of_unit = {unit_id: code for code, unit_id in preview.unit_ids.items()}
        self.in_file = {record.employee_number for record in parsed.records}
        self.email_owner = {row["email"]: number for number, row in people.items()}
        self.email_column = parsed.columns.get("email", "email")
        self.users = {}  # e-mail → account id
        for user_id, email, is_active in User.objects.values_list("id", "email", "is_active"):
            self.users[email.lower()] = user_id
            if not is_active:
                preview.inactive_users.add(user_id)
        self.linked_users = {row["user_id"] for row in people.values() if row["user_id"]}
        in_file_users = {people[n]["user_id"] for n in self.in_file if n in people}
        self.resynced_users = in_file_users - {None}

    def compare(self, record: PersonRecord) -> None:
        current = self.people.get(record.employee_number)
        own_user = current["user_id"] if current else None
        error = self._email_error(record, own_user)
        if error is not None:
            self.preview.errors.append(RowError(record.line, self.email_column, error))
        elif current is None:
            self.preview.new.append(record)
        elif changes := self._changes(record, current, own_user):
            returning = current["left_on"] is not None
            diff = PersonDiff(record, current["id"], own_user, changes, returning=returning)
            self.preview.changed.append(diff)
        else:
            self.preview.unchanged += 1

    def _email_error(self, record: PersonRecord, own_user: int | None) -> str | None:
        """Why the record's e-mail cannot be used, or None; a free account with the address
        is adopted by a person without one."""
        owner = self.email_owner.get(record.email)
        if owner is not None and owner != record.employee_number and owner not in self.in_file:
            return _(
                "The e-mail address is used by employee %(number)s, who is not in the file."
            ) % {"number": owner}
        holder = self.users.get(record.email)
        if holder is None or holder == own_user or holder in self.resynced_users:
            return None
        if own_user is None and holder not in self.linked_users:
            self.preview.user_links[record.employee_number] = holder  # adopt the free account
            return None
        return _("The e-mail address belongs to another login account.")

    def _changes(self, record: PersonRecord, current: dict, own_user: int | None) -> list[Change]:
        after = _person_values(record, self.preview.unit_ids)
        changes = []
        for name in IMPORTED_FIELDS:
            before_value, after_value = current[name], after[name]
            if before_value != after_value:
                if name == "unit_id":
                    before_value = self.code_of_unit.get(before_value)
                    after_value = record.unit_code
                column = COLUMN_NAMES.get(name, name)
                changes.append(Change(column, _display(before_value), _display(after_value)))
        if self.preview.has_identity_numbers:
            changes += _identity_change(record, current["identity_number_digest"])
        managed_before = {self.code_of_unit[u] for u in self.managed.get(current["id"], ())}
        if managed_before != set(record.managed_unit_codes):
            before = _display("|".join(sorted(managed_before)))
            changes.append(Change("manages", before, _display("|".join(record.managed_unit_codes))))
        if current["left_on"] is not None:
            changes.append(Change("left_on", _display(current["left_on"]), "–"))
        if own_user is None:
            changes.append(Change("account", "–", record.email))
        return changes

    def leavers(self, named_in_file: set[str]) -> list[Leaver]:
        """Current people the file does not name (a row with errors still names its person)."""
        return [
            Leaver(
                row["id"],
                number,
                f"{row['first_name']} {row['last_name']}",
                self.code_of_unit.get(row["unit_id"], ""),
                row["user_id"],
            )
            for number, row in self.people.items()
            if number not in named_in_file and row["left_on"] is None
        ]


def _identity_change(record: PersonRecord, digest_before: str) -> list[Change]:
    """A change of the personal identity number, shown without either value."""
    number = record.identity_number
    digest_after = identity_seal.lookup_digest(number.canonical) if number else ""
    if digest_after == digest_before:
        return []
    hidden = _("(hidden)")
    return [Change(IDENTITY_COLUMN, hidden if digest_before else "–", hidden if number else "–")]


def commit_people_import(
    data: bytes,
    *,
    filename: str = "",
    full: bool = True,
    user=None,
    expected_state: str | None = None,
    today: datetime.date | None = None,
) -> ImportBatch:
    """Validate again and write the difference in one transaction; return the audit row.

    Raises ``FileRejected`` or ``ImportRejected`` (errors) and ``StaleImport`` (the data
    changed since the preview whose ``state`` is ``expected_state``); then nothing is written.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        _lock_people_imports()
        preview = preview_people_import(data, filename=filename, full=full, today=today)
        if preview.errors:
            raise ImportRejected(preview)
        if expected_state is not None and expected_state != preview.state:
            raise StaleImport(_("People or units have changed since the preview."))
        _write_people(preview, today=today)
        batch = ImportBatch.objects.create(
            kind=ImportBatch.Kind.PEOPLE,
            created_by=user if user is not None and user.is_authenticated else None,
            filename=filename[:255],
            sha256=preview.sha256,
            full=full,
            rows=preview.rows,
            created=len(preview.new),
            changed=len(preview.changed),
            unchanged=preview.unchanged,
            left=len(preview.leaving),
        )
        _audit_import(batch, user)
        return batch


# Any constant: the key of the PostgreSQL advisory lock that serialises people imports.
IMPORT_LOCK_KEY = 4_242_001


def _lock_people_imports() -> None:
    """Let one import at a time compare and write; the next waits, then sees the result.

    SQLite needs nothing: its write transactions start IMMEDIATE (settings.py) and so
    already run one at a time.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])


def _unusable_passwords(count: int) -> list[str]:
    # What set_unusable_password() stores, without hashing 45,000 times.
    return [UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30) for _ in range(count)]


def _ids_by(model, key: str, wanted: dict) -> dict:
    """{wanted[value]: pk} for rows whose ``key`` is one of ``wanted``'s keys.

    One pass over the whole table: at 45,000 rows far quicker than chunked ``IN`` lists.
    """
    found = {}
    for value, pk in model.objects.values_list(key, "pk").iterator(chunk_size=5000):
        if value in wanted:
            found[wanted[value]] = pk
    return found


def _person_values(record: PersonRecord, unit_ids: dict[str, int]) -> dict:
    return {
        "first_name": record.first_name,
        "last_name": record.last_name,
        "email": record.email,
        "unit_id": unit_ids[record.unit_code],
        "is_manager": record.is_manager,
        "gender": record.gender,
        "birth_year": record.birth_year,
        "employment_start": record.employment_start,
        "employment_end": record.employment_end,
        "hourly_cost": record.hourly_cost,
        "education_level": record.education_level,
    }


def _write_people(preview: PeoplePreview, *, today: datetime.date) -> None:
    """Write the previewed difference with bulk statements (inside the caller's transaction)."""
    user_of = _create_accounts(preview)
    _move_changed_emails_aside(preview)
    new_ids = _insert_new_people(preview, user_of)
    _update_changed_people(preview, user_of)
    _relink_managed_units(preview, new_ids)
    # Leavers: marked, never deleted; their accounts closed and signed out at once.
    for chunk in chunks([leaver.person_id for leaver in preview.leaving], CHUNK):
        Person.objects.filter(pk__in=chunk).update(left_on=today)
    deactivate_accounts([leaver.user_id for leaver in preview.leaving if leaver.user_id])


def _create_accounts(preview: PeoplePreview) -> dict[str, int]:
    """A login account for everyone imported (employee number → account id): adopt a free
    account with the same e-mail, else create one with an unusable password (sign-in by SSO
    or password reset)."""
    user_of = dict(preview.user_links)
    needing = [r for r in preview.new if r.employee_number not in user_of] + [
        d.record
        for d in preview.changed
        if d.user_id is None and d.record.employee_number not in user_of
    ]
    insert_rows(
        User, {"email": [r.email for r in needing], "password": _unusable_passwords(len(needing))}
    )
    user_of.update(_ids_by(User, "email", {r.email: r.employee_number for r in needing}))
    return user_of


def _move_changed_emails_aside(preview: PeoplePreview) -> None:
    """Changed e-mails first move aside, so that two people may swap addresses."""
    moving = [d for d in preview.changed if any(c.field == "email" for c in d.changes)]
    update_rows(
        Person,
        [d.person_id for d in moving],
        {"email": [f"{d.person_id}.moving@import.invalid" for d in moving]},
    )
    moving_accounts = [d.user_id for d in moving if d.user_id]
    update_rows(
        User, moving_accounts, {"email": [f"{pk}.moving@import.invalid" for pk in moving_accounts]}
    )


def _insert_new_people(preview: PeoplePreview, user_of: dict[str, int]) -> dict[str, int]:
    """Insert the new people; returns employee number → person id."""
    columns: dict[str, list] = {
        name: [] for name in ("employee_number", "user_id", *IMPORTED_FIELDS)
    }
    for record in preview.new:
        columns["employee_number"].append(record.employee_number)
        columns["user_id"].append(user_of[record.employee_number])
        for name, value in _person_values(record, preview.unit_ids).items():
            columns[name].append(value)
    numbers = [record.identity_number for record in preview.new]
    columns.update(_sealed_columns(numbers))
    insert_rows(Person, columns)
    return _ids_by(
        Person, "employee_number", {r.employee_number: r.employee_number for r in preview.new}
    )


def _update_changed_people(preview: PeoplePreview, user_of: dict[str, int]) -> None:
    """Changed people (a returner's ``left_on`` is cleared), and their accounts follow:
    e-mail in sync, a returner's account opens again."""
    columns: dict[str, list] = {name: [] for name in (*IMPORTED_FIELDS, "left_on", "user_id")}
    for diff in preview.changed:
        for name, value in _person_values(diff.record, preview.unit_ids).items():
            columns[name].append(value)
        columns["left_on"].append(None)
        columns["user_id"].append(diff.user_id or user_of[diff.record.employee_number])
    update_rows(Person, [d.person_id for d in preview.changed], columns)
    renumbered = [d for d in preview.changed if d.identity_number_changed]
    update_rows(
        Person,
        [d.person_id for d in renumbered],
        _sealed_columns([d.record.identity_number for d in renumbered]),
    )
    accounts = [d for d in preview.changed if d.user_id]
    update_rows(
        User,
        [d.user_id for d in accounts],
        {
            "email": [d.record.email for d in accounts],
            "is_active": [d.returning or d.user_id not in preview.inactive_users for d in accounts],
        },
    )


def _sealed_columns(numbers: list) -> dict[str, list[str]]:
    """The encrypted number and its lookup hash for each (blank for None)."""
    return {
        "identity_number_sealed": [identity_seal.seal(n.canonical) if n else "" for n in numbers],
        "identity_number_digest": [
            identity_seal.lookup_digest(n.canonical) if n else "" for n in numbers
        ],
    }


def _relink_managed_units(preview: PeoplePreview, new_ids: dict[str, int]) -> None:
    """The units each new or changed manager manages, replacing the links that changed."""
    through = Person.managed_units.through
    unit_ids = preview.unit_ids
    links = [
        through(person_id=new_ids[record.employee_number], unit_id=unit_ids[code])
        for record in preview.new
        for code in record.managed_unit_codes
    ]
    relinked = [d for d in preview.changed if any(c.field == "manages" for c in d.changes)]
    for chunk in chunks([d.person_id for d in relinked], CHUNK):
        through.objects.filter(person_id__in=chunk).delete()
    links += [
        through(person_id=d.person_id, unit_id=unit_ids[code])
        for d in relinked
        for code in d.record.managed_unit_codes
    ]
    through.objects.bulk_create(links, batch_size=CHUNK)


def deactivate_accounts(user_ids) -> None:
    """Close the accounts and delete every session they hold (ASVS 7.4.2)."""
    user_ids = set(user_ids)
    if not user_ids:
        return
    for chunk in chunks(user_ids, CHUNK):
        User.objects.filter(pk__in=chunk).update(is_active=False)
    from allauth.usersessions.models import UserSession

    for chunk in chunks(user_ids, CHUNK):
        keys = list(
            UserSession.objects.filter(user_id__in=chunk).values_list("session_key", flat=True)
        )
        Session.objects.filter(session_key__in=keys).delete()
        UserSession.objects.filter(user_id__in=chunk).delete()
    # Sessions not tracked by allauth: read the user id stored in each live session.
    wanted = {str(user_id) for user_id in user_ids}
    stale = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) in wanted
    ]
    for chunk in chunks(stale, CHUNK):
        Session.objects.filter(session_key__in=chunk).delete()


# --- Units -------------------------------------------------------------------------------------


@dataclass
class UnitsResult:
    rows: int = 0
    created: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)


def import_units(
    data: bytes, *, filename: str = "", user=None, dry_run: bool = False
) -> UnitsResult:
    """Create or update the organisation tree from a units file, all or nothing.

    Units missing from the file are kept (people may still belong to them). Raises
    ``FileRejected``; row errors are returned in ``result.errors`` with nothing written.
    """
    table = _read_import_file(data, filename)
    parsed = units_file.validate_units(table)
    result = UnitsResult(rows=len(table.rows), errors=parsed.errors)
    with transaction.atomic():
        existing = {
            row["code"]: row
            for row in Unit.objects.values("id", "code", "name", "kind", "parent__code")
        }
        result.errors += _tree_errors(parsed.records, existing, _parent_header(table.header))
        if result.errors:
            result.errors.sort(key=lambda error: error.line)
            return result
        to_write = _sort_units(parsed.records, existing, result)
        if dry_run:
            return result
        _write_units(to_write)
        batch = ImportBatch.objects.create(
            kind=ImportBatch.Kind.UNITS,
            created_by=user if user is not None and user.is_authenticated else None,
            filename=filename[:255],
            sha256=file_digest(data),
            rows=result.rows,
            created=len(result.created),
            changed=len(result.changed),
            unchanged=result.unchanged,
        )
        _audit_import(batch, user)
    return result


def _audit_import(batch: ImportBatch, user) -> None:
    audit.record(
        Kind.IMPORTED,
        actor=user if user is not None and user.is_authenticated else None,
        object_type="import",
        object_id=batch.pk,
        detail=f"{batch.kind}: {batch.created} new, {batch.changed} changed, {batch.left} left",
    )


def _parent_header(header: list[str]) -> str:
    """The parent column's name as the file writes it (for error messages)."""
    return next(
        (
            name
            for name in header
            if units_file.HEADER_TO_FIELD.get(hr_import.normalise_header(name)) == "parent_code"
        ),
        "parent_code",
    )


def _tree_errors(records, existing: dict, parent_header: str) -> list[RowError]:
    """Every parent is a known unit (in the file or stored), and no chain of parents loops."""
    parent_of = {code: row["parent__code"] or "" for code, row in existing.items()}
    parent_of.update({r.code: r.parent_code for r in records})
    errors = []
    for record in records:
        if record.parent_code and record.parent_code not in parent_of:
            message = _("Unknown unit code %(code)s.") % {"code": record.parent_code}
            errors.append(RowError(record.line, parent_header, message))
            continue
        seen, node = set(), record.code
        while node and node not in seen:
            seen.add(node)
            node = parent_of.get(node, "")
        if node:
            errors.append(RowError(record.line, parent_header, _("The parents form a loop.")))
    return errors


def _sort_units(records, existing: dict, result: UnitsResult) -> list:
    """Counts each record as created, changed or unchanged; returns those to write."""
    to_write = []
    for record in records:
        row = existing.get(record.code)
        if row is None:
            result.created.append(record.code)
            to_write.append(record)
        elif (row["name"], row["kind"], row["parent__code"] or "") != (
            record.name,
            record.kind,
            record.parent_code,
        ):
            result.changed.append(record.code)
            to_write.append(record)
        else:
            result.unchanged += 1
    return to_write


def _write_units(records) -> None:
    """Insert or update the units, then point each at its parent (which may be new too)."""
    Unit.objects.bulk_create(
        [Unit(code=r.code, name=r.name, kind=r.kind) for r in records],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "kind"],
        batch_size=CHUNK,
    )
    ids = dict(Unit.objects.values_list("code", "id"))
    update_rows(
        Unit,
        [ids[r.code] for r in records],
        {"parent": [ids[r.parent_code] if r.parent_code else None for r in records]},
    )


# --- Personal identity numbers -----------------------------------------------------------------


def reseal_identity_numbers() -> int:
    """Re-encrypt every stored number under the newest key, in one transaction; returns how
    many. The lookup hash does not change (its key is a separate one)."""
    with transaction.atomic():
        rows = list(
            Person.objects.exclude(identity_number_sealed="")
            .select_for_update()
            .values_list("pk", "identity_number_sealed")
        )
        update_rows(
            Person,
            [pk for pk, _token in rows],
            {"identity_number_sealed": [identity_seal.reseal(token) for _pk, token in rows]},
        )
    return len(rows)
