"""The goals dashboard at city size: server time of the real views on PostgreSQL.

    .venv/bin/python bench/dashboard.py                 # build the data once, then measure
    .venv/bin/python bench/dashboard.py --rebuild       # drop and regenerate the data
    .venv/bin/python bench/dashboard.py --repetitions 300

Data (in its own database, default postgres://postgres@127.0.0.1:5432/digit_bench_goals):
a city of 45,000 employees in a tree of 1 administration → 30 departments → ~1,000 units,
3 waves (baseline and two follow-ups) of the 63-item instrument, ~98 % answering each wave:
about 8.3 million answers (COPY via psycopg), responses with stored scores, invitations and
reliable-change rows for both follow-ups. People are plain bulk inserts.

Measured through Django's test Client against the real URLs (sessions, middleware, template
rendering included), production settings over plain HTTP, the default file-based cache:
- cold: the first request after the data changed (GROUP BY queries + charts),
- warm: p50/p95/max of many requests for the whole-administration dashboard and for units.
Targets (issue #4): p95 ≤ 200 ms for the whole administration, ≤ 100 ms for a unit.
"""

import argparse
import datetime
import hashlib
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/digit_bench_goals"
SLUG = "bench-city"
EMPLOYEES = 45_000
DEPARTMENTS = 30
UNITS = 1_000
RESPONSE_RATE = 0.98
BASELINE_RELIABILITY = 0.93
BASELINE_SD = 15.0
# The smallest change beyond measurement error: 1.96 × SD × √2 × √(1 − reliability) ≈ 11.0
RELIABLE_CHANGE = 1.96 * BASELINE_SD * (2**0.5) * (1 - BASELINE_RELIABILITY) ** 0.5


