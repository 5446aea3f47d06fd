"""Item-bank import (all or nothing, validated) and export (round trip, formula-safe)."""

import csv
import io
import json

import pytest
from django.utils import translation

from digit.assessments import instruments
from digit.assessments.instruments import (
    ItemBankError,
    ItemBankExporter,
    export_json,
    get_default_instrument,
    import_item_bank,
)
from digit.assessments.models import Instrument, Item

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


HEADER = "key,kind,competence,domain,text_sv,text_en,order\r\n"


def csv_bytes(*rows: str) -> bytes:
    return (HEADER + "\r\n".join(rows) + "\r\n").encode()


def export_csv(instrument: Instrument) -> str:
    """The item bank's CSV download, as text."""
    return ItemBankExporter(instrument).response("csv").content.decode()


def test_export_then_import_gives_the_same_items():
    default = get_default_instrument()
    for exported, filename in ((export_csv(default), "bank.csv"), (export_json(default), "b.json")):
        copy = import_item_bank(content=exported.encode(), filename=filename, name="Copy")
        assert instruments.item_bank_rows(copy) == instruments.item_bank_rows(default)


def test_json_export_names_the_format_framework_and_version():
    document = json.loads(export_json(get_default_instrument()))
    assert document["format"] == "digit-item-bank"
    assert document["framework"] == "digcomp-2.2"
    assert len(document["items"]) == get_default_instrument().items.count()
    assert set(document["items"][0]) == set(instruments.FIELDS)


def test_import_creates_a_new_instrument_with_the_items():
    instrument = import_item_bank(
        content=csv_bytes(
            "X-1,skill,1.1,,Jag kan söka,I can search,2",
            "X-2,practice,,produce,gjort film,made a film,1",
        ),
        filename="bank.csv",
        name="Our bank",
    )
    assert (instrument.name, instrument.version, instrument.is_frozen) == ("Our bank", 1, False)
    assert list(instrument.items.values_list("key", flat=True)) == ["X-2", "X-1"]
    assert instrument.items.get(key="X-1").competence.code == "1.1"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("X-1,skill,9.9,,sv,en,1", "unknown competence"),
        ("X-1,talent,1.1,,sv,en,1", "unknown kind"),
        ("X-1,practice,,gardening,sv,en,1", "unknown domain"),
        ("X-1,skill,1.1,,,en,1", "Swedish and English"),
        ("X-1,skill,1.1,,sv,en,first", "whole number"),
        (",skill,1.1,,sv,en,1", "key is empty"),
        ("X-1,skill,1.1,,s\x00v,en,1", "control character"),
        ("X-1,skill,1.1,,sv,e\x1bn,1", "control character"),
    ],
)
def test_a_bad_row_imports_nothing_and_says_why(row, message):
    before = Instrument.objects.count(), Item.objects.count()
    with pytest.raises(ItemBankError) as error:
        import_item_bank(
            content=csv_bytes("OK-1,skill,1.1,,sv,en,1", row), filename="bank.csv", name="Bad"
        )
    assert any(message in text and "Row 2" in text for text in error.value.errors)
    assert (Instrument.objects.count(), Item.objects.count()) == before


def test_duplicate_keys_are_refused():
    with pytest.raises(ItemBankError) as error:
        import_item_bank(
            content=csv_bytes("A,skill,1.1,,sv,en,1", "A,knowledge,1.1,,sv,en,2"),
            filename="bank.csv",
        )
    assert "duplicate key" in error.value.errors[0]
    assert not Instrument.objects.filter(name="Imported instrument").exists()


def test_every_problem_is_listed_at_once():
    with pytest.raises(ItemBankError) as error:
        import_item_bank(
            content=csv_bytes("A,skill,7.7,,sv,en,1", "B,talent,1.1,,sv,en,2"),
            filename="bank.csv",
        )
    assert len(error.value.errors) == 2


def test_missing_columns_and_broken_files_are_refused():
    with pytest.raises(ItemBankError, match="Missing columns"):
        import_item_bank(content=b"key,kind\r\nA,skill\r\n", filename="bank.csv")
    with pytest.raises(ItemBankError, match="JSON"):
        import_item_bank(content=b"{not json", filename="bank.json")
    with pytest.raises(ItemBankError, match="UTF-8"):
        import_item_bank(content="nyckel;å".encode("latin-1"), filename="bank.csv")
    with pytest.raises(ItemBankError, match="no items"):
        import_item_bank(content=HEADER.encode(), filename="bank.csv")


def test_export_neutralises_formulas_and_import_restores_the_text():
    source = import_item_bank(
        content=csv_bytes(
            '"=HYPERLINK(""http://x"")",skill,1.1,,"+sv","-en",1',
            '"@SUM(A1)",skill,1.2,,"\tsv","=en",2',
        ),
        filename="bank.csv",
        name="Formulas",
    )
    exported = export_csv(source)
    for row in csv.DictReader(io.StringIO(exported)):
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert "'=HYPERLINK" in exported
    again = import_item_bank(content=exported.encode(), filename="again.csv", name="Again")
    assert instruments.item_bank_rows(again) == instruments.item_bank_rows(source)


def test_import_of_an_existing_name_gets_the_next_version():
    first = import_item_bank(content=csv_bytes("A,skill,1.1,,sv,en,1"), filename="a.csv", name="N")
    second = import_item_bank(content=csv_bytes("A,skill,1.1,,sv,en,1"), filename="a.csv", name="N")
    assert (first.version, second.version) == (1, 2)
