"""The form: one document with a section per page, save and resume, back and forward,
autosave, validation, submission in one post."""

import datetime
import threading

import lxml.html
import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from digit.assessments import scoring
from digit.assessments.models import Answer, Change, Invitation, Response, Wave
from digit.assessments.pages import form_pages, value_range
from digit.assessments.pseudonyms import pseudonym_for
from tests.assessments.conftest import baseline_and_follow_up, make_wave
from tests.factories import PASSWORD, make_person

pytestmark = pytest.mark.django_db


def form_url(wave, page=None):
    url = reverse("assessments:form", args=[wave.id])
    return url if page is None else f"{url}?page={page}"


def answers_for(*pages, value=2):
    """Posted answers for every item of the pages, ``value`` clipped to each item's range."""
    return {
        f"item-{item.id}": str(min(value, value_range(item)[-1]))
        for page in pages
        for item in page.items
    }


def everything(wave, value=2):
    return answers_for(*form_pages(wave.instrument), value=value)


@pytest.fixture
def person(organisation):
    return organisation["employee_a"]


@pytest.fixture
def client_in(client, person):
    client.login(email=person.email, password=PASSWORD)
    return client


@pytest.fixture
def pages(wave):
    return form_pages(wave.instrument)


def response_of(wave, person):
    return Response.objects.filter(wave=wave, pseudonym=pseudonym_for(person.id)).first()


def stored(wave, person):
    """{item id: value} of the person's stored answers to the wave."""
    return dict(
        Answer.objects.filter(
            response__wave=wave, response__pseudonym=pseudonym_for(person.id)
        ).values_list("item_id", "value")
    )


def posted(data):
    """{item id: value} of posted answers, for comparing with ``stored``."""
    return {int(name[5:]): int(value) for name, value in data.items() if name.startswith("item-")}


def close(wave):
    today = timezone.localdate()
    Wave.objects.filter(pk=wave.pk).update(
        opens_on=today - datetime.timedelta(days=30), closes_on=today - datetime.timedelta(days=1)
    )


# --- Reading the HTML -------------------------------------------------------------------------


def document(response):
    return lxml.html.fromstring(response.content.decode())


def shown_pages(response) -> list[int]:
    """Numbers of the form's sections that are not hidden."""
    return [
        int(section.get("data-page"))
        for section in document(response).xpath('//section[@class="form-page"]')
        if section.get("hidden") is None
    ]


def checked(response) -> dict[int, int]:
    return {
        int(radio.get("name")[5:]): int(radio.get("value"))
        for radio in document(response).xpath("//input[@type='radio'][@checked]")
    }


def summary_links(response) -> list[tuple[str, str]]:
    """(href, text) of the links in the page's error summary."""
    return [
        (link.get("href"), link.text_content())
        for link in document(response).xpath('//div[@id="error-summary"]//a')
    ]


def questions_with_errors(response) -> dict[str, str]:
    """{field name: error message} of the questions marked in error."""
    return {
        fieldset.get("data-question"): fieldset.xpath('.//p[@class="errorlist"]')[0]
        .text_content()
        .strip()
        for fieldset in document(response).xpath("//fieldset[contains(@class, 'question--error')]")
    }


# --- The document -----------------------------------------------------------------------------


def test_one_page_per_area_of_the_framework_then_the_practices(pages):
    assert [page.area.code if page.area else None for page in pages] == ["1", "2", None]
    assert [len(page.items) for page in pages] == [4, 2, 4]


def test_every_page_is_a_section_of_one_form_and_only_the_first_is_shown(client_in, wave, pages):
    response = client_in.get(form_url(wave))
    assert response.status_code == 200
    doc = document(response)
    forms = doc.xpath("//form[@class='assessment-form']")
    assert len(forms) == 1 and forms[0].get("action") == form_url(wave)
    sections = forms[0].xpath('.//section[@class="form-page"]')
    assert [int(section.get("data-page")) for section in sections] == [1, 2, 3]
    assert shown_pages(response) == [1]
    assert len(forms[0].xpath(".//fieldset")) == 10
    options = sum(len(value_range(item)) for page in pages for item in page.items)
    assert len(forms[0].xpath(".//input[@type='radio']")) == options == 44
    assert [p.text_content() for p in doc.xpath("//p[@class='form-page__count']")] == [
        "Sida 1 av 3",
        "Sida 2 av 3",
        "Sida 3 av 3",
    ]
    steps = doc.xpath("//nav[@class='assessment-progress']//li")
    assert [step.get("aria-current") for step in steps] == ["step", None, None]
    assert checked(response) == {}


