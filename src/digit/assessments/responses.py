"""Services of the form: start a response, save answers, submit.

A response is keyed by the person's pseudonym, never by the person; the invitation (identity
side) is only marked completed.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from digit.assessments import scoring
from digit.assessments.models import Answer, Invitation, Response, Wave
from digit.assessments.pages import form_pages, value_range
from digit.assessments.pseudonyms import pseudonym_for
from digit.bulk import insert_rows


class WaveClosed(Exception):
    """The wave is not open for answers (not yet opened, or past its closing day)."""


class AlreadySubmitted(Exception):
    """The response was submitted before; a submitted response is final."""


class TamperedAnswers(Exception):
    """The request names items that are not in this instrument's form."""


@dataclass
class PageResult:
    """Outcome of reading the posted answers."""

    values: dict[int, int] = field(default_factory=dict)  # item id → value, valid ones
    invalid: list[int] = field(default_factory=list)  # item ids with out-of-range values
    missing: list[int] = field(default_factory=list)  # item ids not answered


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


def read_form(pages, post) -> PageResult:
    """Parse the ``item-<id>`` fields of the form. Names of items that are not in the form
    raise TamperedAnswers; values out of an item's range are reported, never stored."""
    result = PageResult()
    in_form = {item.id: item for page in pages for item in page.items}
    for name in post:
        if not name.startswith("item-"):
            continue
        try:
            item_id = int(name.removeprefix("item-"))
        except ValueError:
            raise TamperedAnswers(name) from None
        if item_id not in in_form:
            raise TamperedAnswers(name)
    for item_id, item in in_form.items():
        raw = post.get(f"item-{item_id}", "")
        if raw == "":
            result.missing.append(item_id)
            continue
        try:
            value = int(raw)
        except ValueError:
            value = -1
        if value not in value_range(item):
            result.invalid.append(item_id)
        else:
            result.values[item_id] = value
    return result


def save_answers(wave: Wave, person, values: dict[int, int]) -> Response:
    """Upsert the given answers (one statement for all of them)."""
    if not wave.is_open():
        raise WaveClosed
    with transaction.atomic():
        response = start_response(wave, person)
        if response.submitted_at is not None:
            raise AlreadySubmitted
        _upsert(response, values)
    return response


def _upsert(response: Response, values: dict[int, int]) -> None:
    if values:
        Answer.objects.bulk_create(
            [Answer(response=response, item_id=i, value=v) for i, v in values.items()],
            update_conflicts=True,
            unique_fields=["response", "item"],
            update_fields=["value"],
        )


def answers_of(response: Response) -> dict[int, int]:
    return dict(Answer.objects.filter(response=response).values_list("item_id", "value"))


def stored_answers(wave: Wave, person) -> dict[int, int]:
    """The person's saved answers to the wave, in one query (through the pseudonym)."""
    answers = Answer.objects.filter(
        response__wave=wave, response__pseudonym=pseudonym_for(person.id)
    )
    return dict(answers.values_list("item_id", "value"))


def unanswered_by_page(wave: Wave, answered: dict[int, int]) -> dict[int, list[int]]:
    """{page number: [unanswered item ids]} for pages that are not complete."""
    result = {}
    for page in form_pages(wave.instrument):
        missing = [
            item.id for item in page.items if answered.get(item.id, -1) not in value_range(item)
        ]
        if missing:
            result[page.number] = missing
    return result


def submit(wave: Wave, person, values: dict[int, int] | None = None) -> Response:
    """Save ``values`` (item id → answer) and make the response final: all answers present and
    in range, then score it and mark the invitation completed, in one transaction.

    Raises WaveClosed, AlreadySubmitted, or IncompleteResponse (with the unanswered items by
    page; the given answers are saved all the same, so nothing is lost)."""
    if not wave.is_open():
        raise WaveClosed
    values = values or {}
    try:
        return _submit(wave, person, values)
    except IntegrityError:
        # Two submissions of a new response at once (a double click): the other one created
        # the row first. Once more: it finds that row, submitted or not.
        return _submit(wave, person, values)


def _submit(wave: Wave, person, values: dict[int, int]) -> Response:
    item_count = sum(len(page.items) for page in form_pages(wave.instrument))
    with transaction.atomic():
        pseudonym = pseudonym_for(person.id)
        response = (
            Response.objects.select_for_update().filter(wave=wave, pseudonym=pseudonym).first()
        )
        if response is not None and response.submitted_at is not None:
            raise AlreadySubmitted
        new = response is None
        if response is None:
            response = Response(wave=wave, pseudonym=pseudonym, **_snapshot(person))
            answered = values
        else:
            _upsert(response, values)
            # The form posts every answer: the stored ones are read only when some are absent.
            complete = len(values) == item_count
            answered = values if complete else {**answers_of(response), **values}
        missing = unanswered_by_page(wave, answered)
        if missing:
            response.save()
        else:
            settings = _make_final(response, wave, person, answered)  # one INSERT or UPDATE
        if new and values:
            insert_rows(
                Answer,
                {
                    "response_id": [response.pk] * len(values),
                    "item_id": list(values),
                    "value": list(values.values()),
                },
            )
        if not missing:  # the verdict may read the answers: after they are stored
            scoring.finish_scoring(response, wave, settings)
            Invitation.objects.filter(wave=wave, person=person).update(completed=True)
    if missing:
        raise IncompleteResponse(missing)
    return response


def _make_final(response: Response, wave: Wave, person, answered: dict[int, int]):
    """Snapshot, submission time and scores, saved at once; returns the measurement settings."""
    for attribute, value in _snapshot(person).items():
        setattr(response, attribute, value)
    response.submitted_at = timezone.now()
    settings = scoring.settings_of_wave(wave)
    scoring.set_scores(response, scoring.columns_of(wave.instrument), answered, settings)
    if response.pk is None:
        response.save()
    else:
        response.save(update_fields=["submitted_at", *_snapshot(person), *scoring.SCORE_FIELDS])
    return settings


class IncompleteResponse(Exception):
    def __init__(self, missing_by_page: dict[int, list[int]]):
        super().__init__(missing_by_page)
        self.missing_by_page = missing_by_page
