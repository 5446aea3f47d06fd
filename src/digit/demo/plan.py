"""Demo step: the seed programme's plan placed so that the demo is in full swing today.

"Digit or die" ran 2019-09-02 – 2022-06-30 (34 months). The demo keeps that plan (phases,
targets, budget) and moves it in whole weeks so that today falls in the collegial-learning
phase, after the first follow-up wave and with the final follow-up still ahead. Every other
demo step takes its dates from ``placed(programme, original_date)``.

The plan is placed when the demo is first loaded and kept afterwards: running the demo again,
on the same day or later, changes nothing (to place it on a new day, load the demo into a new
database).
"""

import datetime

from django.db import transaction
from django.utils import timezone

from digit.programmes.models import Programme

SEED_SLUG = "digit-or-die"
ORIGINAL_START = datetime.date(2019, 9, 2)
ORIGINAL_END = datetime.date(2022, 6, 30)
# The original day that today becomes: in collegial learning (2020-09-01 – 2021-12-17), after
# the first follow-up wave (November 2020), before the final one (February 2022). A Monday.
ORIGINAL_TODAY = datetime.date(2021, 3, 1)

BACKGROUND = (
    "Planen, målen och budgeten kommer från ESF-projektet Digit or die, som "
    "Kulturförvaltningen i Stockholms stad genomförde {start} – {end}. I demon är planen "
    "flyttad (i hela veckor) så att programmet pågick när demon lästes in: då låg dagens datum i "
    "fasen kollegialt lärande, efter den första uppföljningen och före slutmätningen."
)


def seed_programme() -> Programme | None:
    return Programme.objects.filter(slug=SEED_SLUG).first()


def placed(programme: Programme, original: datetime.date) -> datetime.date:
    """The demo's date for a date of the original plan (the same weekday)."""
    return programme.starts_on + (original - ORIGINAL_START)


def shift_for(today: datetime.date) -> datetime.timedelta:
    """Whole weeks that bring ORIGINAL_TODAY to today or the six days before it."""
    return datetime.timedelta(weeks=(today - ORIGINAL_TODAY).days // 7)


@transaction.atomic
def place_plan(command, options):
    """Move the seed programme and its phases once; later runs keep where it was placed."""
    programme = seed_programme()
    if programme is None:
        command.stdout.write("Plan: seed programme missing, skipped.")
        return
    if programme.starts_on != ORIGINAL_START or programme.waves.exists():
        command.stdout.write(f"Plan: placed already ({programme.starts_on} – {programme.ends_on}).")
        return
    shift = shift_for(timezone.localdate())
    programme.starts_on += shift
    programme.ends_on += shift
    programme.background = BACKGROUND.format(start=ORIGINAL_START, end=ORIGINAL_END)
    programme.save(update_fields=["starts_on", "ends_on", "background"])
    for phase in programme.phases.all():
        phase.starts_on += shift
        phase.ends_on += shift
        phase.save(update_fields=["starts_on", "ends_on"])
    command.stdout.write(
        f"Plan: {programme.name} placed at {programme.starts_on} – {programme.ends_on} "
        f"(the original project's {ORIGINAL_START} – {ORIGINAL_END} moved {shift.days} days)."
    )
