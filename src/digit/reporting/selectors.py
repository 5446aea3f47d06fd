"""Scoped reads for funder reporting: programmes, their participants, the disclosure log."""

from dataclasses import dataclass

from django.db.models import Min
from django.db.models.functions import TruncDate

from digit.access.policy import may_read_reports, may_see_participant_register
from digit.learning.models import Attendance
from digit.people.models import Person
from digit.programmes.models import Programme
from digit.programmes.selectors import visible_programmes
from digit.reporting.eu_indicators import Participant
from digit.reporting.models import Disclosure
from digit.reporting.participation import Participation, participation

ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.PARTIAL)


def reporting_programmes(user):
    """Programmes whose participant register the user may open (finance, auditors)."""
    if not may_see_participant_register(user):
        return Programme.objects.none()
    return visible_programmes(user)


def report_programmes(user):
    """Programmes whose progress and final reports the user may read (staff, finance,
    auditors)."""
    if not may_read_reports(user):
        return Programme.objects.none()
    return visible_programmes(user)


def visible_disclosures(user):
    if not may_see_participant_register(user):
        return Disclosure.objects.none()
    return Disclosure.objects.select_related("by", "programme")


def participations(programme: Programme, *, person_id: int | None = None) -> list[Participation]:
    """Every participant of the programme (or the one given) with start and end
    (reporting.participation), in order of start: one aggregate over attendance and one read
    of the people concerned."""
    attended = Attendance.objects.filter(
        session__activity__programme=programme, status__in=ATTENDED
    )
    if person_id is not None:
        attended = attended.filter(person_id=person_id)
    # The first session's local date, computed by the database (in the current time zone).
    firsts = dict(
        attended.values("person_id")
        .annotate(first=Min(TruncDate("session__starts_at")))
        .values_list("person_id", "first")
    )
    leaving = _leaving_dates(list(firsts))
    return sorted(
        (
            participation(
                person_id,
                first_attendance=first,
                programme_end=programme.ends_on,
                left_on=leaving[person_id][0],
                employment_end=leaving[person_id][1],
            )
            for person_id, first in firsts.items()
        ),
        key=lambda p: (p.start, p.person_id),
    )


def _leaving_dates(person_ids: list[int]) -> dict:
    """person id → (left_on, employment_end). Many ids: one pass over everyone, quicker than
    a huge IN list (and within SQLite's limit on parameters)."""
    people = Person.objects.all()
    if len(person_ids) < 10_000:
        people = people.filter(pk__in=person_ids)
    rows = people.values_list("pk", "left_on", "employment_end").iterator(chunk_size=5000)
    return {pk: (left_on, employment_end) for pk, left_on, employment_end in rows}


@dataclass(frozen=True)
class RegisterRow:
    person: Person
    participation: Participation
    has_number: bool
    number: str = ""  # only when the finance officer has just revealed it (and it is logged)


def register_rows(
    participations_page: list[Participation], revealed: dict[int, str] | None = None
) -> list[RegisterRow]:
    """The people of one page of the register, in the participations' order."""
    revealed = revealed or {}
    people = Person.objects.select_related("unit").in_bulk(
        [p.person_id for p in participations_page]
    )
    return [
        RegisterRow(
            people[p.person_id],
            p,
            bool(people[p.person_id].identity_number_digest),
            revealed.get(p.person_id, ""),
        )
        for p in participations_page
    ]


def indicator_participants(programme: Programme) -> list[Participant]:
    """The programme's participants as the EU indicators count them (plain values)."""
    spans = participations(programme)
    ids = [p.person_id for p in spans]
    people = Person.objects.all()
    if len(ids) < 10_000:
        people = people.filter(pk__in=ids)
    facts = {
        pk: (gender, birth_year, education)
        for pk, gender, birth_year, education in people.values_list(
            "pk", "gender", "birth_year", "education_level"
        ).iterator(chunk_size=5000)
    }
    return [Participant(*facts[p.person_id][:2], p.start, facts[p.person_id][2]) for p in spans]
