"""Programme staff import a generated HR file in a real browser: upload, preview, confirm."""

import pytest

from digit.access.roles import Role
from digit.demo import generator
from digit.people.models import Person
from digit.people.services import import_units
from tests.factories import PASSWORD, make_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_imports_people_and_sees_them_listed(
    page, sign_in, assert_accessible, tmp_path, settings
):
    settings.VAR_DIR = tmp_path
    organisation = generator.generate(120, 11)
    units_path, people_path = generator.write_files(organisation, tmp_path / "files")
    import_units(units_path.read_bytes(), filename=units_path.name)
    staff = make_account(Role.PROGRAMME_STAFF)

    sign_in(page, staff.email, PASSWORD)
    page.goto("/people/import/")
    assert page.locator("h1").inner_text() == "Importera personer"
    assert_accessible(page)

    page.get_by_label("HR-fil").set_input_files(str(people_path))
    page.get_by_role("button", name="Förhandsgranska").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Förhandsgranska importen"
    assert page.get_by_role("heading", name="Nya personer").is_visible()
    assert "120" in page.locator(".diff-new").inner_text()
    assert_accessible(page)
    assert Person.objects.count() == 0  # nothing is saved before confirmation

    page.get_by_role("button", name="Bekräfta och importera").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Importen är klar"
    assert_accessible(page)
    assert Person.objects.count() == 120

    page.get_by_role("link", name="Se personlistan").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Personer"
    employed = Person.objects.current().count()  # a few have an employment end in the past
    assert f"{employed} personer" in page.locator("#results").inner_text()
    someone = Person.objects.current().order_by("last_name", "first_name").first()
    assert page.get_by_role("link", name=f"{someone.last_name}, {someone.first_name}").count()
    assert page.console_errors == []


def test_a_file_with_errors_shows_them_accessibly(
    page, sign_in, assert_accessible, tmp_path, settings, organisation
):
    settings.VAR_DIR = tmp_path
    staff = make_account(Role.PROGRAMME_STAFF)
    path = tmp_path / "personal.csv"
    path.write_text(
        "anställningsnummer;förnamn;efternamn;e-post;enhet\n"
        "1;Åsa;Öberg;asa@kultur.example.se;FINNS-EJ\n"
        "2;Björn;Ek;inte-en-adress;LIB-A\n",
        encoding="cp1252",
    )
    sign_in(page, staff.email, PASSWORD)
    page.goto("/people/import/")
    page.get_by_label("HR-fil").set_input_files(str(path))
    page.get_by_role("button", name="Förhandsgranska").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("alert").get_by_text("Filen har 2 fel").is_visible()
    assert page.get_by_role("cell", name="Okänd enhetskod “FINNS-EJ”.").is_visible()
    assert page.get_by_role("button", name="Bekräfta och importera").count() == 0
    assert_accessible(page)

    page.goto("/people/import/")
    empty = tmp_path / "tom.xlsx"
    empty.write_bytes(b"")
    page.get_by_label("HR-fil").set_input_files(str(empty))
    page.get_by_role("button", name="Förhandsgranska").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
