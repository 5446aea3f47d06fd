"""Participants with identity numbers that no real person can hold (docs/identity-numbers.md):
pseudo numbers (they carry a letter) and checksum-valid numbers of people born before 1840."""

import datetime
import itertools

from django.utils import timezone
from stdnum import luhn

from digit.learning.models import Attendance
from digit.people import identity_seal
from tests.factories import make_person
from tests.learning.factories import make_activity, make_programme, make_session

_serial = itertools.count(100)


def unassignable_number() -> str:
    """A checksum-valid 12-digit number of someone born in 1830 (never assigned: numbers were
    first given in 1947, to the living); a new one on each call."""
    serial = next(_serial)
    born = datetime.date(1830, 1, 1) + datetime.timedelta(days=serial // 900)
    nine = f"{born:%y%m%d}{serial % 900 + 100:03d}"
    return f"18{nine}{luhn.calc_check_digit(nine)}"


def number_forms(canonical: str) -> list[str]:
    """Every way the number could be written, to scan responses and files for."""
    return [
        canonical,
        canonical[2:],
        f"{canonical[:8]}-{canonical[8:]}",
        f"{canonical[2:8]}-{canonical[8:]}",
        f"{canonical[2:8]}+{canonical[8:]}",
    ]


def give_number(person, canonical: str | None = None) -> str:
    canonical = canonical or unassignable_number()
    person.identity_number_sealed = identity_seal.seal(canonical)
    person.identity_number_digest = identity_seal.lookup_digest(canonical)
    person.save(update_fields=["identity_number_sealed", "identity_number_digest"])
    return canonical


def attend(person, session, status=Attendance.Status.PRESENT, minutes=120):
    return Attendance.objects.create(session=session, person=person, status=status, minutes=minutes)


def past_session(programme, *, days_ago: int, activity=None):
    activity = activity or make_activity(programme)
    return make_session(activity, starts_in=-datetime.timedelta(days=days_ago))


def participant(programme, unit, *, days_ago=30, number=True, **fields):
    """A person with a number who attended one session ``days_ago`` days ago."""
    person = make_person(unit, **fields)
    if number:
        give_number(person)
    attend(person, past_session(programme, days_ago=days_ago))
    return person


def reporting_programme(scope, **fields):
    today = timezone.localdate()
    defaults = {"starts_on": today - datetime.timedelta(days=400)}
    defaults.update(fields)
    return make_programme(scope, **defaults)
