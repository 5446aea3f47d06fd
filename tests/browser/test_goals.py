import pytest

from tests.factories import PASSWORD, make_account
from tests.goals import scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_figures(monkeypatch):
    from django.core.cache import cache

    from digit.goals import indicators

    monkeypatch.setattr(indicators, "STALE_SECONDS", 0)
    cache.clear()
    indicators.forget_figures()


def switch_to_english(page):
    page.get_by_role("button", name="In English").click()
    page.wait_for_load_state("networkidle")


def test_staff_dashboard_is_accessible_in_swedish_and_english(page, sign_in, assert_accessible):
    from digit.access.roles import Role

    city = scenario.build()
    staff = make_account(Role.PROGRAMME_STAFF)
    sign_in(page, staff.email, PASSWORD)
    page.goto(f"/goals/{city['programme'].slug}/")
    assert page.locator("h1").inner_text().startswith("Mål")
    assert page.locator("img.chart").count() >= 2
    assert page.locator("td.suppressed").count() > 0
    assert_accessible(page)
    switch_to_english(page)
    assert page.locator("h1").inner_text().startswith("Goals of")
    assert_accessible(page)
    page.goto(f"/goals/{city['programme'].slug}/units/{city['d1'].pk}/")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    for url in (
        f"/goals/{city['programme'].slug}/",
        f"/goals/{city['programme'].slug}/units/{city['d2'].pk}/",
    ):
        page.goto(url)
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 321, url


def test_employee_open_summary_is_accessible_in_swedish_and_english(
    page, sign_in, assert_accessible
):
    city = scenario.build()
    employee = city["people"]["U4"][0]
    sign_in(page, employee.email, PASSWORD)
    page.get_by_role("link", name="Mål", exact=True).first.click()  # the area: its one page
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith("Resultat")
    assert "61,8" in page.content()
    assert_accessible(page)
    switch_to_english(page)
    assert page.locator("h1").inner_text().startswith("Results of")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    page.reload()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 321