def test_each_section_has_the_buttons_of_its_place_in_the_form(client_in, wave):
    doc = document(client_in.get(form_url(wave)))
    actions = [
        [button.get("value") for button in section.xpath(".//button")]
        for section in doc.xpath('//section[@class="form-page"]')
    ]
    assert actions == [
        ["next:1", "save:1"],
        ["next:2", "back:2", "save:2"],
        ["submit", "back:3", "save:3"],
    ]


def test_the_first_page_with_unanswered_statements_is_shown(client_in, wave, pages):
    client_in.post(form_url(wave), {**answers_for(pages[0]), "action": "save:1"})
    response = client_in.get(form_url(wave))
    assert shown_pages(response) == [2]
    steps = document(response).xpath("//nav[@class='assessment-progress']//li")
    assert [step.get("aria-current") for step in steps] == [None, "step", None]
    done = [
        mark.get("hidden") is None
        for mark in document(response).xpath("//span[@class='step-done']")
    ]
    assert done == [True, False, False]


def test_with_every_page_answered_but_not_submitted_the_last_page_is_shown(client_in, wave):
    client_in.post(form_url(wave), {**everything(wave), "action": "save:1"})
    assert shown_pages(client_in.get(form_url(wave))) == [3]


@pytest.mark.parametrize("page", [1, 2, 3])
def test_page_parameter_chooses_the_page_shown(client_in, wave, page):
    assert shown_pages(client_in.get(form_url(wave, page))) == [page]


@pytest.mark.parametrize("page", ["0", "4", "-1", "abc", ""])
def test_page_out_of_range_falls_back_to_the_first_unfinished_page(client_in, wave, pages, page):
    client_in.post(form_url(wave), {**answers_for(pages[0]), "action": "save:1"})
    response = client_in.get(form_url(wave), {"page": page})
    assert response.status_code == 200
    assert shown_pages(response) == [2]


def test_saved_answers_are_checked_on_every_page(client_in, wave, pages):
    data = {**answers_for(pages[0], value=3), **answers_for(pages[2], value=4)}
    client_in.post(form_url(wave), {**data, "action": "save:1"})
    assert checked(client_in.get(form_url(wave, 2))) == posted(data)


# --- Next, Back, Save -------------------------------------------------------------------------


def test_next_saves_the_answers_and_goes_to_the_next_page(client_in, wave, pages, person):
    data = answers_for(pages[0])
    response = client_in.post(form_url(wave), {**data, "action": "next:1"})
    assert response.status_code == 302 and response["Location"] == form_url(wave, 2)
    saved = response_of(wave, person)
    assert saved.unit_id == person.unit_id and saved.submitted_at is None
    assert stored(wave, person) == posted(data)


def test_next_saves_the_answers_of_every_page_posted(client_in, wave, person):
    # Without JavaScript the whole form is posted: answers on hidden pages are kept too.
    data = everything(wave, value=1)
    assert client_in.post(form_url(wave), {**data, "action": "next:2"})["Location"] == form_url(
        wave, 3
    )
    assert stored(wave, person) == posted(data)


def test_next_only_checks_the_page_it_was_pressed_on(client_in, wave, pages, person):
    response = client_in.post(form_url(wave), {**answers_for(pages[1]), "action": "next:2"})
    assert response["Location"] == form_url(wave, 3)


