"""A person invited by e-mail takes the self-assessment in Chromium, sees their profile with
the change since baseline and downloads it as PDF; axe-core checks every page."""

import re

import pytest

from digit.assessments.instruments import get_default_instrument
from digit.assessments.models import Change, Response
from digit.assessments.pseudonyms import pseudonym_for
from digit.assessments.waves import open_wave
from tests.assessments.conftest import baseline_and_follow_up, ensure_reference_data
from tests.factories import make_person

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LINK = re.compile(r"http://\S+(/assessments/invitation/\S+/)")
WORDS = {
    "sv": {"next": "Spara och fortsätt", "submit": "Skicka in mina svar", "page": "Sida",
           "profile": "Din kompetensprofil", "increased": "Säkert ökat", "pdf": "Ladda ner som PDF",
           "problem": "Det finns ett problem"},
    "en": {"next": "Save and continue", "submit": "Submit my answers", "page": "Page",
           "profile": "Your competence profile", "increased": "Reliably increased",
           "pdf": "Download as PDF", "problem": "There is a problem"},
}  # fmt: skip


@pytest.fixture
def invited(organisation, smtp_server):
    """A baseline answered by six people (frozen), then a follow-up opened by e-mail."""
    person = organisation["employee_a"]
    people = [person] + [make_person(organisation["branch_a"]) for _ in range(5)]
    ensure_reference_data()
    instrument = get_default_instrument()
    _baseline, follow_up = baseline_and_follow_up(
        people, instrument=instrument, opened_follow_up=False
    )
    open_wave(wave=follow_up)  # commits, so the e-mail task runs against the real SMTP server
    message = next(m for m in smtp_server.messages if m["To"] == person.email)
    body = message.get_body(preferencelist=("plain",)).get_content()
    return person, follow_up, LINK.search(body).group(1)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_invited_person_answers_every_page_and_gets_profile_and_pdf(
    page, invited, assert_accessible, language
):
    person, wave, link = invited
    words = WORDS[language]
    page.goto(link)
    assert "/invitation/" not in page.url and re.search(r"/page/1/$", page.url)
    if language == "en":
        page.get_by_role("button", name="In English").click()
        page.wait_for_load_state()
    # Next without answers: the error summary links to the first unanswered statement.
    page.get_by_role("button", name=words["next"], exact=True).click()
    assert page.get_by_role("heading", name=words["problem"]).is_visible()
    assert_accessible(page)
    page.locator(".error-summary a").first.click()
    assert page.evaluate("document.activeElement.type") == "radio"
    pages = 0
    while True:
        pages += 1
        assert page.get_by_text(f"{words['page']} {pages} ").first.is_visible()
        assert_accessible(page)
        for fieldset in page.locator("fieldset.question").all():
            fieldset.locator("input[type=radio]").last.check()
        last = page.get_by_role("button", name=words["submit"], exact=True)
        if last.count():
            last.click()
            break
        page.get_by_role("button", name=words["next"], exact=True).click()
    assert pages == 6  # five areas of DigComp 2.2 and the practices block
    page.wait_for_url("**/assessments/profile/")
    assert page.get_by_role("heading", name=words["profile"]).is_visible()
    assert page.get_by_text(words["increased"]).first.is_visible()
    assert page.evaluate("document.querySelector('figure img').naturalWidth") > 0
    assert_accessible(page)
    assert page.console_errors == []
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 800})
    with page.expect_download() as download:
        page.get_by_role("link", name=words["pdf"]).click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    response = Response.objects.get(wave=wave, pseudonym=pseudonym_for(person.id))
    assert response.submitted_at is not None
    assert Change.objects.get(follow_up=wave, pseudonym=response.pseudonym).verdict == "increased"


def test_form_works_at_320_px_without_horizontal_scrolling(page, invited, assert_accessible):
    _person, _wave, link = invited
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(link)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
