"""Writes for funder reporting. Every path by which a personal identity number leaves its
encryption goes through ``disclose``, which logs who, when, what and which people first."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction

from digit.access.policy import may_reveal_identity_numbers
from digit.people import identity_seal
from digit.people.models import Person
from digit.programmes.models import Programme
from digit.reporting.models import Disclosure

CHUNK = 5000


def formatted_number(sealed: str) -> str:
    """``YYYYMMDD-NNNC`` (or ``YYYYMMDD-TNNN``) of a sealed number; "" when none is stored."""
    if not sealed:
        return ""
    canonical = identity_seal.unseal(sealed)
    return f"{canonical[:8]}-{canonical[8:]}"


def disclose(
    *, user, programme: Programme, kind: str, what: str, person_ids: Iterable[int]
) -> dict[int, str]:
    """Log the disclosure, then return person id → number for the people who have one.

    Refused (PermissionDenied) for anyone but the finance officer. The log row is written in
    the same transaction as the read, so no number is returned without its log line.
    """
    if not may_reveal_identity_numbers(user):
        raise PermissionDenied
    ids = list(dict.fromkeys(person_ids))
    with transaction.atomic():
        disclosure = Disclosure.objects.create(
            by=user, kind=kind, programme=programme, what=what[:200], count=len(ids)
        )
        through = Disclosure.people.through
        through.objects.bulk_create(
            [through(disclosure_id=disclosure.pk, person_id=pk) for pk in ids], batch_size=CHUNK
        )
        numbers = {}
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            rows = Person.objects.filter(pk__in=chunk).exclude(identity_number_sealed="")
            for pk, sealed in rows.values_list("pk", "identity_number_sealed"):
                numbers[pk] = formatted_number(sealed)
    return numbers


def reveal_one(*, user, programme: Programme, person: Person) -> str:
    """The person's number for the register, logged as shown on screen."""
    numbers = disclose(
        user=user,
        programme=programme,
        kind=Disclosure.Kind.REVEAL,
        what=f"register: {person.employee_number}",
        person_ids=[person.pk],
    )
    return numbers.get(person.pk, "")
