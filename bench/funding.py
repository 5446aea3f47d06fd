"""Funding at the size of a whole city: 45,000 participants × 36 months, about 20 sessions
each. Prints the time and peak memory of each measured step.

    .venv/bin/python bench/funding.py                       # SQLite file in a temp dir
    .venv/bin/python bench/funding.py --database-url postgres://postgres@127.0.0.1:5432/digit_funding

The database named in the URL only names a throw-away test database ("test_<name>"),
created and migrated here and dropped at the end. Each measured step runs in a process of its
own, so its peak RSS is its own (Python, Django and the step), not the set-up's.

Steps and targets (issue #9):
- a month's certificates for 45,000 people (built from attendance): < 30 s and < 500 MB;
- a claim (a quarter: 3 months × 45,000 signed and attested certificates): < 5 s;
- the evidence package of a claim with 1,100 participants' certificates: < 60 s.
"""

import argparse
import datetime
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
BIG, SMALL = "bench-city", "bench-small"
START = datetime.date(2023, 1, 1)
QUARTER = [datetime.date(2024, 1, 1), datetime.date(2024, 2, 1), datetime.date(2024, 3, 1)]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _django(database_url: str, var_dir: str) -> None:
    os.environ.setdefault("DIGIT_VAR_DIR", var_dir)
    os.environ.setdefault("DIGIT_HTTPS", "0")
    os.environ.setdefault("DIGIT_SECRET_KEY", "bench")
    os.environ.setdefault("DIGIT_PSEUDONYM_KEY", "bench")
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "digit.settings"
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=45_000)
    parser.add_argument("--small", type=int, default=1_100)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--step", default="", help=argparse.SUPPRESS)
    parser.add_argument(
        "--only", default="", help="comma-separated words of the steps to run (e.g. claim)"
    )
    args = parser.parse_args()
    if args.step:
        _django(args.database_url, os.environ["DIGIT_VAR_DIR"])
        STEPS[args.step]()
        return
    workdir = Path(tempfile.mkdtemp(prefix="digit-bench-funding-"))
    _django(args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}", str(workdir))
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(workdir / "bench-test.sqlite3")
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    url = _url_of(connection, test_name, workdir)
    print(f"database: {connection.vendor} {test_name}")
    try:
        started = time.perf_counter()
        _setup(args)
        print(f"set-up (not measured): {time.perf_counter() - started:.1f} s")
        connection.close()
        wanted = [word for word in args.only.split(",") if word]
        results = {
            name: _run_step(name, url, workdir)
            for name in STEPS
            if not wanted or any(word in name for word in wanted)
        }
    finally:
        connection.creation.destroy_test_db(test_name, verbosity=0, keepdb=False)
    _report(args, results)


def _url_of(connection, test_name, workdir) -> str:
    if connection.vendor == "sqlite":
        return f"sqlite:///{test_name}"
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{test_name}"


def _run_step(name: str, url: str, workdir: Path) -> dict:
    environment = {**os.environ, "DIGIT_VAR_DIR": str(workdir)}
    output = subprocess.run(
        [sys.executable, __file__, "--step", name, "--database-url", url],
        env=environment, check=True, stdout=subprocess.PIPE, text=True,
    ).stdout  # fmt: skip
    result = json.loads(output.strip().splitlines()[-1])
    print(f"{name:<34} {result['seconds']:7.2f} s   peak RSS {result['rss_mb']:6.0f} MB   "
          f"{result.get('note', '')}", flush=True)  # fmt: skip
    return result


def _measured(function):
    """Time ``function`` in this (step) process and print seconds, peak RSS and its note."""
    started = time.perf_counter()
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profile = cProfile.Profile()
        note = profile.runcall(function)
        pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
    else:
        note = function()
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "rss_mb": rss_mb(), "note": note}))


# --- Set-up -------------------------------------------------------------------------------


def _setup(args) -> None:
    from digit.programmes.models import Programme

    big = _programme(BIG, args.participants, "B")
    _attendance(big, QUARTER, random.Random(1))
    small = _programme(SMALL, args.small, "S")
    _attendance(small, [QUARTER[0]], random.Random(2), sessions_each=3)
    # Outside the measured steps: the quarter's certificates, signed and attested, for the
    # claim; the small programme's month, signed, attested and claimed, for the evidence.
    from digit.funding import claims
    from digit.funding.certificates import build_month

    for month in QUARTER[1:]:
        build_month(big, month)
    build_month(small, QUARTER[0])
    _sign_and_attest_all(small)
    claim = _claim(small, QUARTER[0])
    claims.submit(claim.pk, user=None)
    assert Programme.objects.count() >= 2


def _programme(slug: str, participants: int, prefix: str):
    from digit.bulk import insert_rows
    from digit.funding.models import FundingPlan, UnitCost
    from digit.people.models import Person, Unit
    from digit.programmes.models import Programme

    root = Unit.objects.create(code=f"{prefix}-ROOT", name=f"{slug}", kind="administration")
    units = [Unit.objects.create(code=f"{prefix}-{n}", name=f"Enhet {n}", parent=root)
             for n in range(100)]  # fmt: skip
    numbers = [f"{prefix}{n:06d}" for n in range(participants)]
    insert_rows(
        Person,
        {
            "employee_number": numbers,
            "first_name": ["Anna"] * participants,
            "last_name": [f"Andersson {n}" for n in range(participants)],
            "email": [f"{number.lower()}@bench.example" for number in numbers],
            "unit_id": [units[n % 100].pk for n in range(participants)],
            "gender": ["woman"] * participants,
        },
    )
    programme = Programme.objects.create(
        # Attendance runs from 2023; the programme's claims from 2024 (the measured quarter
        # is its first claim period).
        slug=slug, name=slug, owner="Bench", scope=root, starts_on=QUARTER[0],
        ends_on=datetime.date(2026, 12, 31),
    )  # fmt: skip
    FundingPlan.objects.create(programme=programme, decision_reference=slug)
    for year in (2023, 2024, 2025, 2026):
        UnitCost.objects.get_or_create(year=year, wage_group=1, defaults={"hourly_rate_ore": 27000})
    return programme


