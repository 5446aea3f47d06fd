"""The form: pages per area, save and resume, back and forward, validation, submission."""

import pytest
from django.urls import reverse

from digit.assessments.models import Answer, Invitation, Response
from digit.assessments.pages import form_pages
from digit.assessments.pseudonyms import pseudonym_for
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def page_url(wave, number):
    return reverse("assessments:form_page", args=[wave.id, number])


def answers_for(page, value=2):
    return {f"item-{item.id}": str(min(value, 3)) for item in page.items}


@pytest.fixture
def person(organisation):
    return organisation["employee_a"]


@pytest.fixture
def client_in(client, person):
    client.login(email=person.email, password=PASSWORD)
    return client


def response_of(wave, person):
    return Response.objects.filter(wave=wave, pseudonym=pseudonym_for(person.id)).first()


def test_one_page_per_area_of_the_framework_then_the_practices(wave):
    pages = form_pages(wave.instrument)
    assert [page.area.code if page.area else None for page in pages] == ["1", "2", None]
    assert [len(page.items) for page in pages] == [4, 2, 4]


def test_page_shows_fieldset_per_item_with_radio_options_and_progress(client_in, wave):
    html = client_in.get(page_url(wave, 1)).content.decode()
    assert html.count("<fieldset") == 4
    assert html.count('type="radio"') == 16
    assert "Sida 1 av 3" in html
    assert 'aria-current="step"' in html


def test_next_saves_the_page_and_goes_forward_and_back_keeps_answers(client_in, wave, person):
    page1, page2, _ = form_pages(wave.instrument)
    response = client_in.post(page_url(wave, 1), {**answers_for(page1), "action": "next"})
    assert response.status_code == 302 and response["Location"] == page_url(wave, 2)
    stored = response_of(wave, person)
    assert stored.pseudonym == pseudonym_for(person.id)
    assert stored.unit_id == person.unit_id and stored.submitted_at is None
    assert Answer.objects.filter(response=stored).count() == 4
    # Back from page 2 with one answer saves it, and page 1 still shows its answers.
    one = {f"item-{page2.items[0].id}": "1", "action": "back"}
    assert client_in.post(page_url(wave, 2), one)["Location"] == page_url(wave, 1)
    html = client_in.get(page_url(wave, 1)).content.decode()
    assert html.count(" checked") == 4
    html = client_in.get(page_url(wave, 2)).content.decode()
    assert html.count(" checked") == 1


def test_changing_an_answer_updates_it_in_place(client_in, wave, person):
    page1 = form_pages(wave.instrument)[0]
    client_in.post(page_url(wave, 1), {**answers_for(page1, 1), "action": "next"})
    client_in.post(page_url(wave, 1), {**answers_for(page1, 3), "action": "next"})
    values = Answer.objects.filter(response=response_of(wave, person)).values_list(
        "value", flat=True
    )
    assert sorted(values) == [3, 3, 3, 3]


def test_save_and_resume_later_returns_to_first_unfinished_page(client_in, wave):
    page1 = form_pages(wave.instrument)[0]
    response = client_in.post(page_url(wave, 1), {**answers_for(page1), "action": "save"})
    assert response["Location"] == page_url(wave, 1)
    start = client_in.get(reverse("assessments:form_start", args=[wave.id]))
    assert start["Location"] == page_url(wave, 2)


