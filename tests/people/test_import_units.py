"""The units file: the organisation tree created and updated idempotently."""

import pytest
from django.core.management import CommandError, call_command

from digit.people.models import ImportBatch, Unit
from digit.people.services import import_units
from digit.people.spreadsheet import FileRejected
from tests.people.files import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = ["kod", "namn", "överordnad", "typ"]
TREE = [
    ["SSB", "Stockholms stadsbibliotek", "KUL", "avdelning"],
    ["SSB-D1", "Distrikt Innerstaden", "SSB", "enhet"],
    ["SSB-01", "Kungsholmens bibliotek", "SSB-D1", "enhet"],
    ["SA", "Stadsarkivet", "KUL", "department"],
]


def tree():
    return {u.code: (u.name, u.kind, u.parent.code if u.parent else "") for u in Unit.objects.all()}


def test_units_are_created_under_the_existing_administration():
    assert Unit.objects.filter(code="KUL").exists()  # from the seed migration
    result = import_units(csv_bytes(TREE, header=HEADER), filename="enheter.csv")
    assert result.errors == []
    assert sorted(result.created) == ["SA", "SSB", "SSB-01", "SSB-D1"]
    assert tree()["SSB-01"] == ("Kungsholmens bibliotek", "unit", "SSB-D1")
    assert tree()["SA"] == ("Stadsarkivet", "department", "KUL")
    assert ImportBatch.objects.get().kind == "units"


def test_reimporting_the_units_file_changes_nothing():
    data = xlsx_bytes(TREE, header=HEADER)
    import_units(data)
    before = tree()
    result = import_units(data)
    assert (result.created, result.changed, result.unchanged) == ([], [], 4)
    assert tree() == before


def test_names_kinds_and_parents_are_updated():
    import_units(csv_bytes(TREE, header=HEADER))
    moved = [*TREE[:2], ["SSB-01", "Kungsholmens bibliotek", "SSB", "enhet"], TREE[3]]
    moved[3] = ["SA", "Stadsarkivet i Stockholm", "KUL", "avdelning"]
    result = import_units(csv_bytes(moved, header=HEADER))
    assert sorted(result.changed) == ["SA", "SSB-01"]
    assert tree()["SSB-01"][2] == "SSB"
    assert tree()["SA"][0] == "Stadsarkivet i Stockholm"


def test_english_headers_and_parent_order_do_not_matter():
    rows = [["C", "Child", "P", "unit"], ["P", "Parent", "", "administration"]]
    result = import_units(csv_bytes(rows, header=["code", "name", "parent_code", "kind"], sep=","))
    assert result.errors == []
    assert tree()["C"][2] == "P" and tree()["P"][2] == ""


def test_row_errors_write_nothing():
    rows = [
        ["A", "A", "NOPE", "enhet"],
        ["B", "", "KUL", "enhet"],
        ["C", "C", "KUL", "kontor"],
        ["C", "C igen", "KUL", "enhet"],
        ["L1", "Loop 1", "L2", "enhet"],
        ["L2", "Loop 2", "L1", "enhet"],
    ]
    before = tree()
    result = import_units(csv_bytes(rows, header=HEADER))
    assert [(e.line, e.column) for e in result.errors] == [
        (2, "överordnad"),
        (3, "namn"),
        (4, "typ"),
        (5, "kod"),
        (6, "överordnad"),
        (7, "överordnad"),
    ]
    assert tree() == before
    result = import_units(csv_bytes([rows[0], rows[4], rows[5]], header=HEADER))
    assert [(e.line, e.message) for e in result.errors] == [
        (2, "Unknown unit code NOPE."),
        (3, "The parents form a loop."),
        (4, "The parents form a loop."),
    ]
    assert tree() == before


def test_unknown_columns_reject_the_units_file():
    with pytest.raises(FileRejected, match="Unknown columns: chef"):
        import_units(csv_bytes([["A", "A", "", "", "x"]], header=[*HEADER, "chef"]))


def test_the_command_imports_and_reports(tmp_path, capsys):
    path = tmp_path / "enheter.csv"
    path.write_bytes(csv_bytes(TREE, header=HEADER))
    call_command("import_units", str(path), "--dry-run")
    assert "4 new" in capsys.readouterr().out
    assert not Unit.objects.filter(code="SSB").exists()
    call_command("import_units", str(path))
    assert Unit.objects.filter(code="SSB-01").exists()
    path.write_bytes(csv_bytes([["X", "X", "NOPE", ""]], header=HEADER))
    with pytest.raises(CommandError, match="1 errors"):
        call_command("import_units", str(path))
    assert "line 2, överordnad: Unknown unit code NOPE." in capsys.readouterr().err
