"""The self-assessment in Chromium, in Swedish and English.

A person invited by e-mail pages through the form, which is one document: Next and Back switch
its sections in the browser, the address and the browser's history follow, and the progress
links switch too. Answers are sent when the person leaves (and saved before the language switch
or signing out), so the form resumes where they left off. Submitting shows the profile with the
change since baseline, which downloads as PDF.
Without JavaScript the same form works page by page through the server, and at 320 px it
reflows. axe-core checks every page of the form as it is shown.
"""

import re
import time

import pytest
from django.urls import reverse
from django_ox.testing import run_tasks
from playwright.sync_api import expect

from digit.assessments.instruments import get_default_instrument
from digit.assessments.models import Answer, Change, Response
from digit.assessments.pseudonyms import pseudonym_for
from digit.assessments.waves import open_wave
from tests.assessments.conftest import baseline_and_follow_up, ensure_reference_data
from tests.factories import make_person

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LINK = re.compile(r"http://\S+(/assessments/invitation/\S+/)")
LOCALES = {"sv": "sv-SE", "en": "en-GB"}
SWITCH_TO = {"en": "In English", "sv": "På svenska"}
PAGES = 6  # five areas of DigComp 2.2 and the practices block
WORDS = {
    "sv": {"next": "Spara och fortsätt", "back": "Tillbaka", "submit": "Skicka in mina svar",
           "save": "Spara och fortsätt senare", "saved": "Dina svar är sparade",
           "page": "Sida {} av {}", "problem": "Det finns ett problem",
           "missing": "Besvara påståendet.", "error": "Fel:",
           "profile": "Din kompetensprofil", "increased": "Säkert ökat",
           "pdf": "Skapa en PDF", "ready": "Filen är klar."},
    "en": {"next": "Save and continue", "back": "Back", "submit": "Submit my answers",
           "save": "Save and finish later", "saved": "Your answers are saved",
           "page": "Page {} of {}", "problem": "There is a problem",
           "missing": "Answer this statement.", "error": "Error:",
           "profile": "Your competence profile", "increased": "Reliably increased",
           "pdf": "Create a PDF", "ready": "The file is ready."},
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
    open_wave(wave=follow_up)  # commits; the worker (here in-process) e-mails the SMTP server
    run_tasks()
    message = next(m for m in smtp_server.messages if m["To"] == person.email)
    body = message.get_body(preferencelist=("plain",)).get_content()
    return person, follow_up, LINK.search(body).group(1)


@pytest.fixture
def new_page_without_javascript(browser, live_server):
    """new_page_without_javascript(locale): like ``new_page``, with scripts switched off."""
    contexts = []

    def _new_page(locale):
        context = browser.new_context(
            base_url=live_server.url,
            locale=locale,
            viewport={"width": 1280, "height": 900},
            java_script_enabled=False,
        )
        contexts.append(context)
        page = watched(context.new_page())
        page.base_url = live_server.url
        return page

    yield _new_page
    for context in contexts:
        context.close()


def watched(page):
    """Collect the page's console errors as the conftest's pages do."""
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    return page


def start(page, link):
    """Open the e-mailed link and press Start on its landing page, as the person does."""
    page.goto(link)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def form_url(page, wave, number=None) -> str:
    url = page.base_url + reverse("assessments:form", args=[wave.id])
    return url if number is None else f"{url}?page={number}"


def section(page, number):
    return page.locator(f"section.form-page[data-page='{number}']")


def shown_page(page) -> int:
    """The number of the one section of the form that is shown."""
    shown = page.locator("section.form-page:not([hidden])")
    expect(shown).to_have_count(1)
    expect(shown).to_be_visible()
    return int(shown.get_attribute("data-page"))


def answer(container, count=None):
    """Check the highest option of the first ``count`` questions in it (all when None)."""
    for fieldset in container.locator("fieldset.question").all()[:count]:
        answer_question(fieldset)


def answer_question(fieldset):
    fieldset.locator("input[type=radio]").last.check()


def checked(page) -> dict[int, int]:
    """Item id → value of every checked answer in the form, shown or not."""
    pairs = page.evaluate(
        "[...document.querySelectorAll('form input[type=radio]:checked')]"
        ".map(input => [input.name, input.value])"
    )
    return {int(name.removeprefix("item-")): int(value) for name, value in pairs}


def stored(wave, person) -> dict[int, int]:
    answers = Answer.objects.filter(
        response__wave=wave, response__pseudonym=pseudonym_for(person.id)
    )
    return dict(answers.values_list("item_id", "value"))


def eventually(condition, seconds=10):
    """Wait for ``condition()`` to hold: a beacon reaches the server after the page is gone."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.1)


def document_requests(page) -> list[tuple[str, str]]:
    """(method, URL) of every page load from now on: switching sections must not add any."""
    requests = []
    page.on(
        "request",
        lambda r: r.resource_type == "document" and requests.append((r.method, r.url)),
    )
    return requests


def press(page, name):
    page.get_by_role("button", name=name, exact=True).click()


def assert_profile_and_pdf(page, words, wave, person):
    page.wait_for_url("**/assessments/profile/")
    assert page.get_by_role("heading", name=words["profile"]).is_visible()
    assert page.get_by_text(words["increased"]).first.is_visible()
    assert page.evaluate("document.querySelector('figure img').naturalWidth") > 0
    page.get_by_role("button", name=words["pdf"]).click()
    page.wait_for_url("**/files/*/")  # the worker builds it; the page shows the state
    run_tasks()
    page.reload()
    assert page.get_by_text(words["ready"]).is_visible()
    with page.expect_download() as download:
        page.locator("a[download]").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    response = Response.objects.get(wave=wave, pseudonym=pseudonym_for(person.id))
    assert response.submitted_at is not None
    assert Change.objects.get(follow_up=wave, pseudonym=response.pseudonym).verdict == "increased"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_invited_person_pages_through_the_form_in_the_browser_and_submits(
    page, invited, assert_accessible, language
):
    person, wave, link = invited
    words = WORDS[language]
    start(page, link)
    assert page.url == form_url(page, wave)  # the token is not left in the address
    if language == "en":
        page.get_by_role("button", name=SWITCH_TO["en"]).click()
        page.wait_for_load_state()
        assert page.url == form_url(page, wave)
    documents = document_requests(page)
    page.evaluate("window.sameDocument = true")
    assert shown_page(page) == 1
    assert_accessible(page)

    next_without_answers_shows_the_errors(page, words, wave, assert_accessible)
    page_through_the_sections(page, words, wave, assert_accessible)
    # Back on the last page, then Next again, still in the same document.
    press(page, words["back"])
    expect(page).to_have_url(form_url(page, wave, PAGES - 1))
    press(page, words["next"])
    expect(page).to_have_url(form_url(page, wave, PAGES))
    assert documents == []
    assert page.evaluate("window.sameDocument") is True
    assert stored(wave, person) == {}  # nothing was sent while paging

    answers = submit_with_the_last_statement_left(page, words, wave, person, assert_accessible)
    assert_profile_and_pdf(page, words, wave, person)
    path = reverse("assessments:form", args=[wave.id])
    assert [method for method, url in documents if url.endswith(path)] == ["POST", "POST"]
    assert stored(wave, person) == answers
    assert_accessible(page)
    assert page.console_errors == []


def next_without_answers_shows_the_errors(page, words, wave, assert_accessible):
    """Next without answers: an error summary in the section, focused, one link per statement.
    Answering a statement removes its message; the summary's first link then leads to the
    first radio button of the second statement, the first one unanswered."""
    first = section(page, 1)
    count = first.locator("fieldset.question").count()
    press(page, words["next"])
    summary = first.locator("[data-page-errors]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", name=words["problem"])).to_be_visible()
    expect(summary.get_by_role("link")).to_have_count(count)
    expect(first.locator(".question--error .errorlist")).to_have_count(count)
    expect(first.locator(".question--error .errorlist").first).to_contain_text(words["missing"])
    assert page.url == form_url(page, wave) and shown_page(page) == 1
    assert_accessible(page)
    answer_question(first.locator("fieldset.question").first)
    expect(first.locator(".question--error")).to_have_count(count - 1)
    press(page, words["next"])
    expect(summary.get_by_role("link")).to_have_count(count - 1)
    summary.get_by_role("link").first.click()
    expect(
        first.locator("fieldset.question").nth(1).locator("input[type=radio]").first
    ).to_be_focused()
    assert shown_page(page) == 1


def page_through_the_sections(page, words, wave, assert_accessible):
    """Answer every section with Next (the last one but its last statement), trying the
    browser's history after page 2 and the progress links after page 3."""
    for number in range(1, PAGES + 1):
        current = section(page, number)
        assert shown_page(page) == number
        expect(current.get_by_text(words["page"].format(number, PAGES))).to_be_visible()
        if number > 1:
            expect(current.get_by_role("heading", level=2)).to_be_focused()
        assert_accessible(page)
        last = number == PAGES
        answer(current, count=current.locator("fieldset.question").count() - 1 if last else None)
        expect(current.locator(".question--error")).to_have_count(0)
        if last:
            break
        press(page, words["next"])
        expect(page).to_have_url(form_url(page, wave, number + 1))
        expect(current).to_be_hidden()
        if number == 2:
            back_and_forward_keep_the_answers(page, wave)
        if number == 3:
            progress_links_switch_pages(page, wave)
    assert shown_page(page) == PAGES


def back_and_forward_keep_the_answers(page, wave):
    """The browser's back and forward buttons move between the pages, answers kept."""
    page.go_back()
    expect(page).to_have_url(form_url(page, wave, 2))
    assert shown_page(page) == 2
    page.go_back()
    expect(page).to_have_url(form_url(page, wave))
    assert shown_page(page) == 1
    page.go_forward()
    page.go_forward()
    expect(page).to_have_url(form_url(page, wave, 3))
    for answered in (1, 2):
        questions = section(page, answered).locator("fieldset.question")
        checked_ones = section(page, answered).locator("input[type=radio]:checked")
        expect(checked_ones).to_have_count(questions.count())


def progress_links_switch_pages(page, wave):
    """The progress links switch pages; the done marks follow the answers (pages 1–3)."""
    progress = page.locator(".assessment-progress")
    progress.locator("a[data-page-link='2']").click()
    expect(page).to_have_url(form_url(page, wave, 2))
    assert shown_page(page) == 2
    expect(progress.locator("li").nth(1)).to_have_attribute("aria-current", "step")
    for step in range(PAGES):
        done = progress.locator("li").nth(step).locator(".step-done")
        if step < 3:
            expect(done).to_be_visible()
        else:
            expect(done).to_be_hidden()
    progress.locator("a[data-page-link='4']").click()
    expect(page).to_have_url(form_url(page, wave, 4))


def submit_with_the_last_statement_left(page, words, wave, person, assert_accessible):
    """Submitting with the last statement left: the server keeps every answer and names the
    page; the summary's link leads to the statement, which is then answered and the form
    submitted. Returns the answers as submitted."""
    answers = checked(page)
    press(page, words["submit"])
    summary = page.locator("#error-summary")
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(summary).to_be_focused()
    assert page.title().startswith(words["error"])
    assert shown_page(page) == PAGES
    assert checked(page) == answers == stored(wave, person)
    assert_accessible(page)
    summary.get_by_role("link").click()
    last = section(page, PAGES).locator("fieldset.question").last
    expect(last.locator("input[type=radio]").first).to_be_focused()
    answer_question(last)
    answers = checked(page)
    press(page, words["submit"])
    return answers


@pytest.mark.parametrize(
    ("language", "leave"), [("sv", "close the tab"), ("en", "go to another page")]
)
def test_answers_are_saved_when_the_person_leaves_and_the_form_resumes_there(
    new_page, invited, assert_accessible, language, leave
):
    person, wave, link = invited
    words = WORDS[language]
    page = new_page(locale=LOCALES[language])
    start(page, link)
    answer(section(page, 1))
    press(page, words["next"])
    answer(section(page, 2), count=2)
    answers = checked(page)
    assert len(answers) == section(page, 1).locator("fieldset.question").count() + 2
    assert stored(wave, person) == {}
    context = page.context
    if leave == "close the tab":
        page.close(run_before_unload=True)
    else:
        page.goto("/")
    eventually(lambda: stored(wave, person) == answers)

    again = watched(context.new_page())
    again.base_url = page.base_url
    again.goto(form_url(again, wave))
    assert shown_page(again) == 2  # the first page with statements left
    assert checked(again) == answers
    progress = again.locator(".assessment-progress li")
    expect(progress.nth(0).locator(".step-done")).to_be_visible()
    expect(progress.nth(1).locator(".step-done")).to_be_hidden()
    expect(progress.nth(1)).to_have_attribute("aria-current", "step")
    assert_accessible(again)
    assert again.console_errors == []


@pytest.mark.parametrize(("language", "other"), [("sv", "en"), ("en", "sv")])
def test_switching_language_mid_form_saves_first_and_comes_back_to_the_page(
    new_page, invited, assert_accessible, language, other
):
    person, wave, link = invited
    page = new_page(locale=LOCALES[language])
    start(page, link)
    answer(section(page, 1))
    press(page, WORDS[language]["next"])
    answer(section(page, 2), count=2)
    answers = checked(page)
    page.get_by_role("button", name=SWITCH_TO[other]).click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", other)
    assert page.url == form_url(page, wave, 2)
    assert shown_page(page) == 2
    assert checked(page) == answers == stored(wave, person)
    assert_accessible(page)
    assert page.console_errors == []


def test_reloading_the_form_keeps_the_latest_answers(page, invited):
    # A reload asks for the page before the save sent on leaving arrives: the answers come
    # back from the tab's session storage, and are saved when the person leaves again.
    person, wave, link = invited
    start(page, link)
    answer(section(page, 1))
    press(page, WORDS["sv"]["next"])
    answer(section(page, 2), count=2)
    answers = checked(page)
    page.reload()
    assert shown_page(page) == 2
    assert checked(page) == answers
    expect(page.locator(".assessment-progress li").nth(0).locator(".step-done")).to_be_visible()
    page.goto("/")
    eventually(lambda: stored(wave, person) == answers)
    assert page.console_errors == []


def test_signing_out_mid_form_saves_the_answers_first(page, invited):
    person, wave, link = invited
    start(page, link)
    answer(section(page, 1), count=3)
    answers = checked(page)
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url("**/accounts/login/")
    assert stored(wave, person) == answers


@pytest.mark.parametrize("language", ["sv", "en"])
def test_form_works_page_by_page_without_javascript(new_page_without_javascript, invited, language):
    person, wave, link = invited
    words = WORDS[language]
    page = new_page_without_javascript(LOCALES[language])
    start(page, link)
    assert page.url == form_url(page, wave)
    assert shown_page(page) == 1

    # Next without answers: the server shows the first page again with its errors.
    first = section(page, 1)
    count = first.locator("fieldset.question").count()
    press(page, words["next"])
    assert page.title().startswith(words["error"])
    summary = page.locator("#error-summary")
    expect(summary.get_by_role("heading", name=words["problem"])).to_be_visible()
    expect(summary.get_by_role("link")).to_have_count(count)
    expect(first.locator(".question--error .errorlist")).to_have_count(count)
    assert shown_page(page) == 1

    answer(first)
    press(page, words["next"])
    expect(page).to_have_url(form_url(page, wave, 2))
    answer(section(page, 2), count=2)
    press(page, words["back"])  # saves what was answered on the way
    expect(page).to_have_url(form_url(page, wave, 1))
    assert shown_page(page) == 1
    expect(first.locator("input[type=radio]:checked")).to_have_count(count)
    assert len(stored(wave, person)) == count + 2
    page.locator(".assessment-progress a[data-page-link='2']").click()
    expect(page).to_have_url(form_url(page, wave, 2))
    expect(section(page, 2).locator("input[type=radio]:checked")).to_have_count(2)
    answer(section(page, 2))
    press(page, words["save"])
    expect(page).to_have_url(form_url(page, wave, 2))
    expect(page.get_by_text(words["saved"])).to_be_visible()
    press(page, words["next"])
    for number in range(3, PAGES + 1):
        expect(page).to_have_url(form_url(page, wave, number))
        assert shown_page(page) == number
        expect(
            section(page, number).get_by_text(words["page"].format(number, PAGES))
        ).to_be_visible()
        if number < PAGES:
            answer(section(page, number))
            press(page, words["next"])
    # Submitting with one statement left: the summary names the page; nothing is lost.
    last = section(page, PAGES).locator("fieldset.question")
    answer(section(page, PAGES), count=last.count() - 1)
    press(page, words["submit"])
    expect(summary.get_by_role("link")).to_have_count(1)
    assert shown_page(page) == PAGES
    expect(section(page, PAGES).locator("input[type=radio]:checked")).to_have_count(
        last.count() - 1
    )
    answer_question(last.last)
    press(page, words["submit"])
    assert_profile_and_pdf(page, words, wave, person)
    assert page.console_errors == []


def test_form_and_profile_reflow_at_320_px_and_stay_accessible(
    new_page, invited, assert_accessible
):
    _person, _wave, link = invited
    words = WORDS["sv"]
    page = new_page(width=320)
    start(page, link)

    def assert_fits():
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        assert_accessible(page)

    press(page, words["next"])
    expect(section(page, 1).locator("[data-page-errors]")).to_be_visible()
    assert_fits()
    for number in range(1, PAGES + 1):
        assert shown_page(page) == number
        assert_fits()
        answer(section(page, number))
        press(page, words["next"] if number < PAGES else words["submit"])
    page.wait_for_url("**/assessments/profile/")
    assert_fits()
    assert page.console_errors == []
