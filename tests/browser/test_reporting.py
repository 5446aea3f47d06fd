"""The participant register and the reveal flow in a real browser, with axe-core."""

import pytest

from digit.access.roles import Role
from digit.reporting.models import Disclosure
from tests.browser import conftest as browser
from tests.factories import PASSWORD, make_account, make_unit
from tests.reporting.factories import give_number, participant, reporting_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The suite's tags and WCAG 2.2 AA on top, as issue 10 asks for these pages.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture
def assert_accessible(assert_accessible, monkeypatch):
    monkeypatch.setattr(browser, "AXE_TAGS", TAGS)
    return assert_accessible


@pytest.fixture
def register():
    unit = make_unit("Filial A")
    programme = reporting_programme(unit, name="Rapporteringsprogram")
    people = [participant(programme, unit, days_ago=10 + i) for i in range(3)]
    numbers = [give_number(person) for person in people]
    return programme, people, numbers


def test_finance_reveals_one_number_in_place_and_it_is_logged(
    page, sign_in, assert_accessible, register
):
    programme, people, numbers = register
    finance = make_account(Role.FINANCE)
    sign_in(page, finance.email, PASSWORD)
    page.get_by_role("link", name="Ekonomi", exact=True).first.click()  # the area, then its page
    page.get_by_role("link", name="Rapportering till finansiären").first.click()
    page.get_by_role("link", name="Deltagarregister Rapporteringsprogram").click()
    assert page.locator("h1").inner_text() == "Deltagarregister"
    assert_accessible(page)
    shown = f"{numbers[0][:8]}-{numbers[0][8:]}"
    assert shown not in page.content()
    row = page.locator(f"#participant-{people[0].pk}")
    row.get_by_role("button", name="Visa").click()
    page.locator(f"#participant-{people[0].pk} .identity-number").wait_for()
    assert page.locator(f"#participant-{people[0].pk} .identity-number").inner_text() == shown
    assert numbers[1][8:] not in page.content()  # the others stay masked
    assert "/reveal/" not in page.url  # swapped in place by htmx
    assert_accessible(page)
    assert Disclosure.objects.get().people.get() == people[0]
    page.get_by_role("link", name="Logg över visade och exporterade personnummer").click()
    assert people[0].full_name in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="In English").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Log of shown and exported identity numbers"
    assert_accessible(page)


def test_auditor_sees_the_register_masked_and_narrow(page, sign_in, assert_accessible, register):
    programme, _people, numbers = register
    auditor = make_account(Role.AUDITOR)
    sign_in(page, auditor.email, PASSWORD)
    page.goto(f"/reporting/programmes/{programme.pk}/participants/")
    assert page.get_by_role("button", name="Visa").count() == 0
    assert all(number[8:] not in page.content() for number in numbers)
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/reporting/")
    assert_accessible(page)


def test_monthly_files_page_is_accessible_and_marks_a_month_sent(
    page, sign_in, assert_accessible, register
):
    programme, _people, _numbers = register
    finance = make_account(Role.FINANCE)
    sign_in(page, finance.email, PASSWORD)
    page.goto(f"/reporting/programmes/{programme.pk}/monthly-files/")
    assert page.locator("h1").inner_text() == "Månadens deltagarfiler"
    assert_accessible(page)
    page.get_by_role("button", name="Markera som skickad").first.click()
    page.wait_for_load_state("networkidle")
    assert "är markerad som skickad" in page.content()
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)


def test_report_page_and_text_form_are_accessible(page, sign_in, assert_accessible, register):
    programme, _people, _numbers = register
    staff = make_account(Role.PROGRAMME_STAFF)
    sign_in(page, staff.email, PASSWORD)
    page.get_by_role("link", name="Ekonomi", exact=True).first.click()  # the area, then its page
    page.get_by_role("link", name="Rapportering till finansiären").first.click()
    page.get_by_role("link", name="Rapport Rapporteringsprogram").click()
    assert page.locator("h1").inner_text() == "Slutrapport: Rapporteringsprogram"
    assert "Se ansökan om utbetalning för perioden" in page.content()  # funding is installed
    assert_accessible(page)
    page.get_by_role("link", name="Jämställdhet").click()
    assert_accessible(page)
    page.get_by_label("Text").fill("Lika många kvinnor som män bjöds in.")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_load_state("networkidle")
    assert "Lika många kvinnor som män bjöds in." in page.content()
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)
