"""Services of the form: start a response, save a page of answers, submit.

A response is keyed by the person's pseudonym, never by the person; the invitation (identity
side) is only marked completed.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from digit.assessments import scoring
from digit.assessments.models import Answer, Invitation, Response, Wave
from digit.assessments.pages import FormPage, form_pages, value_range
from digit.assessments.pseudonyms import pseudonym_for


class WaveClosed(Exception):
    """The wave is not open for answers (not yet opened, or past its closing day)."""


class AlreadySubmitted(Exception):
    """The response was submitted before; a submitted response is final."""


class TamperedAnswers(Exception):
    """The request names items that are not on this page of this instrument."""


@dataclass
class PageResult:
    """Outcome of reading one page's posted answers."""

    values: dict[int, int] = field(default_factory=dict)  # item id → value, valid ones
    invalid: list[int] = field(default_factory=list)  # item ids with out-of-range values
    missing: list[int] = field(default_factory=list)  # item ids not answered


def response_for(wave: Wave, person) -> Response | None:
    return Response.objects.filter(wave=wave, pseudonym=pseudonym_for(person.id)).first()


def _snapshot(person) -> dict:
    return {
        "unit_id": person.unit_id,
        "gender": person.gender,
        "age_band": person.age_band,
        "is_manager": person.is_manager,
    }


def start_response(wave: Wave, person) -> Response:
    """The person's response to the wave, created on first save."""
    response, _created = Response.objects.get_or_create(
        wave=wave, pseudonym=pseudonym_for(person.id), defaults=_snapshot(person)
    )
    return response


def read_page(page: FormPage, post) -> PageResult:
    """Parse ``item-<id>`` fields of one page. Names of items not on the page raise
    TamperedAnswers; values out of the item's range are reported, never stored."""
    result = PageResult()
    on_page = {item.id: item for item in page.items}
    for name in post:
        if not name.startswith("item-"):
            continue
        try:
            item_id = int(name.removeprefix("item-"))
        except ValueError:
            raise TamperedAnswers(name) from None
        if item_id not in on_page:
            raise TamperedAnswers(name)
    for item in page.items:
        raw = post.get(f"item-{item.id}", "")
        if raw == "":
            result.missing.append(item.id)
            continue
        try:
            value = int(raw)
        except ValueError:
            value = -1
        if value not in value_range(item):
            result.invalid.append(item.id)
        else:
            result.values[item.id] = value
    return result


def save_answers(wave: Wave, person, values: dict[int, int]) -> Response:
    """Upsert one page of answers (one statement for the whole page)."""
    if not wave.is_open():
        raise WaveClosed
    with transaction.atomic():
        response = start_response(wave, person)
        if response.submitted_at is not None:
            raise AlreadySubmitted
        if values:
            Answer.objects.bulk_create(
                [Answer(response=response, item_id=i, value=v) for i, v in values.items()],
                update_conflicts=True,
                unique_fields=["response", "item"],
                update_fields=["value"],
            )
    return response


def answers_of(response: Response | None, item_ids=None) -> dict[int, int]:
    if response is None:
        return {}
    answers = Answer.objects.filter(response=response)
    if item_ids is not None:
        answers = answers.filter(item_id__in=item_ids)
    return dict(answers.values_list("item_id", "value"))


def unanswered_by_page(wave: Wave, response: Response | None) -> dict[int, list[int]]:
    """{page number: [unanswered item ids]} for pages that are not complete."""
    answered = answers_of(response)
    result = {}
    for page in form_pages(wave.instrument):
        missing = [
            item.id for item in page.items if answered.get(item.id, -1) not in value_range(item)
        ]
        if missing:
            result[page.number] = missing
    return result


def submit(wave: Wave, person) -> Response:
    """Make the response final: all answers present and in range, then score it and mark the
    invitation completed, in one transaction. Raises WaveClosed, AlreadySubmitted, or
    IncompleteResponse (with the unanswered items by page)."""
    if not wave.is_open():
        raise WaveClosed
    with transaction.atomic():
        response = (
            Response.objects.select_for_update()
            .filter(wave=wave, pseudonym=pseudonym_for(person.id))
            .first()
        )
        if response is not None and response.submitted_at is not None:
            raise AlreadySubmitted
        missing = unanswered_by_page(wave, response)
        if missing:
            raise IncompleteResponse(missing)
        for attribute, value in _snapshot(person).items():
            setattr(response, attribute, value)
        response.submitted_at = timezone.now()
        response.save()
        scoring.score_response(response)
        Invitation.objects.filter(wave=wave, person=person).update(completed=True)
    return response


class IncompleteResponse(Exception):
    def __init__(self, missing_by_page: dict[int, list[int]]):
        super().__init__(missing_by_page)
        self.missing_by_page = missing_by_page
