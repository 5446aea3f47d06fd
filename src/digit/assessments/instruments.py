"""Instrument services: the default instrument, freezing and versioning, item editing, and
the item-bank import and export (format in docs/item-bank.md).

An instrument is frozen when a wave that uses it opens; a frozen instrument never changes.
Editing it means editing a new version: a copy with ``previous_version`` set and the same
item keys (so waves stay comparable on the items they share).
"""

import csv
import io
import json
import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from digit.access.policy import may_manage_programme, may_read_reports
from digit.assessments import default_instrument
from digit.assessments.models import Instrument, Item
from digit.audit import services as audit
from digit.audit.models import Kind
from digit.competences.models import Competence, Framework
from digit.exporter import ListExporter, Row
from digit.formula_guard import restore

FIELDS = ("key", "kind", "competence", "domain", "text_sv", "text_en", "order")
MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ITEMS = 1000


class InstrumentFrozen(Exception):
    """A frozen instrument cannot be edited; edit a new version instead."""


def visible_instruments(user):
    """Instruments the user may read: programme staff and auditors see all of them."""
    if may_manage_programme(user) or may_read_reports(user):
        return Instrument.objects.select_related("framework", "previous_version")
    return Instrument.objects.none()


def may_edit_instruments(user) -> bool:
    return may_manage_programme(user)


def get_default_instrument() -> Instrument:
    """The newest version of Digit's default instrument (loaded by migration)."""
    return Instrument.objects.filter(name=default_instrument.NAME).latest("version")


def freeze_instrument(instrument: Instrument) -> Instrument:
    """Mark the instrument as frozen (called when a wave that uses it opens). Idempotent."""
    if instrument.frozen_at is None:
        instrument.frozen_at = timezone.now()
        frozen = Instrument.objects.filter(pk=instrument.pk, frozen_at__isnull=True).update(
            frozen_at=instrument.frozen_at
        )
        if frozen:
            audit.record(
                Kind.INSTRUMENT_FROZEN,
                object_type="instrument",
                object_id=instrument.pk,
                detail=str(instrument),
            )
    return instrument


@transaction.atomic
def new_version(instrument: Instrument) -> Instrument:
    """A copy of ``instrument`` with the next free version number, its items (same keys)
    and ``previous_version`` pointing at it; not frozen."""
    latest = Instrument.objects.filter(name=instrument.name).aggregate(v=Max("version"))["v"]
    copy = Instrument.objects.create(
        name=instrument.name,
        version=latest + 1,
        framework=instrument.framework,
        previous_version=instrument,
    )
    Item.objects.bulk_create(
        Item(
            instrument=copy,
            kind=item.kind,
            competence_id=item.competence_id,
            domain=item.domain,
            key=item.key,
            text_sv=item.text_sv,
            text_en=item.text_en,
            order=item.order,
        )
        for item in instrument.items.all()
    )
    return copy


def editable_version(instrument: Instrument) -> Instrument:
    """The instrument itself if it is not frozen; otherwise its newest unfrozen successor,
    or a new version made now."""
    if not instrument.is_frozen:
        return instrument
    successor = (
        Instrument.objects.filter(name=instrument.name, frozen_at__isnull=True)
        .order_by("-version")
        .first()
    )
    return successor or new_version(instrument)


def _ensure_editable(instrument: Instrument) -> None:
    # Read the flag from the database: another request may have frozen it meanwhile.
    frozen = (
        Instrument.objects.select_for_update()
        .filter(pk=instrument.pk, frozen_at__isnull=False)
        .exists()
    )
    if frozen:
        raise InstrumentFrozen


def _check_item(item: Item) -> None:
    item.full_clean(exclude=["instrument"], validate_unique=False, validate_constraints=False)
    if item.kind == Item.Kind.PRACTICE:
        if item.competence_id is not None or not item.domain:
            raise ValidationError(_("A work-practice item needs a domain and no competence."))
    elif item.competence_id is None or item.domain:
        raise ValidationError(_("A competence item needs a competence and no domain."))


