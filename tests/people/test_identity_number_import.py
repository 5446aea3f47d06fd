"""The personal identity number in the HR import: optional column, errors with line and column
that never repeat the number, stored encrypted with a lookup hash, birth year and gender
derived only when their columns are missing, and key rotation."""

import datetime
import io

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import translation
from stdnum import luhn

from digit.people import identity_seal
from digit.people.models import Person
from digit.people.services import commit_people_import, preview_people_import
from tests.people.files import HEADER_EN, HEADER_SV, csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db


def unassignable(born: datetime.date, serial: int) -> str:
    """A checksum-valid number for someone born before 1840: never assigned to a real person
    (numbers were first given in 1947, to the living)."""
    assert born.year < 1840
    nine = f"{born:%y%m%d}{serial:03d}"
    return f"{born.year // 100}{nine}{luhn.calc_check_digit(nine)}"


NUMBER = unassignable(datetime.date(1831, 5, 17), 482)  # serial 482: third digit even → woman
OTHER = unassignable(datetime.date(1832, 8, 2), 135)  # odd → man


def with_number(header, rows, numbers, column="personnummer"):
    return [*header, column], [[*r, n] for r, n in zip(rows, numbers, strict=True)]


def hr_file(numbers, *, column="personnummer", header=HEADER_SV, drop=(), fmt="csv"):
    rows = [row(str(1001 + i)) for i in range(len(numbers))]
    keep = [i for i, name in enumerate(header) if name not in drop]
    header = [header[i] for i in keep]
    rows = [[r[i] for i in keep] for r in rows]
    header, rows = with_number(header, rows, numbers, column)
    return (xlsx_bytes if fmt == "xlsx" else csv_bytes)(rows, header=header)


