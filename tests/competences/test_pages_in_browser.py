"""The framework browser and the instrument pages in a real Chromium: axe finds nothing,
in Swedish and English, including the forms with their error summaries."""

# ruff: noqa: F811  (the browser fixtures are imported, then requested by name)

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone

from digit.access.roles import Role
from digit.assessments import default_instrument
from digit.assessments.instruments import get_default_instrument
from digit.assessments.models import MeasurementSettings, Wave, WaveStatistics
from digit.competences import digcomp22
from tests.browser.conftest import (  # noqa: F401  (fixtures)
    assert_accessible,
    axe_violations,
    browser,
    describe,
    new_page,
    sign_in,
)
from tests.factories import PASSWORD, make_account, make_unit
from tests.programmes.factories import make_programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BAD_BANK = b"key,kind,competence,domain,text_sv,text_en,order\r\nA,skill,9.9,,s,e,1\r\n"


@pytest.fixture(autouse=True)
def reference_data():
    """The framework and the default instrument come from data migrations, which an earlier
    transactional test may have flushed; loading them again is idempotent."""
    digcomp22.load(django_apps)
    default_instrument.load(django_apps)


def programme_with_frozen_baseline():
    programme = make_programme(make_unit())
    baseline = Wave.objects.create(
        programme=programme,
        kind=Wave.Kind.BASELINE,
        name="Nollmätning",
        instrument=get_default_instrument(),
        opens_on=programme.starts_on,
        closes_on=programme.starts_on,
        opened_at=timezone.now(),
    )
    WaveStatistics.objects.create(
        wave=baseline,
        respondents=40,
        alpha_total=0.95,
        alpha_by_area={"1": 0.81, "2": 0.84},
        alpha_practices=0.7,
        sd_total=14.2,
        sem_total=3.2,
    )
    MeasurementSettings.objects.create(
        programme=programme,
        baseline_wave=baseline,
        baseline_reliability=0.95,
        baseline_sd=14.2,
        frozen_at=timezone.now(),
    )
    return programme


def test_framework_and_instrument_pages_are_accessible(new_page, sign_in):
    staff = make_account(Role.PROGRAMME_STAFF)
    instrument = get_default_instrument()
    item = instrument.items.get(key="1.1-K")
    urls = [
        reverse("competences:framework_detail", args=["digcomp-2.2"]),
        reverse("competences:competence_create", args=["digcomp-2.2", "1"]),
        reverse("assessments:instrument_list"),
        reverse("assessments:instrument_detail", args=[instrument.pk]),
        reverse("assessments:item_edit", args=[instrument.pk, item.pk]),
        reverse("assessments:instrument_import"),
        reverse("assessments:measurement", args=[programme_with_frozen_baseline().pk]),
        reverse("assessments:measurement", args=[make_programme(make_unit()).pk]),
    ]
    problems = []
    for locale in ("sv-SE", "en-GB"):
        page = new_page(locale=locale)
        sign_in(page, staff.email, PASSWORD)
        if locale == "en-GB":
            page.goto("/")
            page.locator("form.language-form button").click()
            page.wait_for_load_state("networkidle")
        for url in urls:
            page.goto(url)
            for width in (1280, 320):
                page.set_viewport_size({"width": width, "height": 900})
                # digit.js marks overflowing tables as focusable regions on the next frame.
                page.evaluate(
                    "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
                )
                violations = axe_violations(page)
                if violations:
                    problems.append(f"{url} {locale} {width}px:\n{describe(violations)}")
        assert not page.console_errors, page.console_errors
    assert not problems, "\n".join(problems)


def test_framework_page_shows_the_attribution(new_page, sign_in):
    staff = make_account(Role.PROGRAMME_STAFF)
    page = new_page()
    sign_in(page, staff.email, PASSWORD)
    page.goto(reverse("competences:framework_list"))
    assert "CC BY 4.0" in page.locator("main").inner_text()
    assert page.locator("h1").inner_text().startswith("DigComp 2.2")


def test_forms_with_errors_are_accessible(new_page, sign_in):
    staff = make_account(Role.PROGRAMME_STAFF)
    page = new_page()
    sign_in(page, staff.email, PASSWORD)
    page.goto(reverse("competences:competence_create", args=["digcomp-2.2", "1"]))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".error-summary").count() == 1
    problems = describe(axe_violations(page)) if axe_violations(page) else ""
    page.goto(reverse("assessments:instrument_import"))
    page.set_input_files(
        "input[type=file]",
        files=[
            {
                "name": "bank.csv",
                "mimeType": "text/csv",
                "buffer": BAD_BANK,
            }
        ],
    )
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "9.9" in page.locator(".error-summary").first.inner_text()
    if axe_violations(page):
        problems += describe(axe_violations(page))
    assert not problems, problems