def _attendance(programme, measured_months, rng, sessions_each=20) -> None:
    """About ``sessions_each`` sessions per person over the 36 months, one in each measured
    month, written month by month (COPY on PostgreSQL)."""
    from django.utils import timezone

    from digit.bulk import insert_rows
    from digit.learning.models import Activity, Attendance, Session
    from digit.people.models import Person

    people = list(Person.objects.filter(unit__parent=programme.scope).values_list("pk", flat=True))
    months = [datetime.date(START.year + m // 12, m % 12 + 1, 1) for m in range(36)]
    extra = {month: [] for month in months}
    others = [m for m in months if m not in measured_months]
    for person in people:
        for month in rng.sample(others, max(0, sessions_each - len(measured_months))):
            extra[month].append(person)
    zone = timezone.get_current_timezone()
    now = timezone.now()
    for month in months:
        activity = Activity.objects.create(
            programme=programme, kind="course", format="on_site",
            title_sv=f"Kurs {month:%Y-%m}", title_en=f"Course {month:%Y-%m}",
        )  # fmt: skip
        sessions = []
        for day in range(1, 21):
            starts = datetime.datetime.combine(month.replace(day=day), datetime.time(9), zone)
            sessions.append(Session(
                activity=activity, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3),
                capacity=50_000, external_trainer="Bench",
                cancellation_deadline=starts - datetime.timedelta(days=1),
            ))  # fmt: skip
        session_ids = [s.pk for s in Session.objects.bulk_create(sessions)]
        attendees = people if month in measured_months else extra[month]
        count = len(attendees)
        partial = [rng.random() < 0.1 for _ in range(count)]
        insert_rows(
            Attendance,
            {
                "session_id": [rng.choice(session_ids) for _ in range(count)],
                "person_id": attendees,
                "status": ["partial" if p else "present" for p in partial],
                "minutes": [rng.choice([60, 90, 120]) if p else 180 for p in partial],
                "registered_at": [now] * count,
            },
        )


def _sign_and_attest_all(programme) -> None:
    from django.db.models import F
    from django.utils import timezone

    from digit.funding.models import TimeCertificate

    TimeCertificate.objects.filter(programme=programme, is_current=True).update(
        status="attested", signed_at=timezone.now(), signed_sha256=F("content_sha256"),
        attested_at=timezone.now(), attested_sha256=F("content_sha256"),
    )  # fmt: skip


def _claim(programme, day):
    from digit.funding.claims import ensure_periods
    from digit.funding.models import ClaimPeriod, PaymentClaim

    ensure_periods(programme.funding_plan)
    period = ClaimPeriod.objects.get(
        plan__programme=programme, starts_on__lte=day, ends_on__gte=day
    )
    return PaymentClaim.objects.get_or_create(period=period)[0]


# --- Measured steps (each in a process of its own) ----------------------------------------


def step_certificates():
    from digit.funding.certificates import build_month
    from digit.programmes.models import Programme

    programme = Programme.objects.get(slug=BIG)

    def run():
        result = build_month(programme, QUARTER[0])
        return f"{result.created} certificates built"

    _measured(run)


def step_claim():
    from digit.funding import claims
    from digit.programmes.models import Programme

    programme = Programme.objects.get(slug=BIG)
    if not programme.time_certificates.filter(month=QUARTER[0]).exists():  # --only claim
        from digit.funding.certificates import build_month

        build_month(programme, QUARTER[0])
    _sign_and_attest_all(programme)
    claim = _claim(programme, QUARTER[0])

    def run():
        submitted = claims.submit(claim.pk, user=None)
        snapshot = submitted.snapshot
        return (f"{snapshot['certificates']} certificates claimed, "
                f"{snapshot['in_kind_minutes'] // 60} hours")  # fmt: skip

    _measured(run)


def step_evidence():
    from digit.funding.evidence import evidence_zip
    from digit.funding.models import PaymentClaim

    claim = PaymentClaim.objects.get(period__plan__programme__slug=SMALL, status="submitted")

    def run():
        spool = evidence_zip(claim)
        size = spool.seek(0, 2)
        return f"{claim.snapshot['certificates']} certificate PDFs, ZIP {size / 1e6:.1f} MB"

    _measured(run)


STEPS = {
    "certificates (45,000, one month)": step_certificates,
    "claim (a quarter, 135,000)": step_claim,
    "evidence package (1,100)": step_evidence,
}


TARGETS = {"certificates": "< 30 s, < 500 MB", "claim": "< 5 s", "evidence": "< 60 s"}


def _report(args, results) -> None:
    print()
    for name, result in results.items():
        target = next(text for word, text in TARGETS.items() if name.startswith(word))
        print(
            f"{name}: {result['seconds']:.1f} s, peak RSS {result['rss_mb']:.0f} MB "
            f"(target {target})"
        )


if __name__ == "__main__":
    main()