@transaction.atomic
def save_item(item: Item) -> Item:
    """Create or update an item of an unfrozen instrument (kind, competence/domain, key
    unique in the instrument)."""
    _ensure_editable(item.instrument)
    _check_item(item)
    clash = Item.objects.filter(instrument=item.instrument, key=item.key).exclude(pk=item.pk)
    if clash.exists():
        raise ValidationError({"key": _("Another item of this instrument has this key.")})
    if item.competence_id is not None:
        framework_id = Competence.objects.filter(pk=item.competence_id).values_list(
            "area__framework_id", flat=True
        )[0]
        if framework_id != item.instrument.framework_id:
            raise ValidationError(_("The competence belongs to another framework."))
    item.save()
    return item


@transaction.atomic
def delete_item(item: Item) -> None:
    _ensure_editable(item.instrument)
    item.delete()


@transaction.atomic
def rename_instrument(instrument: Instrument, name: str) -> Instrument:
    _ensure_editable(instrument)
    instrument.name = name
    instrument.full_clean()
    instrument.save(update_fields=["name"])
    return instrument


# Item bank ---------------------------------------------------------------------------------


def item_bank_rows(instrument: Instrument) -> list[dict]:
    """The instrument's items as item-bank rows (see docs/item-bank.md)."""
    return [
        {
            "key": item.key,
            "kind": item.kind,
            "competence": item.competence.code if item.competence else "",
            "domain": item.domain,
            "text_sv": item.text_sv,
            "text_en": item.text_en,
            "order": item.order,
        }
        for item in instrument.items.select_related("competence")
    ]


def export_filename(instrument: Instrument) -> str:
    """The downloads' name without extension: the instrument's name and version."""
    return f"{slugify(instrument.name) or 'instrument'}-v{instrument.version}"


class ItemBankExporter(ListExporter):
    """The item bank as CSV with a header row (UTF-8 without a BOM, as the import reads it
    back); formula-safe like every table download."""

    sheet_title = "items"
    byte_order_mark = False

    def __init__(self, instrument: Instrument):
        self.instrument = instrument
        self.filename = export_filename(instrument)

    def header(self) -> Row:
        return FIELDS

    def rows(self) -> Iterable[Row]:
        return ([row[field] for field in FIELDS] for row in item_bank_rows(self.instrument))