def test_next_with_unanswered_statements_shows_the_page_with_errors(client_in, wave, pages, person):
    data = answers_for(pages[0])
    first_missing, second_missing = pages[0].items[1], pages[0].items[3]
    del data[f"item-{first_missing.id}"], data[f"item-{second_missing.id}"]
    response = client_in.post(form_url(wave), {**data, "action": "next:1"})
    assert response.status_code == 200
    assert shown_pages(response) == [1]
    assert questions_with_errors(response) == {
        f"item-{first_missing.id}": "Fel: Besvara påståendet.",
        f"item-{second_missing.id}": "Fel: Besvara påståendet.",
    }
    links = summary_links(response)
    assert [href for href, _text in links] == [
        f"?page=1#item-{first_missing.id}-0",
        f"?page=1#item-{second_missing.id}-0",
    ]
    assert links[0][1].startswith("Besvara påståendet. Påstående 1.1 skill")
    fieldset = document(response).xpath(f"//fieldset[@data-question='item-{first_missing.id}']")
    assert fieldset[0].get("aria-describedby") == f"item-{first_missing.id}-error"
    assert document(response).findtext(".//title").startswith("Fel: ")
    # The answers that were given are saved and shown again.
    assert stored(wave, person) == posted(data)
    assert checked(response) == posted(data)


def test_error_page_after_next_is_not_cached_for_later_requests(client_in, wave, pages):
    data = answers_for(pages[0])
    del data[f"item-{pages[0].items[0].id}"]
    client_in.post(form_url(wave), {**data, "action": "next:1"})
    response = client_in.get(form_url(wave, 1))
    assert questions_with_errors(response) == {} and summary_links(response) == []


def test_back_saves_the_answers_and_goes_to_the_previous_page(client_in, wave, pages, person):
    one = {f"item-{pages[1].items[0].id}": "1"}
    response = client_in.post(form_url(wave), {**one, "action": "back:2"})
    assert response.status_code == 302 and response["Location"] == form_url(wave, 1)
    assert stored(wave, person) == posted(one)
    # Back does not ask for the missing answers, and the first page has nothing before it.
    assert client_in.post(form_url(wave), {"action": "back:1"})["Location"] == form_url(wave, 1)


def test_save_stores_the_answers_and_stays_on_the_page_with_a_message(
    client_in, wave, pages, person
):
    data = answers_for(pages[1])
    response = client_in.post(form_url(wave), {**data, "action": "save:2"})
    assert response.status_code == 302 and response["Location"] == form_url(wave, 2)
    assert stored(wave, person) == posted(data)
    page = client_in.get(response["Location"])
    assert "Dina svar är sparade. Du kan fortsätta senare." in page.content.decode()
    assert shown_pages(page) == [2]


def test_a_post_without_a_known_action_saves_like_save(client_in, wave, pages, person):
    data = answers_for(pages[0])
    for action in ({}, {"action": "delete:1"}):
        response = client_in.post(form_url(wave), {**data, **action})
        assert response.status_code == 302 and response["Location"] == form_url(wave, 1)
    assert stored(wave, person) == posted(data)


def test_changing_an_answer_updates_it_in_place(client_in, wave, pages, person):
    client_in.post(form_url(wave), {**answers_for(pages[0], value=1), "action": "next:1"})
    client_in.post(form_url(wave), {**answers_for(pages[0], value=3), "action": "next:1"})
    assert sorted(stored(wave, person).values()) == [3, 3, 3, 3]
    assert Response.objects.filter(wave=wave).count() == 1


# --- Autosave (sent by form.js when the page is hidden or left) --------------------------------


def test_autosave_stores_the_answers_and_returns_no_content(client_in, wave, pages, person):
    data = {**answers_for(pages[0]), f"item-{pages[2].items[0].id}": "4"}
    response = client_in.post(form_url(wave), {**data, "action": "autosave"})
    assert response.status_code == 204 and response.content == b""
    assert stored(wave, person) == posted(data)
    assert response_of(wave, person).submitted_at is None


def test_autosave_after_submission_is_refused_and_changes_nothing(client_in, wave, person):
    client_in.post(form_url(wave), {**everything(wave, value=2), "action": "submit"})
    before = stored(wave, person)
    response = client_in.post(form_url(wave), {**everything(wave, value=0), "action": "autosave"})
    assert response.status_code == 409
    assert stored(wave, person) == before


