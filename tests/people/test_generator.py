"""The synthetic administration: deterministic, realistic, and readable by the importer."""

import collections
import datetime

import pytest
from django.core.management import call_command

from digit.demo import generator
from digit.people.models import Person
from digit.people.services import commit_people_import, import_units, preview_people_import


@pytest.fixture(scope="module")
def organisation():
    return generator.generate(1100, 2019)


def department_of(organisation):
    parent = {u.code: u.parent_code for u in organisation.units}

    def find(code):
        while parent[code] not in (generator.ROOT_CODE, ""):
            code = parent[code]
        return code

    return find


def test_the_same_seed_gives_the_same_organisation(organisation):
    assert generator.generate(1100, 2019) == organisation
    assert generator.generate(1100, 2020).employees != organisation.employees


def test_department_shares_follow_the_reference(organisation):
    find = department_of(organisation)
    counts = collections.Counter(find(e.unit_code) for e in organisation.employees)
    share = {code: counts[code] / 1100 for code in counts}
    assert 0.40 <= share["SSB"] <= 0.50  # Stockholms stadsbibliotek
    assert 0.20 <= share["KS"] <= 0.30  # Kulturskolan
    assert 0.05 <= share["SM"] <= 0.10
    assert 0.04 <= share["SA"] <= 0.10
    names = {u.name for u in organisation.units if u.kind == "department"}
    assert {
        "Stockholms stadsbibliotek",
        "Kulturskolan Stockholm",
        "Stadsmuseet i Stockholm",
        "Medeltidsmuseet",
        "Stadsarkivet",
        "Liljevalchs konsthall",
        "Stockholm konst",
        "Kulturstrategiska avdelningen",
        "Stab / administrativa avdelningen",
    } == names


def test_the_library_has_about_forty_branches_in_districts(organisation):
    districts = [u for u in organisation.units if u.name.startswith("Distrikt ")]
    branches = [u for u in organisation.units if u.parent_code in {d.code for d in districts}]
    assert len(districts) == 4
    assert 35 <= len(branches) <= 45


def test_every_unit_has_a_manager_and_about_one_in_twelve_manages(organisation):
    managed = collections.Counter(code for e in organisation.employees for code in e.manages)
    assert set(managed) == {u.code for u in organisation.units}
    assert set(managed.values()) == {1}
    managers = [e for e in organisation.employees if e.is_manager]
    assert 0.06 <= len(managers) / 1100 <= 0.10
    assert all(e.manages == (e.unit_code,) for e in managers)


def test_gender_age_and_cost_distributions(organisation):
    people = organisation.employees
    genders = collections.Counter(e.gender for e in people)
    assert 0.60 <= genders["woman"] / 1100 <= 0.70
    assert 0.28 <= genders["man"] / 1100 <= 0.38
    assert 0.005 <= (genders["other"] + genders["not_stated"]) / 1100 <= 0.04
    ages = [generator.REFERENCE_DATE.year - e.birth_year for e in people]
    assert min(ages) >= 20 and max(ages) <= 67
    assert all(250 <= e.hourly_cost <= 450 for e in people)
    assert all(e.employment_start <= generator.REFERENCE_DATE for e in people)
    ending = [e for e in people if e.employment_end]
    assert 0 < len(ending) < 0.1 * 1100
    assert all(e.employment_end > e.employment_start for e in ending)


def test_names_are_swedish_and_emails_unique_ascii(organisation):
    people = organisation.employees
    emails = [e.email for e in people]
    assert len(set(emails)) == len(emails)
    assert all(e.isascii() and e.endswith("@kultur.example.se") for e in emails)
    assert any(set("åäöÅÄÖ") & set(e.first_name + e.last_name) for e in people)
    assert generator.ascii_fold("Åsa Öberg-Ärlig") == "asa oberg-arlig"
    assert len({e.employee_number for e in people}) == len(people)


def test_it_scales_to_a_whole_city():
    big = generator.generate(45_000, 1)
    assert len(big.employees) == 45_000
    assert 3000 <= len(big.units) <= 4500  # units grow with the staff
    sizes = collections.Counter(e.unit_code for e in big.employees)
    assert max(sizes.values()) < 100


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_importer_reads_the_generated_files(tmp_path, fmt):
    organisation = generator.generate(300, 7)
    units_path, people_path = generator.write_files(organisation, tmp_path, fmt=fmt)
    assert import_units(units_path.read_bytes(), filename=units_path.name).errors == []
    preview = preview_people_import(people_path.read_bytes(), filename=people_path.name)
    assert preview.errors == [] and len(preview.new) == 300
    commit_people_import(people_path.read_bytes(), filename=people_path.name)
    person = Person.objects.get(employee_number=organisation.employees[0].employee_number)
    expected = organisation.employees[0]
    assert (person.email, person.unit.code, person.hourly_cost, person.employment_start) == (
        expected.email,
        expected.unit_code,
        expected.hourly_cost,
        expected.employment_start,
    )
    assert Person.objects.filter(is_manager=True).count() == len(organisation.units)


def test_the_command_writes_both_files(tmp_path, capsys):
    call_command(
        "generate_people",
        "--employees",
        "200",
        "--seed",
        "3",
        "--out",
        str(tmp_path),
        "--format",
        "csv",
    )
    assert (tmp_path / "enheter.csv").exists() and (tmp_path / "personal.csv").exists()
    assert "200 employees" in capsys.readouterr().out
    first = (tmp_path / "personal.csv").read_bytes().splitlines()[0]
    assert first.startswith(b"\xef\xbb\xbfanst\xc3\xa4llningsnummer;")
    second = (tmp_path / "personal.csv").read_text(encoding="utf-8-sig").splitlines()[1]
    datetime.date.fromisoformat(second.split(";")[9])  # dates as ISO text in CSV
