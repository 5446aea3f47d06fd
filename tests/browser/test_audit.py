"""The audit page and "My data" in Chromium: a search, the CSV link, paging; axe-core with the
WCAG 2.2 AA rules as well, in Swedish and English, at 1280 and 320 px."""

import pytest

from digit.access.roles import Role
from digit.audit import services as audit
from digit.audit.models import Entry, Kind
from tests.browser.conftest import AXE_SOURCE, describe
from tests.factories import PASSWORD, make_account, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_22_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def assert_no_wcag22_violation(page):
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    violations = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                      resultTypes: ['violations']})
            .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => ({target: n.target}))})))""",
        WCAG_22_TAGS,
    )
    assert not violations, f"axe violations on {page.url}:\n{describe(violations)}"


@pytest.fixture
def looked_at():
    person = make_person(first_name="Vera", last_name="Viewed")
    staff = make_account(Role.PROGRAMME_STAFF)
    for _ in range(55):
        audit.record(
            Kind.PROFILE_VIEWED, actor=staff, object_type="profile", subject_person_id=person.pk
        )
    return person, staff


def test_auditor_searches_the_trail_and_pages_through_it(new_page, sign_in, looked_at):
    person, _staff = looked_at
    auditor = make_account(Role.AUDITOR)
    for locale, width in (("sv-SE", 1280), ("en-GB", 320)):
        page = new_page(locale=locale, width=width)
        sign_in(page, auditor.email, PASSWORD)
        page.goto("/audit/")
        assert_no_wcag22_violation(page)
        page.locator("#id_person").fill("Viewed")
        page.locator("main form[role=search] button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        assert page.locator("tbody tr").count() == 50
        assert "Vera Viewed" in page.locator("tbody").inner_text()
        assert_no_wcag22_violation(page)
        page.locator("nav.pagination a").last.click()
        page.wait_for_load_state("networkidle")
        assert page.locator("tbody tr").count() == 5
        assert "person=Viewed" in page.url
        # An end date before the start: the error summary, accessible too.
        page.locator("#id_start").fill("2030-01-02")
        page.locator("#id_end").fill("2030-01-01")
        page.locator("main form[role=search] button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        assert page.locator(".error-summary").count() == 1
        assert_no_wcag22_violation(page)
        if width == 320:
            assert page.evaluate("document.documentElement.scrollWidth") <= 321
        page.close()


def test_a_person_sees_who_has_looked_at_their_data(new_page, sign_in, looked_at):
    person, staff = looked_at
    page = new_page()
    sign_in(page, person.email, PASSWORD)
    page.goto("/")
    page.get_by_role("link", name="Mina uppgifter").click()
    page.wait_for_load_state("networkidle")
    assert staff.email in page.locator("main table").inner_text()
    assert_no_wcag22_violation(page)
    assert not Entry.objects.filter(kind=Kind.PERSON_VIEWED, actor=person.user).exists()


def test_my_data_downloads_and_the_erase_page_are_accessible(new_page, sign_in, looked_at):
    person, staff = looked_at
    page = new_page()
    sign_in(page, person.email, PASSWORD)
    page.goto("/my-data/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner alla mina uppgifter").click()
    assert download.value.suggested_filename.endswith(".zip")
    assert_no_wcag22_violation(page)
    page.close()
    page = new_page(locale="en-GB", width=320)
    sign_in(page, staff.email, PASSWORD)
    page.goto(f"/people/{person.pk}/")
    page.get_by_role("link", name="Erase on request").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith("Erase")
    assert_no_wcag22_violation(page)