def test_autosave_to_a_closed_wave_is_refused_and_stores_nothing(client_in, wave, person):
    close(wave)
    response = client_in.post(form_url(wave), {**everything(wave), "action": "autosave"})
    assert response.status_code == 410
    assert stored(wave, person) == {}


def test_autosave_with_a_value_out_of_range_stores_nothing(client_in, wave, pages, person):
    data = {**answers_for(pages[0]), f"item-{pages[0].items[0].id}": "4"}
    response = client_in.post(form_url(wave), {**data, "action": "autosave"})
    assert response.status_code == 400
    assert response_of(wave, person) is None


# --- Submission -------------------------------------------------------------------------------


def test_submit_in_one_post_stores_scores_and_completes_the_invitation(client_in, wave, person):
    data = everything(wave, value=2)
    response = client_in.post(form_url(wave), {**data, "action": "submit"})
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:my_profile")
    assert stored(wave, person) == posted(data)
    final = response_of(wave, person)
    assert final.submitted_at is not None and final.unit_id == person.unit_id
    assert final.total_score == pytest.approx(100 * 2 / 3, abs=0.01)
    assert final.area_scores and final.competence_scores
    assert final.practices_index is not None and final.is_active_user is not None
    assert Invitation.objects.get(wave=wave, person=person).completed
    profile = client_in.get(response["Location"])
    assert "Tack! Dina svar är inskickade." in profile.content.decode()


def test_scores_of_the_submission_equal_the_scores_of_its_stored_answers(client_in, wave, pages):
    # Varied answers: the form scores what it was posted, the scoring service what is stored.
    data = {
        f"item-{item.id}": str(n % (value_range(item)[-1] + 1))
        for n, item in enumerate(item for page in pages for item in page.items)
    }
    client_in.post(form_url(wave), {**data, "action": "submit"})
    final = Response.objects.get(wave=wave)
    fields = scoring.SCORE_FIELDS
    from_form = {field: getattr(final, field) for field in fields}
    scoring.score_response(final)
    final.refresh_from_db()
    assert from_form == {field: getattr(final, field) for field in fields}
    assert from_form["total_score"] is not None


def test_submit_completes_with_answers_saved_earlier(client_in, wave, pages, person):
    first = answers_for(pages[0], pages[1], value=1)
    client_in.post(form_url(wave), {**first, "action": "next:2"})
    last = answers_for(pages[2], value=4)
    response = client_in.post(form_url(wave), {**last, "action": "submit"})
    assert response["Location"] == reverse("assessments:my_profile")
    assert stored(wave, person) == posted({**first, **last})
    assert response_of(wave, person).total_score == pytest.approx(100 / 3, abs=0.01)
    assert Invitation.objects.get(wave=wave, person=person).completed


def test_submit_with_statements_unanswered_lists_the_pages_and_keeps_the_answers(
    client_in, wave, pages, person
):
    data = {**answers_for(pages[2]), f"item-{pages[0].items[0].id}": "1"}
    response = client_in.post(form_url(wave), {**data, "action": "submit"})
    assert response.status_code == 200
    assert shown_pages(response) == [1]
    assert summary_links(response) == [
        (
            f"?page=1#item-{pages[0].items[1].id}-0",
            f"{pages[0].title}: 3 påståenden är inte besvarade",
        ),
        (
            f"?page=2#item-{pages[1].items[0].id}-0",
            f"{pages[1].title}: 2 påståenden är inte besvarade",
        ),
    ]
    assert stored(wave, person) == posted(data)
    assert checked(response) == posted(data)
    assert response_of(wave, person).submitted_at is None
    assert response_of(wave, person).total_score is None
    assert not Invitation.objects.get(wave=wave, person=person).completed


def test_submit_with_nothing_answered_creates_no_final_response(client_in, wave, person):
    response = client_in.post(form_url(wave), {"action": "submit"})
    assert response.status_code == 200
    assert len(summary_links(response)) == 3
    assert Response.objects.filter(wave=wave, submitted_at__isnull=False).count() == 0
    assert not Invitation.objects.get(wave=wave, person=person).completed