def export_json(instrument: Instrument) -> str:
    document = {
        "format": "digit-item-bank",
        "format_version": 1,
        "name": instrument.name,
        "version": instrument.version,
        "framework": instrument.framework.slug,
        "items": item_bank_rows(instrument),
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


class ItemBankError(Exception):
    """The file cannot be imported; ``errors`` lists every problem found (row, message)."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def parse_item_bank(content: bytes, filename: str) -> tuple[dict, list[dict]]:
    """(header, rows) from a CSV or JSON item bank; header may hold name and framework."""
    if len(content) > MAX_IMPORT_BYTES:
        raise ItemBankError([_("The file is larger than 2 MB.")])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ItemBankError([_("The file is not UTF-8 text.")]) from error
    if filename.lower().endswith(".json"):
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise ItemBankError([_("The file is not valid JSON.")]) from error
        if not isinstance(document, dict) or not isinstance(document.get("items"), list):
            raise ItemBankError([_("The JSON document needs an “items” list.")])
        header = {k: document.get(k) for k in ("name", "framework") if document.get(k)}
        rows = document["items"]
    else:
        reader = csv.DictReader(io.StringIO(text))
        missing = [f for f in FIELDS if f not in (reader.fieldnames or [])]
        if missing:
            raise ItemBankError([_("Missing columns: %s") % ", ".join(missing)])
        header, rows = {}, list(reader)
    if len(rows) > MAX_IMPORT_ITEMS:
        raise ItemBankError([_("More than %d items.") % MAX_IMPORT_ITEMS])
    return header, rows


# Control characters other than tab and line breaks: never text, and NUL cannot be stored in
# PostgreSQL (and marks the slots of the cached form, assessments.form_document).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean_cell(value) -> str:
    text = "" if value is None else str(value).strip()
    return restore(text)  # a round trip of our own export keeps the text


@transaction.atomic
def import_item_bank(*, content: bytes, filename: str, name: str = "", framework=None):
    """Validate every row, then create a new instrument with all items — or nothing.

    Checks: known kind; competence code known in the framework (competence items) or a known
    domain (practice items); non-empty texts; unique keys; order a whole number. Raises
    ItemBankError listing every problem.
    """
    header, rows = parse_item_bank(content, filename)
    if framework is None:
        slug = header.get("framework") or default_instrument.FRAMEWORK_SLUG
        framework = Framework.objects.filter(slug=slug).first()
        if framework is None:
            raise ItemBankError([_("Unknown framework “%s”.") % slug])
    name = (name or header.get("name") or "").strip() or _("Imported instrument")
    competences = {c.code: c for c in Competence.objects.filter(area__framework=framework)}
    errors: list[str] = []
    items: list[Item] = []
    seen: set[str] = set()
    for number, raw in enumerate(rows, start=1):
        if not isinstance(raw, dict):
            errors.append(_("Row %d: not an item.") % number)
            continue
        row = {field: _clean_cell(raw.get(field)) for field in FIELDS}
        item = _item_from_row(number, row, seen, competences)
        seen.add(row["key"])
        if isinstance(item, str):
            errors.append(item)
        else:
            items.append(item)
    if not rows:
        errors.append(_("The file holds no items."))
    if errors:
        raise ItemBankError(errors)
    latest = Instrument.objects.filter(name=name).aggregate(v=Max("version"))["v"] or 0
    instrument = Instrument.objects.create(name=name, version=latest + 1, framework=framework)
    for item in items:
        item.instrument = instrument
    Item.objects.bulk_create(items)
    return instrument


def _item_from_row(number: int, row: dict, seen: set, competences: dict) -> Item | str:
    """The (unsaved) item of a cleaned row, or the row's problems in one message."""
    problems = []
    if not row["key"]:
        problems.append(_("key is empty"))
    elif len(row["key"]) > 40:
        problems.append(_("key is longer than 40 characters"))
    elif row["key"] in seen:
        problems.append(_("duplicate key “%s”") % row["key"])
    competence, kind_problems = _competence_of(row, competences)
    problems += kind_problems
    if not row["text_sv"] or not row["text_en"]:
        problems.append(_("Swedish and English text are both required"))
    if any(_CONTROL.search(value) for value in row.values()):
        problems.append(_("a cell contains a control character"))
    order = _order(row["order"], default=number)
    if order is None:
        problems.append(_("order must be a whole number"))
    if problems or order is None:
        return _("Row %(row)d: %(problems)s.") % {"row": number, "problems": "; ".join(problems)}
    return Item(
        kind=row["kind"],
        competence=competence,
        domain=row["domain"] if row["kind"] == Item.Kind.PRACTICE else "",
        key=row["key"],
        text_sv=row["text_sv"],
        text_en=row["text_en"],
        order=order,
    )


def _competence_of(row: dict, competences: dict) -> tuple[Competence | None, list[str]]:
    """A competence item's competence, and what is wrong with the row's kind, domain and
    competence (a practice item has a domain and no competence)."""
    if row["kind"] not in Item.Kind.values:
        return None, [_("unknown kind “%s”") % row["kind"]]
    problems = []
    if row["kind"] == Item.Kind.PRACTICE:
        if row["domain"] not in Item.Domain.values:
            problems.append(_("unknown domain “%s”") % row["domain"])
        if row["competence"]:
            problems.append(_("a work practice has no competence"))
        return None, problems
    competence = competences.get(row["competence"])
    if competence is None:
        problems.append(_("unknown competence “%s”") % row["competence"])
    if row["domain"]:
        problems.append(_("a competence item has no domain"))
    return competence, problems


def _order(text: str, *, default: int) -> int | None:
    """The item's place (0–32767), ``default`` when blank, None when not a whole number."""
    if not text:
        return default
    try:
        order = int(text)
    except ValueError:
        return None
    return order if 0 <= order <= 32767 else None
