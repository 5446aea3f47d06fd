"""Demo step: the funding side of "Digit or die" two years in.

The seed plan itself comes with the migrations (funding/seed_plan.py). Here: a clearly
labelled *example* unit-cost table (real rates come from the funder's published table for the
call's year), the participants' monthly time certificates built from the demo's attendance,
and their signatures: the first two years signed and attested (a few only signed, a few not
at all), the months after that still waiting for signatures. Idempotent: months already
built are built again (which changes nothing) and signatures are made once.
"""

import datetime
import random

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from digit.bulk import update_rows
from digit.demo.plan import placed
from digit.finance.money import ore_from_kronor, tkr
from digit.funding.certificates import build_month, first_of_month, next_month
from digit.funding.models import TimeCertificate, UnitCost
from digit.funding.services import set_unit_cost
from digit.learning import role_models
from digit.learning.models import Activity, Attendance, Enrolment, Session
from digit.people.models import Person
from digit.programmes.models import Programme

# Example hourly unit costs (SEK) for wage groups 1–7 in 2019, raised 2.5 % a year after.
EXAMPLE_RATES_2019 = [263, 295, 334, 382, 445, 523, 646]
TWO_YEARS = 24


def example_unit_costs(years) -> None:
    for year in years:
        if UnitCost.objects.filter(year=year).exists():
            continue
        factor = 1.025 ** (year - 2019)
        for group, rate in enumerate(EXAMPLE_RATES_2019, start=1):
            set_unit_cost(
                year=year,
                wage_group=group,
                hourly_rate_ore=ore_from_kronor(round(rate * factor)),
                user=None,
                is_example=True,
            )


def months_of(programme, today):
    month = first_of_month(programme.starts_on)
    last = first_of_month(min(programme.ends_on, today))
    while month < last:  # complete months only
        yield month
        month = next_month(month)


@transaction.atomic
def sign_first_two_years(programme, rng) -> None:
    """Signatures as a real programme has them: nearly all of the first two years. Once:
    when anything is signed already, the demo has been here."""
    if TimeCertificate.objects.filter(programme=programme).exclude(status="draft").exists():
        return
    cut = programme.starts_on
    for _ in range(TWO_YEARS):
        cut = next_month(first_of_month(cut))
    drafts = list(
        TimeCertificate.objects.filter(
            programme=programme, is_current=True, status="draft", month__lt=cut
        ).values_list("pk", "person_id", "content_sha256", "month")
    )
    users = dict(Person.objects.filter(user__isnull=False).values_list("pk", "user_id"))
    manager = Person.objects.filter(is_manager=True, user__isnull=False).order_by("pk").first()
    attester = manager.user_id if manager is not None else None
    columns: dict[str, list] = {
        key: []
        for key in (
            "status", "signed_by", "signed_at", "signed_sha256",
            "attested_by", "attested_at", "attested_sha256",
        )
    }  # fmt: skip
    pks = []
    for pk, person_id, digest, month in drafts:
        roll = rng.random()
        if roll < 0.04 or person_id not in users:
            continue  # never signed
        signed_at = _moment(next_month(month), rng)
        attested = roll >= 0.1 and attester is not None
        pks.append(pk)
        columns["status"].append("attested" if attested else "signed")
        columns["signed_by"].append(users[person_id])
        columns["signed_at"].append(signed_at)
        columns["signed_sha256"].append(digest)
        columns["attested_by"].append(attester if attested else None)
        columns["attested_at"].append(signed_at + datetime.timedelta(days=3) if attested else None)
        columns["attested_sha256"].append(digest if attested else "")
    update_rows(TimeCertificate, pks, columns)


def _moment(month, rng):
    zone = timezone.get_current_timezone()
    day = month + datetime.timedelta(days=rng.randrange(2, 20))
    return datetime.datetime.combine(day, datetime.time(9 + rng.randrange(8)), tzinfo=zone)


TRAINING_DAY = ("Digit-dag: gemensam utbildning", "Digit day: shared training")
COHORT = 40
ROUNDS = ((2020, 2), (2021, 2))  # (year, first month): each employee once a year, Feb–Nov


@transaction.atomic
def training_days(programme, rng) -> int:
    """Where most participants' hours come from in a real programme: a half-day of shared
    training a year for every employee, in cohorts of 40 (the catalogue's small sessions
    alone give a few hours a head). Skipped when it exists."""
    if Activity.objects.filter(programme=programme, title_sv=TRAINING_DAY[0]).exists():
        return 0
    activity = Activity.objects.create(
        programme=programme, kind=Activity.Kind.COURSE, format=Activity.Format.ON_SITE,
        title_sv=TRAINING_DAY[0], title_en=TRAINING_DAY[1], duration_minutes=240,
        description_sv="En halvdag om digitala arbetssätt för alla medarbetare.",
        description_en="Half a day on digital ways of working for every employee.",
    )  # fmt: skip
    people = list(role_models.participants(programme).order_by("unit_id", "employee_number"))
    zone = timezone.get_current_timezone()
    attendances, enrolments = [], []
    for year, first in ROUNDS:
        cohorts = [people[i : i + COHORT] for i in range(0, len(people), COHORT)]
        for index, cohort in enumerate(cohorts):
            day = datetime.date(year, first + index * 10 // len(cohorts), 1)
            day += datetime.timedelta(days=7 + (index % 3) * 5)
            while day.weekday() >= 5:
                day += datetime.timedelta(days=1)
            day = placed(programme, day)  # the seed's calendar, moved to the demo's (same weekday)
            if day >= timezone.localdate():  # attended days only
                continue
            starts_at = datetime.datetime.combine(day, datetime.time(8, 30), tzinfo=zone)
            session = Session.objects.create(
                activity=activity, starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=4), capacity=COHORT,
                seats_taken=len(cohort), place="Kulturhuset, hörsalen",
                external_trainer="Extern utbildare",
                cancellation_deadline=starts_at - datetime.timedelta(days=2),
            )  # fmt: skip
            for person in cohort:
                enrolments.append(Enrolment(session=session, person=person, status="enrolled"))
                roll = rng.random()
                if roll < 0.88:
                    status, minutes = Attendance.Status.PRESENT, 240
                elif roll < 0.94:
                    status, minutes = Attendance.Status.PARTIAL, rng.choice([90, 120, 150, 180])
                else:
                    status, minutes = Attendance.Status.ABSENT, 0
                attendances.append(
                    Attendance(session=session, person=person, status=status, minutes=minutes)
                )
    Enrolment.objects.bulk_create(enrolments, batch_size=2000)
    Attendance.objects.bulk_create(attendances, batch_size=2000)
    return len(attendances)


def populate_funding(command, options):
    programme = Programme.objects.filter(slug="digit-or-die").first()
    if programme is None or not hasattr(programme, "funding_plan"):
        return
    rng = random.Random(options.get("seed") or 2019)
    training_days(programme, rng)
    example_unit_costs(range(programme.starts_on.year, programme.ends_on.year + 1))
    today = timezone.localdate()
    for month in months_of(programme, today):
        build_month(programme, month)
    sign_first_two_years(programme, rng)
    current = TimeCertificate.objects.filter(programme=programme, is_current=True)
    signed = current.exclude(status="draft").aggregate(value=Sum("value_ore"))["value"] or 0
    total = current.aggregate(value=Sum("value_ore"))["value"] or 0
    command.stdout.write(
        f"funding: {current.count()} time certificates, in kind {tkr(total)} tkr recorded, "
        f"{tkr(signed)} tkr signed (plan 2 956 tkr)"
    )