def test_submitting_twice_changes_nothing(client_in, wave, person):
    client_in.post(form_url(wave), {**everything(wave, value=2), "action": "submit"})
    first = response_of(wave, person)
    again = client_in.post(form_url(wave), {**everything(wave, value=0), "action": "submit"})
    assert again.status_code == 302
    assert again["Location"] == reverse("assessments:my_profile")
    second = response_of(wave, person)
    assert (second.submitted_at, second.total_score) == (first.submitted_at, first.total_score)
    assert set(stored(wave, person).values()) == {2}
    assert Response.objects.filter(wave=wave).count() == 1


def test_the_form_of_a_submitted_response_goes_to_the_profile(client_in, wave, person):
    client_in.post(form_url(wave), {**everything(wave), "action": "submit"})
    for action in ("next:1", "back:2", "save:3"):
        response = client_in.post(form_url(wave), {**everything(wave, value=0), "action": action})
        assert response["Location"] == reverse("assessments:my_profile")
    assert set(stored(wave, person).values()) == {2}
    page = client_in.get(form_url(wave), follow=True)
    assert page.redirect_chain[-1][0] == reverse("assessments:my_profile")
    assert "Du har redan skickat in dina svar. Tack!" in page.content.decode()


def test_submitting_a_follow_up_stores_the_reliable_change_verdict(client_in, organisation, person):
    people = [person] + [make_person(organisation["branch_a"]) for _ in range(5)]
    _baseline, follow_up = baseline_and_follow_up(people)
    client_in.post(form_url(follow_up), {**everything(follow_up, value=3), "action": "submit"})
    change = Change.objects.get(follow_up=follow_up, pseudonym=pseudonym_for(person.id))
    assert change.follow_up_total == response_of(follow_up, person).total_score == 100
    assert change.verdict == Change.Verdict.INCREASED


