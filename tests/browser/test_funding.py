"""In Chromium: finance reads the seed plan and the unit costs; a participant signs their time
certificate on a phone-sized screen, through re-authentication, with and without JavaScript.
Every page passes axe-core with the WCAG 2.2 AA rules as well."""

import pytest
from django.urls import reverse

from digit.access.roles import Role
from digit.funding.certificates import build_month
from digit.funding.models import TimeCertificate
from digit.programmes.models import Programme
from tests.browser.conftest import AXE_TAGS_22
from tests.factories import PASSWORD, make_account
from tests.funding.factories import attend, last_month, make_funded_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = 390


@pytest.fixture
def certificate(organisation):
    programme = make_funded_programme(organisation["root"])
    month = last_month()
    anna = organisation["employee_a"]
    attend(programme, anna, day=month.replace(day=3), minutes=180, title="Sök information")
    attend(programme, anna, day=month.replace(day=10), minutes=100, title="Teams")
    build_month(programme, month)
    return TimeCertificate.objects.get(person=anna)


@pytest.mark.parametrize("locale", ["sv-SE", "en-GB"])
def test_finance_reads_the_plan_and_unit_costs(new_page, sign_in, assert_accessible, locale):
    finance = make_account(Role.FINANCE)
    page = new_page(locale=locale)
    sign_in(page, finance.email, PASSWORD)
    seed = Programme.objects.get(slug="digit-or-die")
    for url in (
        reverse("funding:index"),
        reverse("funding:plan", args=[seed.pk]),
        reverse("funding:plan_edit", args=[seed.pk]),
        reverse("funding:unit_costs"),
        reverse("funding:months", args=[seed.pk]),
    ):
        page.goto(url)
        assert_accessible(page, AXE_TAGS_22)
    page.goto(reverse("funding:plan", args=[seed.pk]))
    verdict = page.locator("#plan-verdict").inner_text()
    assert "18\xa0176" in verdict or "18,176" in verdict


def _sign(page, certificate, assert_accessible):
    page.goto(reverse("funding:my_certificates"))
    assert_accessible(page, AXE_TAGS_22)
    page.get_by_role("link", name=certificate.month.strftime("%Y-%m")).click()
    assert page.locator("#counted-hours").inner_text() == "4"  # 4 h 40 min → 4
    assert_accessible(page, AXE_TAGS_22)
    page.get_by_label("Jag intygar").check()
    page.get_by_role("button", name="Signera intyget").click()
    # Re-authentication: the signature waits for a fresh password.
    assert "/accounts/reauthenticate/" in page.url
    assert_accessible(page, AXE_TAGS_22)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert "Du har signerat intyget." in page.locator("main").inner_text()
    assert_accessible(page, AXE_TAGS_22)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE, f"the page scrolls sideways at {PHONE} px ({width} px)"


def test_a_participant_signs_on_a_phone(
    new_page, sign_in, assert_accessible, certificate, organisation
):
    page = new_page(width=PHONE)
    sign_in(page, organisation["employee_a"].email, PASSWORD)
    _sign(page, certificate, assert_accessible)
    certificate.refresh_from_db()
    assert certificate.status == "signed"
    assert certificate.signed_sha256 == certificate.content_sha256


def test_a_participant_signs_without_javascript(
    browser, live_server, sign_in, assert_accessible, certificate, organisation
):
    context = browser.new_context(
        base_url=live_server.url,
        locale="sv-SE",
        viewport={"width": PHONE, "height": 800},
        java_script_enabled=False,
    )
    try:
        page = context.new_page()
        page.console_errors = []
        sign_in(page, organisation["employee_a"].email, PASSWORD)
        _sign(page, certificate, lambda page, tags: None)  # axe needs JavaScript
        certificate.refresh_from_db()
        assert certificate.status == "signed"
    finally:
        context.close()