def configure(database_url: str, rebuild: bool = False) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DIGIT_HTTPS", "0")
    os.environ.setdefault("DIGIT_ALLOWED_HOSTS", "testserver,127.0.0.1")
    os.environ.setdefault("DIGIT_VAR_DIR", tempfile.mkdtemp(prefix="digit-bench-goals-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digit.settings")
    ensure_database(database_url, drop=rebuild)
    import django

    django.setup()
    from django.core.management import call_command

    # Production settings name the static files by their hash: collect them as a deploy does.
    call_command("collectstatic", interactive=False, verbosity=0)


def ensure_database(url: str, drop: bool = False) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        if drop:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def timed(label: str):
    class Timer:
        def __enter__(self):
            self.start = time.perf_counter()
            return self

        def __exit__(self, *exc):
            self.seconds = time.perf_counter() - self.start
            print(f"  {label}: {self.seconds:.1f} s", flush=True)

    return Timer()


def copy_rows(cursor, table: str, columns: list[str], lines):
    """COPY text lines (already tab-separated) into ``table``."""
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        buffer = io.StringIO()
        size = 0
        for line in lines:
            buffer.write(line)
            size += 1
            if size >= 50_000:
                copy.write(buffer.getvalue())
                buffer = io.StringIO()
                size = 0
        if size:
            copy.write(buffer.getvalue())


def build() -> None:
    """The city, once: every step draws from one seeded generator, in this order."""
    from django.core.management import call_command
    from django.db import connection

    from digit.programmes.models import Programme

    call_command("migrate", interactive=False, verbosity=0)
    if Programme.objects.filter(slug=SLUG).exists():
        print("data already built (use --rebuild to regenerate)")
        return
    print("building the city (once)…", flush=True)
    rng = random.Random(45_000)
    root, units = build_units(rng)
    people = build_people(rng, units)
    instrument, items = competence_items()
    waves = build_programme(root, instrument)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor, for COPY
        answered = copy_invitations(raw, rng, people, waves)
        scores = copy_responses(raw, rng, people, waves, answered)
        copy_changes(raw, people, waves, scores)
        copy_answers(raw, rng, waves, items)
        with timed("ANALYZE"):
            cursor.execute("ANALYZE")


def flag(value: bool) -> str:
    """A boolean in COPY's text format."""
    return "t" if value else "f"


def pseudonym(person) -> str:
    return hashlib.sha256(f"bench:{person.pk}".encode()).hexdigest()


def build_units(rng: random.Random):
    """The administration, its departments (of lognormal weight) and the units below them."""
    from django.db import transaction

    from digit.people.models import Unit

    with timed("units"), transaction.atomic():
        root = Unit.objects.create(code="BENCH", name="Staden", kind=Unit.Kind.ADMINISTRATION)
        departments = Unit.objects.bulk_create(
            Unit(
                code=f"BENCH-D{d:02d}", name=f"Förvaltning {d:02d}", kind="department", parent=root
            )  # fmt: skip
            for d in range(DEPARTMENTS)
        )
        weights = [rng.lognormvariate(0, 0.6) for _ in departments]
        leaf_parents = rng.choices(departments, weights=weights, k=UNITS)
        units = Unit.objects.bulk_create(
            Unit(code=f"BENCH-U{u:04d}", name=f"Enhet {u:04d}", kind="unit", parent=parent)
            for u, parent in enumerate(leaf_parents)
        )
    return root, units


def build_people(rng: random.Random, units):
    """The employees, spread over the units by lognormal unit sizes (plain bulk inserts)."""
    from django.db import transaction

    from digit.people.models import Person

    unit_sizes = [rng.lognormvariate(0, 0.7) for _ in units]
    genders = ["woman"] * 62 + ["man"] * 35 + ["other"] * 1 + ["not_stated"] * 2
    with timed("45,000 people (bulk insert)"), transaction.atomic():
        person_units = rng.choices(units, weights=unit_sizes, k=EMPLOYEES)
        people = [
            Person(
                employee_number=f"B{i:06d}",
                first_name=f"Förnamn{i}",
                last_name=f"Efternamn{i}",
                email=f"bench{i}@example.org",
                unit=unit,
                is_manager=rng.random() < 0.06,
                gender=rng.choice(genders),
                birth_year=rng.randint(1958, 2002),
                is_role_model=i % 1_875 == 0,  # 24 role models
            )
            for i, unit in enumerate(person_units)
        ]
        return Person.objects.bulk_create(people, batch_size=5_000)


def competence_items():
    """The seeded instrument and its 63 competence items (the work practices left out)."""
    from digit.assessments.models import Instrument, Item

    instrument = (
        Instrument.objects.filter(items__kind__in=["knowledge", "skill", "attitude"])
        .distinct()
        .order_by("id")
        .first()
    )
    items = list(
        Item.objects.filter(instrument=instrument)
        .exclude(kind="practice")
        .values_list("id", flat=True)
    )
    assert len(items) == 63, len(items)
    return instrument, items


def build_programme(root, instrument):
    """The programme over the whole city, its frozen baseline settings and its three waves."""
    from digit.assessments.models import MeasurementSettings, Wave
    from digit.programmes.models import Programme

    programme = Programme.objects.create(
        slug=SLUG,
        name="Digit i hela staden",
        owner="Stockholms stad",
        scope=root,
        starts_on=datetime.date(2019, 9, 2),
        ends_on=datetime.date(2022, 6, 30),
    )
    MeasurementSettings.objects.create(
        programme=programme, baseline_reliability=BASELINE_RELIABILITY, baseline_sd=BASELINE_SD
    )
    wave_dates = [
        datetime.date(2019, 10, 1),
        datetime.date(2020, 10, 1),
        datetime.date(2021, 10, 1),
    ]
    return [
        Wave.objects.create(
            programme=programme,
            kind="baseline" if index == 0 else "follow_up",
            name=["Kartläggning", "Uppföljning 1", "Uppföljning 2"][index],
            instrument=instrument,
            opens_on=opens_on,
            closes_on=opens_on + datetime.timedelta(days=28),
        )
        for index, opens_on in enumerate(wave_dates)
    ]


def copy_invitations(raw, rng: random.Random, people, waves) -> dict[int, list[bool]]:
    """Everyone invited to every wave; returns who answered which wave, by person id."""
    from digit.assessments.models import Invitation

    with timed("invitations (COPY)"):
        lines = []
        unsent = Invitation.Mail.UNSENT  # no e-mail: the waves are of the past
        answered: dict[int, list[bool]] = {}
        for person in people:
            flags = [rng.random() < RESPONSE_RATE for _ in waves]
            answered[person.pk] = flags
            for wave, answer in zip(waves, flags, strict=True):
                token = hashlib.sha256(f"{wave.pk}:{person.pk}".encode()).hexdigest()
                lines.append(f"{wave.pk}\t{person.pk}\t{token}\t{flag(answer)}\t{unsent}\t0\t\n")
        copy_rows(raw, "assessments_invitation",
                  ["wave_id", "person_id", "token_hash", "completed", "mail", "mail_round",
                   "mail_error"], lines)  # fmt: skip
    return answered


def copy_responses(raw, rng: random.Random, people, waves, answered):
    """A response with stored scores for every answered invitation: a person's ability, a
    gain per wave and noise; returns each person's total per wave (None: no answer)."""
    with timed("responses (COPY)"):
        lines = []
        scores: dict[int, list[float | None]] = {}
        submitted = "2020-01-01 12:00:00+00"
        for person in people:
            ability = rng.gauss(48, 15)
            gain = rng.gauss(9, 8)
            totals: list[float | None] = []
            for index, wave in enumerate(waves):
                if not answered[person.pk][index]:
                    totals.append(None)
                    continue
                total = min(100.0, max(0.0, ability + gain * index + rng.gauss(0, 4)))
                totals.append(total)
                active = rng.random() < 0.25 + 0.1 * index
                lines.append(
                    f"{wave.pk}\t{pseudonym(person)}\t{person.unit_id}\t{person.gender}\t"
                    f"{age_band(person.birth_year)}\t{flag(person.is_manager)}\t{submitted}\t"
                    f"{submitted}\t{total:.2f}\t{{}}\t{{}}\t{60 if active else 25}\t"
                    f"{flag(active)}\n"
                )
            scores[person.pk] = totals
        copy_rows(
            raw,
            "assessments_response",
            ["wave_id", "pseudonym", "unit_id", "gender", "age_band", "is_manager",
             "started_at", "submitted_at", "total_score", "area_scores",
             "competence_scores", "practices_index", "is_active_user"],
            lines,
        )  # fmt: skip
    return scores


def copy_changes(raw, people, waves, scores) -> None:
    """The reliable-change rows of both follow-ups against the baseline."""
    with timed("reliable-change rows (COPY)"):
        lines = []
        for person in people:
            totals = scores[person.pk]
            baseline = totals[0]
            if baseline is None:
                continue
            for index in (1, 2):
                total = totals[index]
                if total is not None:
                    lines.append(change_line(person, waves[index], waves[0], baseline, total))
        copy_rows(
            raw,
            "assessments_change",
            ["follow_up_id", "baseline_id", "pseudonym", "baseline_total",
             "follow_up_total", "rci", "verdict", "near_ceiling", "unit_id", "gender",
             "age_band", "is_manager"],
            lines,
        )  # fmt: skip


def change_line(person, follow_up, baseline_wave, baseline: float, total: float) -> str:
    """One change row: the reliable change index (Jacobson & Truax) and its verdict."""
    rci = (total - baseline) / (RELIABLE_CHANGE / 1.96)
    verdict = "increased" if rci >= 1.96 else ("decreased" if rci <= -1.96 else "no_change")
    ceiling = (100 - baseline) < RELIABLE_CHANGE
    return (
        f"{follow_up.pk}\t{baseline_wave.pk}\t{pseudonym(person)}\t{baseline:.2f}\t"
        f"{total:.2f}\t{rci:.4f}\t{verdict}\t{flag(ceiling)}\t"
        f"{person.unit_id}\t{person.gender}\t{age_band(person.birth_year)}\t"
        f"{flag(person.is_manager)}\n"
    )


def copy_answers(raw, rng: random.Random, waves, items) -> None:
    """Random answers (0–3) to the 63 items for every response, generated as COPY streams."""
    with timed("answers (COPY)"):
        raw.execute(
            "SELECT id FROM assessments_response WHERE wave_id = ANY(%s) ORDER BY id",
            [[wave.pk for wave in waves]],
        )
        response_ids = [row[0] for row in raw.fetchall()]
        suffixes = [f"\t{item}\t" for item in items]
        values = "0123"

        def answer_lines():
            choice = rng.choices
            for response_id in response_ids:
                prefix = str(response_id)
                picks = choice(values, k=63)
                yield "".join(
                    f"{prefix}{suffix}{value}\n"
                    for suffix, value in zip(suffixes, picks, strict=True)
                )

        copy_rows(raw, "assessments_answer", ["response_id", "item_id", "value"],
                  answer_lines())  # fmt: skip
        print(f"  {len(response_ids) * 63:,} answers", flush=True)


def age_band(birth_year: int) -> str:
    from digit.people.models import age_band as band

    return band(birth_year)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return ordered[index]


CPU_TIMES: list[float] = []


def measure(client, url: str, repetitions: int) -> list[float]:
    """Wall-clock ms per request; the CPU ms of this process go to CPU_TIMES (on a shared,
    busy machine the wall clock also counts waiting for a core)."""
    times = []
    for _ in range(repetitions):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        times.append((time.perf_counter() - start) * 1000)
        CPU_TIMES.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


def report(label: str, times: list[float], target: float | None = None, cpu=None) -> None:
    p95 = percentile(times, 0.95)
    cpu = cpu or CPU_TIMES[-len(times) :]
    verdict = "" if target is None else (" OK" if p95 <= target else f" MISSES {target:.0f} ms")
    print(
        f"{label}: n={len(times)} p50={statistics.median(times):.1f} ms "
        f"p95={p95:.1f} ms p99={percentile(times, 0.99):.1f} ms max={max(times):.1f} ms{verdict} "
        f"(CPU p95 {percentile(cpu, 0.95):.1f} ms; load average {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} CPUs)",
        flush=True,
    )


def staff_client():
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.models import Group
    from django.test import Client

    from digit.access.models import User

    user, _ = User.objects.get_or_create(email="bench-staff@example.org")
    user.groups.add(Group.objects.get(name="programme_staff"))
    # Staff must have a second factor (the middleware checks it on every request, as here).
    Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "bench"}}
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="sv")
    client.force_login(user)
    return client


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--repetitions", type=int, default=200)
    args = parser.parse_args()
    configure(args.database_url, rebuild=args.rebuild)
    build()

    from django.urls import reverse

    from digit.assessments.models import Answer, Response
    from digit.goals import indicators
    from digit.goals.freshness import bump_data_version
    from digit.goals.indicators import compute_figures
    from digit.programmes.models import Programme

    programme = Programme.objects.get(slug=SLUG)
    print(
        f"data: {Response.objects.filter(wave__programme=programme).count():,} responses, "
        f"{Answer.objects.count():,} answers",
        flush=True,
    )
    start = time.perf_counter()
    figures = compute_figures(programme)
    print(f"figures computed from SQL GROUP BY (no cache): "
          f"{(time.perf_counter() - start) * 1000:.0f} ms")  # fmt: skip
    increased = figures.indicators["increased"].total
    active = figures.indicators["active"].total
    print(f"  increased {increased.x}/{increased.n}, active {active.x}/{active.n}")

    client = staff_client()
    dashboard = reverse("goals:dashboard", kwargs={"slug": SLUG})
    summary = reverse("goals:summary", kwargs={"slug": SLUG})
    cold = []
    indicators.STALE_SECONDS = 0  # every change recomputes at once (normally once a minute)
    for _ in range(3):
        bump_data_version()
        cold += measure(client, dashboard, 1)
    indicators.STALE_SECONDS = 60
    report("dashboard, cold (data just changed: queries + charts)", cold)
    measure(client, dashboard, 3)
    report("dashboard, whole administration", measure(client, dashboard, args.repetitions), 200)
    report("open summary", measure(client, summary, args.repetitions // 2), 200)
    rng = random.Random(1)
    departments = figures.children[figures.root]
    units = [u for d in departments for u in figures.children[d]]
    urls = [
        reverse("goals:unit", kwargs={"slug": SLUG, "unit_id": unit})
        for unit in rng.sample(departments, 10) + rng.sample(units, 40)
    ]
    rounds = []
    for _ in range(max(1, args.repetitions // len(urls))):
        rounds.append([])
        for url in urls:
            rounds[-1] += measure(client, url, 1)
    times = [t for one in rounds for t in one]
    # The first round renders each unit's tables (once per unit and computation of the
    # figures); later rounds read them from the cache. Both count towards the target.
    cpu = CPU_TIMES[-len(times) :]
    first = len(rounds[0])
    report("unit page, first visit (tables rendered)", rounds[0], cpu=cpu[:first])
    if len(rounds) > 1:
        report("unit page, repeat visits", times[first:], cpu=cpu[first:])
    report("unit page (departments and units, all visits)", times, 100, cpu=cpu)


if __name__ == "__main__":
    main()