def test_missing_answers_show_an_error_summary_linking_to_the_first(client_in, wave, person):
    page1 = form_pages(wave.instrument)[0]
    partial = answers_for(page1)
    first_missing = page1.items[1]
    del partial[f"item-{first_missing.id}"]
    response = client_in.post(page_url(wave, 1), {**partial, "action": "next"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html
    assert f'href="#item-{first_missing.id}-0"' in html
    assert f'aria-describedby="item-{first_missing.id}-error"' in html
    # The answers that were given are kept.
    assert Answer.objects.filter(response=response_of(wave, person)).count() == 3


def test_out_of_range_value_is_refused_and_nothing_is_stored(client_in, wave, person):
    page1 = form_pages(wave.instrument)[0]
    data = {**answers_for(page1), f"item-{page1.items[0].id}": "7", "action": "next"}
    response = client_in.post(page_url(wave, 1), data)
    assert response.status_code == 400
    assert Answer.objects.filter(response__wave=wave).count() == 0


def test_practice_item_accepts_four_but_competence_item_does_not(client_in, wave):
    page1 = form_pages(wave.instrument)[0]
    data = {**answers_for(page1), f"item-{page1.items[0].id}": "4", "action": "next"}
    assert client_in.post(page_url(wave, 1), data).status_code == 400
    practices = form_pages(wave.instrument)[2]
    data = {f"item-{item.id}": "4" for item in practices.items} | {"action": "save"}
    assert client_in.post(page_url(wave, 3), data).status_code == 302


def test_tampered_item_ids_are_refused_and_nothing_is_stored(client_in, wave):
    page1, page2, _ = form_pages(wave.instrument)
    data = {**answers_for(page1), f"item-{page2.items[0].id}": "1", "action": "next"}
    response = client_in.post(page_url(wave, 1), data)
    assert response.status_code == 400
    assert "stämmer inte" in response.content.decode()
    assert client_in.post(page_url(wave, 1), {"item-abc": "1"}).status_code == 400
    assert Answer.objects.filter(response__wave=wave).count() == 0


def answer_everything(client, wave, value=2):
    pages = form_pages(wave.instrument)
    last = None
    for page in pages:
        action = "submit" if page.number == len(pages) else "next"
        last = client.post(
            page_url(wave, page.number), {**answers_for(page, value), "action": action}
        )
    return last


def test_submit_scores_the_response_and_completes_the_invitation(client_in, wave, person):
    response = answer_everything(client_in, wave)
    assert response["Location"] == reverse("assessments:my_profile")
    stored = response_of(wave, person)
    assert stored.submitted_at is not None
    assert stored.total_score == pytest.approx(200 / 3, abs=0.01)
    assert stored.is_active_user is False
    assert Invitation.objects.get(wave=wave, person=person).completed


def test_submit_with_pages_unanswered_lists_them_and_stores_nothing_final(client_in, wave, person):
    pages = form_pages(wave.instrument)
    data = {**answers_for(pages[-1]), "action": "submit"}
    response = client_in.post(page_url(wave, len(pages)), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert page_url(wave, 1) + f"#item-{pages[0].items[0].id}-0" in html
    assert response_of(wave, person).submitted_at is None
    assert not Invitation.objects.get(wave=wave, person=person).completed


def test_submitting_twice_changes_nothing(client_in, wave, person):
    answer_everything(client_in, wave, value=2)
    first = response_of(wave, person)
    again = answer_everything(client_in, wave, value=0)
    assert again["Location"] == reverse("assessments:my_profile")
    second = response_of(wave, person)
    assert (second.submitted_at, second.total_score) == (first.submitted_at, first.total_score)
    assert set(Answer.objects.filter(response=second).values_list("value", flat=True)) == {2}
    page = client_in.get(page_url(wave, 1), follow=True)
    assert "redan skickat" in page.content.decode()


def test_closed_wave_refuses_answers(client_in, wave):
    wave.closes_on = wave.opens_on
    wave.opens_on = wave.opens_on.replace(year=wave.opens_on.year - 1)
    wave.save()
    page1 = form_pages(wave.instrument)[0]
    response = client_in.post(page_url(wave, 1), {**answers_for(page1), "action": "next"})
    assert response.status_code == 410
    assert Answer.objects.count() == 0


def test_person_not_invited_gets_404(client, wave, organisation):
    outsider = organisation["employee_museum"]
    Invitation.objects.filter(wave=wave, person=outsider).delete()
    client.login(email=outsider.email, password=PASSWORD)
    assert client.get(page_url(wave, 1)).status_code == 404


def test_form_page_uses_few_queries(client_in, wave, django_assert_max_num_queries):
    client_in.get(page_url(wave, 1))
    with django_assert_max_num_queries(14):
        client_in.get(page_url(wave, 2))
