"""Demo step: personal identity numbers and a history of monthly files for funder reporting.

The numbers are the funder's pseudo numbers (``YYYYMMDDTNNN``): they carry the letter T, so
no real person can hold one (docs/identity-numbers.md). The birth date agrees with the
person's birth year. Months that ended more than two months ago are marked as sent, and one
of them as sent with other content (as after a late attendance correction), so the monthly
files page shows sent months, months to send again and months due.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from digit.bulk import update_rows
from digit.people import identity_seal
from digit.people.models import Person
from digit.programmes.models import Programme
from digit.reporting.models import MonthlyFile
from digit.reporting.monthly_files import overview

CORRECTED_FINGERPRINT = "0" * 64  # what a month held before a late correction


def pseudo_number(person_id: int, birth_year: int, rng: random.Random) -> str:
    born = datetime.date(birth_year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
    return f"{born:%Y%m%d}T{person_id % 1000:03d}"


@transaction.atomic
def populate_reporting(command, options):
    rng = random.Random(options.get("seed") or 2019)
    without = list(
        Person.objects.filter(identity_number_sealed="")
        .exclude(birth_year=None)
        .values_list("pk", "birth_year")
        .order_by("pk")
    )
    numbers = [pseudo_number(pk, year or 1975, rng) for pk, year in without]
    update_rows(
        Person,
        [pk for pk, _year in without],
        {
            "identity_number_sealed": [identity_seal.seal(n) for n in numbers],
            "identity_number_digest": [identity_seal.lookup_digest(n) for n in numbers],
        },
    )
    programme = Programme.objects.filter(slug="digit-or-die").first()
    sent = 0
    if programme is not None:
        sent = _monthly_history(programme)
    command.stdout.write(
        f"Reporting: {len(numbers)} pseudo identity numbers, {sent} monthly files marked sent."
    )


def _monthly_history(programme) -> int:
    today = timezone.localdate()
    states = [
        s
        for s in overview(programme, today=today).months
        if s.due < today - datetime.timedelta(days=60)
    ]
    if MonthlyFile.objects.filter(programme=programme, sent_at__isnull=False).exists():
        return 0  # already there: keep what the demo's user may have done since
    for index, state in enumerate(states):
        corrected = index == len(states) - 3
        MonthlyFile.objects.create(
            programme=programme,
            month=state.month,
            sent_fingerprint=CORRECTED_FINGERPRINT if corrected else state.fingerprint,
            sent_rows=len(state.rows),
            sent_at=timezone.make_aware(
                datetime.datetime.combine(state.due - datetime.timedelta(days=3), datetime.time(10))
            ),
        )
    return len(states)
