"""Committing an HR import: all or nothing, idempotent, leavers marked, accounts in step."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.sessions.models import Session
from django.db import DatabaseError, connection
from django.urls import reverse
from django.utils import timezone

from digit.access.models import User
from digit.people.models import ImportBatch, Person
from digit.people.services import (
    ImportRejected,
    StaleImport,
    commit_people_import,
    preview_people_import,
)
from tests.factories import make_person
from tests.people.files import csv_bytes, row

pytestmark = pytest.mark.django_db


def row_for(person, **changes):
    """The HR row that describes ``person`` exactly as stored."""
    values = dict(
        number=person.employee_number,
        first=person.first_name,
        last=person.last_name,
        email=person.email,
        unit=person.unit.code,
        manager="ja" if person.is_manager else "nej",
        manages="|".join(sorted(u.code for u in person.managed_units.all())),
        gender={"woman": "kvinna", "man": "man"}[person.gender],
        birth_year=str(person.birth_year),
        start="",
        end="",
        cost=str(person.hourly_cost).replace(".", ","),
    )
    values.update(changes)
    return row(**values)


def snapshot():
    """Everything an import may touch, as comparable values."""
    people = list(Person.objects.order_by("pk").values())
    managed = list(Person.managed_units.through.objects.order_by("pk").values_list())
    users = list(User.objects.order_by("pk").values("pk", "email", "is_active", "password"))
    return people, managed, users, ImportBatch.objects.count()


def current_file(organisation, *extra):
    keys = ["library_manager", "museum_manager", "employee_a", "employee_b", "employee_museum"]
    return csv_bytes([row_for(organisation[key]) for key in keys] + list(extra))


def test_first_import_creates_people_accounts_and_managed_units(organisation, staff):
    data = current_file(
        organisation,
        row(
            "2001",
            "Åsa",
            "Öberg",
            "asa.oberg@kultur.example.se",
            "LIB-B",
            "ja",
            "LIB-B",
            "kvinna",
            "1970",
            "2001-02-01",
            "",
            "410,50",
        ),
        row(
            "2002",
            "Örjan",
            "Ek",
            "orjan.ek@kultur.example.se",
            "LIB-B",
            "nej",
            "",
            "man",
            "1990",
            "2019-09-02 00:00",
            "2025-12-31",
            "300",
        ),
    )
    batch = commit_people_import(data, filename="personal.csv", user=staff)
    asa = Person.objects.get(employee_number="2001")
    assert (asa.first_name, asa.last_name, asa.unit.code, asa.is_manager) == (
        "Åsa",
        "Öberg",
        "LIB-B",
        True,
    )
    assert [u.code for u in asa.managed_units.all()] == ["LIB-B"]
    assert asa.hourly_cost == Decimal("410.50")
    assert asa.employment_start == datetime.date(2001, 2, 1)
    assert asa.user.email == "asa.oberg@kultur.example.se"
    assert not asa.user.has_usable_password()
    assert asa.user.is_active
    orjan = Person.objects.get(employee_number="2002")
    assert orjan.employment_end == datetime.date(2025, 12, 31)
    assert orjan.managed_units.count() == 0
    assert (batch.kind, batch.created_by, batch.rows, batch.created, batch.changed) == (
        "people",
        staff,
        7,
        2,
        0,
    )
    assert (batch.unchanged, batch.left, batch.full) == (5, 0, True)
    assert len(batch.sha256) == 64


def test_reimporting_the_same_file_changes_nothing(organisation):
    data = current_file(organisation, row("2001"), row("2002", manager="ja"))
    commit_people_import(data)
    before = snapshot()
    preview = preview_people_import(data)
    assert (preview.new, preview.changed, preview.leaving, preview.unchanged) == ([], [], [], 7)
    batch = commit_people_import(data)
    people, managed, users, batches = snapshot()
    assert (people, managed, users) == before[:3]
    assert batches == before[3] + 1  # only the audit row is added
    assert (batch.created, batch.changed, batch.unchanged, batch.left) == (0, 0, 7, 0)


def test_a_changed_row_is_previewed_before_and_after_and_written(organisation):
    employee = organisation["employee_a"]
    data = current_file(organisation)
    data = csv_bytes(
        [
            row_for(
                employee,
                last="Nyström",
                email="ny.adress@kultur.example.se",
                unit="LIB-B",
                cost="350,00",
            ),
            *[
                row_for(organisation[k])
                for k in ("library_manager", "museum_manager", "employee_b", "employee_museum")
            ],
        ]
    )
    preview = preview_people_import(data)
    [diff] = preview.changed
    assert [(c.field, c.before, c.after) for c in diff.changes] == [
        ("last_name", employee.last_name, "Nyström"),
        ("email", employee.email, "ny.adress@kultur.example.se"),
        ("unit", "LIB-A", "LIB-B"),
        ("hourly_cost", "320.00", "350.00"),
    ]
    commit_people_import(data)
    employee.refresh_from_db()
    assert (employee.last_name, employee.unit.code, employee.hourly_cost) == (
        "Nyström",
        "LIB-B",
        Decimal("350.00"),
    )
    assert employee.user.email == "ny.adress@kultur.example.se"  # the account follows


def test_people_missing_from_a_full_import_are_marked_left_and_signed_out(organisation, client):
    leaver = organisation["employee_museum"]
    client.force_login(leaver.user)
    assert client.get(reverse("web:home")).status_code == 200
    assert Session.objects.count() == 1
    keys = ["library_manager", "museum_manager", "employee_a", "employee_b"]
    data = csv_bytes([row_for(organisation[k]) for k in keys])
    preview = preview_people_import(data)
    assert [p.employee_number for p in preview.leaving] == [leaver.employee_number]
    batch = commit_people_import(data)
    leaver.refresh_from_db()
    assert leaver.left_on == timezone.localdate()
    assert Person.objects.filter(pk=leaver.pk).exists()  # never deleted
    assert not leaver.user.is_active
    assert Session.objects.count() == 0
    assert client.get(reverse("web:home")).status_code == 302  # signed out
    assert batch.left == 1
    assert commit_people_import(data).left == 0  # already marked


def test_a_person_on_a_row_with_errors_is_not_listed_as_leaving(organisation):
    keys = ["library_manager", "museum_manager", "employee_a", "employee_b"]
    rows = [row_for(organisation[k]) for k in keys]
    rows.append(row_for(organisation["employee_museum"], email="broken"))
    preview = preview_people_import(csv_bytes(rows))
    assert len(preview.errors) == 1
    assert preview.leaving == []


def test_a_partial_import_marks_nobody_as_left(organisation):
    data = csv_bytes([row_for(organisation["employee_a"], first="Annika")])
    preview = preview_people_import(data, full=False)
    assert preview.leaving == [] and len(preview.changed) == 1
    commit_people_import(data, full=False)
    assert Person.objects.current().count() == 5
    assert Person.objects.get(pk=organisation["employee_a"].pk).first_name == "Annika"


def test_a_leaver_who_comes_back_is_current_again(organisation):
    keys = ["library_manager", "museum_manager", "employee_a", "employee_b"]
    commit_people_import(csv_bytes([row_for(organisation[k]) for k in keys]))
    returner = Person.objects.get(pk=organisation["employee_museum"].pk)
    assert returner.left_on is not None
    preview = preview_people_import(current_file(organisation))
    assert [c.field for c in preview.changed[0].changes] == ["left_on"]
    commit_people_import(current_file(organisation))
    returner.refresh_from_db()
    assert returner.left_on is None and returner.user.is_active


def test_an_error_on_the_last_row_writes_nothing(organisation):
    before = snapshot()
    rows = [row(str(3000 + n)) for n in range(200)] + [row("3999", start="2021-02-30")]
    with pytest.raises(ImportRejected) as rejected:
        commit_people_import(current_file(organisation, *rows))
    assert [(e.line, e.column) for e in rejected.value.preview.errors] == [(207, "anställd_från")]
    assert snapshot() == before


@pytest.mark.parametrize("table", ["people_importbatch", "people_person_managed_units"])
def test_a_database_failure_at_the_end_rolls_everything_back(organisation, table):
    before = snapshot()
    keys = ["library_manager", "museum_manager", "employee_b", "employee_museum"]
    rows = [row_for(organisation[k]) for k in keys]
    rows += [row(str(3000 + n), manager="ja") for n in range(200)]
    rows.append(row_for(organisation["employee_a"], first="Changed"))

    def fail_on_last_insert(execute, sql, params, many, context):
        if sql.startswith(f'INSERT INTO "{table}"'):
            raise DatabaseError("injected failure")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail_on_last_insert), pytest.raises(DatabaseError):
        commit_people_import(csv_bytes(rows))
    assert snapshot() == before


def test_a_preview_that_is_out_of_date_is_refused(organisation):
    data = current_file(organisation, row("2001"))
    preview = preview_people_import(data)
    make_person(organisation["branch_a"])  # someone changed the register meanwhile
    before = snapshot()
    with pytest.raises(StaleImport):
        commit_people_import(data, expected_state=preview.state)
    assert snapshot() == before
    assert commit_people_import(data, expected_state=preview_people_import(data).state)


def test_two_people_may_swap_email_addresses(organisation):
    a, b = organisation["employee_a"], organisation["employee_b"]
    data = csv_bytes(
        [
            row_for(a, email=b.email),
            row_for(b, email=a.email),
            *[
                row_for(organisation[k])
                for k in ("library_manager", "museum_manager", "employee_museum")
            ],
        ]
    )
    commit_people_import(data)
    a_email, b_email = a.email, b.email
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.email, b.email) == (b_email, a_email)
    assert (a.user.email, b.user.email) == (b_email, a_email)


def test_an_email_held_by_someone_outside_the_file_is_an_error(organisation):
    taken = organisation["employee_museum"].email
    data = csv_bytes([row("2001", email=taken)])
    preview = preview_people_import(data, full=False)
    assert [(e.line, e.column) for e in preview.errors] == [(2, "e-post")]
    assert "is used by employee" in preview.errors[0].message


def test_an_existing_free_account_with_the_same_email_is_linked(organisation):
    account = User.objects.create_user("asa@kultur.example.se", "a long enough password 1")
    commit_people_import(csv_bytes([row("2001", email="asa@kultur.example.se")]), full=False)
    person = Person.objects.get(employee_number="2001")
    assert person.user == account
    assert account.has_usable_password() is True


def test_a_person_without_account_gets_one(organisation):
    person = make_person(organisation["branch_a"], with_account=False)
    data = current_file(organisation, row_for(person))
    [diff] = preview_people_import(data).changed
    assert [c.field for c in diff.changes] == ["account"]
    commit_people_import(data)
    person.refresh_from_db()
    assert person.user.email == person.email
    assert preview_people_import(data).changed == []


def test_manager_flag_and_managed_units_follow_the_file(organisation):
    manager = organisation["library_manager"]
    employee = organisation["employee_b"]
    data = csv_bytes(
        [
            row_for(manager, manager="nej", manages=""),
            row_for(employee, manager="ja", manages="LIB|LIB-B"),
            *[
                row_for(organisation[k])
                for k in ("museum_manager", "employee_a", "employee_museum")
            ],
        ]
    )
    commit_people_import(data)
    manager.refresh_from_db()
    employee.refresh_from_db()
    assert not manager.is_manager and manager.managed_units.count() == 0
    assert employee.is_manager
    assert sorted(u.code for u in employee.managed_units.all()) == ["LIB", "LIB-B"]


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_imports_at_once_run_one_after_the_other(organisation):
    if connection.vendor != "postgresql":
        pytest.skip("row locks and parallel transactions need PostgreSQL")
    import threading

    from django.db import connections

    data = current_file(organisation, *[row(str(5000 + n)) for n in range(300)])
    outcomes = []

    def run():
        try:
            outcomes.append(commit_people_import(data).created)
        except Exception as error:  # noqa: BLE001 (recorded for the assertion)
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [0, 300]
    assert Person.objects.count() == 305