def all_stored_text() -> str:
    """Every column of every person as the database holds it."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Person._meta.db_table}")  # noqa: S608
        return repr(cursor.fetchall())


@pytest.mark.parametrize("column", ["personnummer", "personnr", "personal_identity_number"])
def test_the_column_is_optional_and_accepted_under_each_name(organisation, column):
    header = HEADER_EN if column == "personal_identity_number" else HEADER_SV
    preview = preview_people_import(hr_file([NUMBER], column=column, header=header))
    assert preview.errors == []
    assert preview.new[0].identity_number.canonical == NUMBER
    assert preview_people_import(csv_bytes([row("1001")])).errors == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_bad_number_is_an_error_with_line_and_column_and_no_value(organisation, fmt):
    wrong_check = NUMBER[:-1] + str((int(NUMBER[-1]) + 3) % 10)
    preview = preview_people_import(
        hr_file([NUMBER, wrong_check, "18310230-1234", "12345"], fmt=fmt),
        filename=f"hr.{fmt}",
    )
    assert [(e.line, e.column) for e in preview.errors] == [
        (3, "personnummer"),
        (4, "personnummer"),
        (5, "personnummer"),
    ]
    messages = [e.message for e in preview.errors]
    assert "check digit" in messages[0]
    assert "does not exist" in messages[1]
    assert "10 or 12 digits" in messages[2]
    for message in messages:
        assert wrong_check not in message and wrong_check[2:] not in message
        assert "0230" not in message and "12345" not in message


def test_a_number_is_stored_encrypted_with_a_lookup_hash_and_no_plaintext(organisation):
    commit_people_import(hr_file([NUMBER, OTHER]))
    person = Person.objects.get(employee_number="1001")
    assert identity_seal.unseal(person.identity_number_sealed) == NUMBER
    assert person.identity_number_digest == identity_seal.lookup_digest(NUMBER)
    stored = all_stored_text()
    for number in (NUMBER, OTHER):
        for form in (number, number[2:], f"{number[:8]}-{number[8:]}", f"{number[2:8]}"):
            assert form not in stored.replace(person.identity_number_digest, "")


def test_birth_year_and_gender_derived_only_when_their_columns_are_missing(organisation):
    commit_people_import(hr_file([NUMBER, OTHER], drop=("kön", "födelseår")))
    woman, man = Person.objects.order_by("employee_number")[:2]
    assert (woman.birth_year, woman.gender) == (1831, "woman")
    assert (man.birth_year, man.gender) == (1832, "man")
    commit_people_import(hr_file([NUMBER, OTHER]))  # the file's own columns win
    woman, man = Person.objects.order_by("employee_number")[:2]
    assert (woman.birth_year, woman.gender) == (1975, "woman")
    assert (man.birth_year, man.gender) == (1975, "woman")


def test_a_changed_number_is_a_change_shown_without_values_and_the_same_is_none(organisation):
    commit_people_import(hr_file([NUMBER]))
    assert preview_people_import(hr_file([NUMBER])).unchanged == 1
    preview = preview_people_import(hr_file([OTHER]))
    (diff,) = preview.changed
    (change,) = diff.changes
    assert (change.field, change.before, change.after) == (
        "personal_identity_number",
        "(hidden)",
        "(hidden)",
    )
    commit_people_import(hr_file([OTHER]))
    person = Person.objects.get(employee_number="1001")
    assert identity_seal.unseal(person.identity_number_sealed) == OTHER


def test_a_file_without_the_column_keeps_the_stored_number(organisation):
    commit_people_import(hr_file([NUMBER]))
    commit_people_import(csv_bytes([row("1001")]))
    person = Person.objects.get(employee_number="1001")
    assert identity_seal.unseal(person.identity_number_sealed) == NUMBER


def test_a_blank_cell_clears_the_number(organisation):
    commit_people_import(hr_file([NUMBER]))
    commit_people_import(hr_file([""]))
    person = Person.objects.get(employee_number="1001")
    assert (person.identity_number_sealed, person.identity_number_digest) == ("", "")


def test_key_rotation_reencrypts_under_the_new_key_and_the_old_key_can_go(organisation, settings):
    old_key = settings.IDENTITY_NUMBER_KEYS[0]
    commit_people_import(hr_file([NUMBER, OTHER]))
    new_key = Fernet.generate_key().decode()
    with override_settings(IDENTITY_NUMBER_KEYS=[new_key, old_key]):
        call_command("rotate_identity_number_keys", stdout=io.StringIO())
    with override_settings(IDENTITY_NUMBER_KEYS=[new_key]):
        tokens = list(
            Person.objects.exclude(identity_number_sealed="").values_list(
                "identity_number_sealed", flat=True
            )
        )
        assert sorted(identity_seal.unseal(t) for t in tokens) == sorted([NUMBER, OTHER])
    with override_settings(IDENTITY_NUMBER_KEYS=[old_key]), pytest.raises(InvalidToken):
        identity_seal.unseal(tokens[0])
    digest = Person.objects.get(employee_number="1001").identity_number_digest
    assert digest == identity_seal.lookup_digest(NUMBER)  # lookups survive the rotation


def test_the_error_is_in_swedish_in_the_swedish_interface(organisation):
    with translation.override("sv"):
        preview = preview_people_import(hr_file(["18310230-1234"]))
    assert preview.errors[0].message == "Personnumret innehåller ett datum som inte finns."


@pytest.mark.parametrize(
    ("value", "stored"),
    [("2", "isced_1_2"), ("gymnasial", "isced_3_4"), ("ISCED 5-8", "isced_5_8"), ("", "")],
)
def test_the_optional_education_column(organisation, value, stored):
    header, rows = [*HEADER_SV, "utbildningsnivå"], [[*row("1001"), value]]
    commit_people_import(csv_bytes(rows, header=header))
    assert Person.objects.get(employee_number="1001").education_level == stored


def test_an_unknown_education_level_is_an_error_with_line_and_column(organisation):
    header, rows = [*HEADER_SV, "utbildningsnivå"], [[*row("1001"), "doktor honoris"]]
    preview = preview_people_import(csv_bytes(rows, header=header))
    assert [(e.line, e.column) for e in preview.errors] == [(2, "utbildningsnivå")]