CLICKS = 4


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True)
def test_clicks_on_submit_at_once_give_one_final_response(wave, person):
    # With JavaScript a person answering in one sitting saves nothing before the submission,
    # so a double click (or a slow network and an impatient person) races to create the
    # response. Every click must end on the profile, none in a server error.
    data = {**everything(wave), "action": "submit"}
    start = threading.Barrier(CLICKS)
    statuses = []

    def click():
        try:
            client = Client(raise_request_exception=False)
            client.force_login(person.user)
            start.wait()
            statuses.append(client.post(form_url(wave), data).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(CLICKS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * CLICKS
    final = Response.objects.get(wave=wave)
    assert final.submitted_at is not None
    assert Answer.objects.filter(response=final).count() == 10


# --- Refused posts ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["4", "7", "-1", "abc", "2.0"])
def test_value_out_of_range_is_refused_with_the_question_marked(
    client_in, wave, pages, person, value
):
    bad = pages[1].items[1]
    data = {**everything(wave), f"item-{bad.id}": value, "action": "next:1"}
    response = client_in.post(form_url(wave), data)
    assert response.status_code == 400
    assert shown_pages(response) == [2]  # the page of the question in error
    assert questions_with_errors(response) == {f"item-{bad.id}": "Fel: Välj ett av alternativen."}
    assert summary_links(response)[0][0] == f"?page=2#item-{bad.id}-0"
    assert stored(wave, person) == {}


@pytest.mark.parametrize("action", ["save:1", "submit"])
def test_value_out_of_range_leaves_the_saved_answers_as_they_were(
    client_in, wave, pages, person, action
):
    saved = answers_for(pages[0], value=1)
    client_in.post(form_url(wave), {**saved, "action": "save:1"})
    data = {**everything(wave, value=3), f"item-{pages[0].items[0].id}": "9", "action": action}
    assert client_in.post(form_url(wave), data).status_code == 400
    assert stored(wave, person) == posted(saved)
    assert response_of(wave, person).submitted_at is None
    assert not Invitation.objects.get(wave=wave, person=person).completed


def test_practice_item_accepts_four_but_competence_item_does_not(client_in, wave, pages):
    data = {**answers_for(pages[0]), f"item-{pages[0].items[0].id}": "4", "action": "next:1"}
    assert client_in.post(form_url(wave), data).status_code == 400
    data = {**answers_for(pages[2], value=4), "action": "next:3"}
    assert client_in.post(form_url(wave), data).status_code == 302


@pytest.mark.parametrize("action", ["next:1", "save:1", "autosave", "submit"])
def test_unknown_item_names_are_refused_and_nothing_is_stored(
    client_in, wave, person, organisation, action
):
    other = make_wave([organisation["root"]], name="En annan mätning")
    foreign = form_pages(other.instrument)[0].items[0]
    for name in (f"item-{foreign.id}", "item-abc", "item-", "item-99999999"):
        data = {**everything(wave), name: "1", "action": action}
        response = client_in.post(form_url(wave), data)
        assert response.status_code == 400
        assert "Formuläret kunde inte läsas" in response.content.decode()
    assert response_of(wave, person) is None
    assert not Invitation.objects.get(wave=wave, person=person).completed


def test_a_wave_the_person_is_not_invited_to_is_not_found(client_in, wave, person, organisation):
    theirs = make_wave([organisation["museum"]], name="Museets mätning")
    assert client_in.get(form_url(theirs)).status_code == 404
    for action in ("next:1", "autosave", "submit"):
        data = {**everything(theirs), "action": action}
        assert client_in.post(form_url(theirs), data).status_code == 404
    assert Response.objects.filter(wave=theirs).count() == 0


def test_a_closed_wave_refuses_the_form_and_every_post(client_in, wave, person):
    client_in.post(form_url(wave), {**everything(wave, value=1), "action": "save:1"})
    close(wave)
    response = client_in.get(form_url(wave))
    assert response.status_code == 410
    assert "Självskattningen är stängd" in response.content.decode()
    for action in ("next:1", "back:2", "save:1", "submit"):
        data = {**everything(wave, value=3), "action": action}
        assert client_in.post(form_url(wave), data).status_code == 410
    assert set(stored(wave, person).values()) == {1}
    assert response_of(wave, person).submitted_at is None


def test_someone_signed_out_is_sent_to_sign_in(client, wave):
    response = client.get(form_url(wave))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- The hot path -----------------------------------------------------------------------------


def test_showing_the_form_uses_few_queries(client_in, wave, pages, django_assert_max_num_queries):
    client_in.post(form_url(wave), {**answers_for(pages[0]), "action": "save:1"})
    client_in.get(form_url(wave))  # fills the per-process caches of the frozen instrument
    with django_assert_max_num_queries(QUERIES_TO_SHOW_THE_FORM):
        response = client_in.get(form_url(wave))
    assert shown_pages(response) == [2]


def test_submitting_the_form_uses_few_queries(
    client, wave, organisation, django_assert_max_num_queries
):
    data = {**everything(wave), "action": "submit"}
    # Someone else's submission first: it fills the process caches and the programme's
    # measurement settings, as in a wave where many people answer.
    client.login(email=organisation["employee_b"].email, password=PASSWORD)
    client.post(form_url(wave), data)
    client.login(email=organisation["employee_a"].email, password=PASSWORD)
    client.get(form_url(wave))
    with django_assert_max_num_queries(QUERIES_TO_SUBMIT):
        response = client.post(form_url(wave), data)
    assert response["Location"] == reverse("assessments:my_profile")
    assert Response.objects.filter(wave=wave, total_score__isnull=False).count() == 2


# Measured, plus two so that only a real regression fails. Showing: session, user, roles,
# invitation with person, wave and instrument, saved answers. Submitting on SQLite (PostgreSQL
# sends the answers with COPY, which Django does not count): the same four, then a savepoint,
# the response (locked), the measurement settings, insert the response, insert the answers,
# update the invitation, release.
QUERIES_TO_SHOW_THE_FORM = 5 + 2
QUERIES_TO_SUBMIT = 11 + 2
