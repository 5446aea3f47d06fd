"""Scoring at city size: 45,000 people × 3 waves with the pure functions, plus the DB path.

    .venv/bin/python bench/scoring.py                      # pure path, then DB path on SQLite
    .venv/bin/python bench/scoring.py --people 45000 --db-people 2000
    .venv/bin/python bench/scoring.py --database-url postgres://postgres@127.0.0.1:5432/digit_bench_scoring

Pure path (target, issue #3: under 10 s in all): synthetic answers for 3 waves (baseline and
two follow-ups; 63 competence items on 0–3 and 8 practices on 0–4, generated in numpy from
a latent ability that grows for most people), then for every wave: competence, area and total
scores, level bands, practices index and "active" verdict, Cronbach's alpha (total, per area,
practices), SD and SEM; then the frozen baseline and, for both follow-ups, every person's
reliable-change index, verdict, near-ceiling flag and the paired mean change.

DB path: the same for a smaller N through the real services (``score_response`` per submitted
response as in the submission transaction, ``compute_wave_statistics``, ``freeze_baseline``,
``recompute_changes``), in a fresh SQLite file or the PostgreSQL database given.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from digit.stats import change as reliable_change  # noqa: E402
from digit.stats.levels import level_for_mean  # noqa: E402
from digit.stats.practices import is_active, practices_index  # noqa: E402
from digit.stats.reliability import (  # noqa: E402
    cronbach_alpha,
    sample_sd,
    standard_error_of_measurement,
)
from digit.stats.scores import ScoreLayout, score  # noqa: E402

AREAS = {"1": 3, "2": 6, "3": 4, "4": 4, "5": 4}  # competences per area (DigComp 2.2)
ITEMS_PER_COMPETENCE = 3
DOMAINS = [
    "search_evaluate",
    "report_exchange",
    "report_exchange",
    "communicate_network",
    "communicate_network",
    "communicate_network",
    "produce",
    "habits",
]


def layout() -> tuple[ScoreLayout, list[str], np.ndarray]:
    competence_areas = {
        f"{area}.{n}": area for area, count in AREAS.items() for n in range(1, count + 1)
    }
    item_competences = [c for c in competence_areas for _ in range(ITEMS_PER_COMPETENCE)]
    item_areas = np.array([competence_areas[c] for c in item_competences])
    return ScoreLayout.from_codes(item_competences, competence_areas), item_competences, item_areas


def synthetic_waves(people: int, seed: int = 3) -> list[tuple[np.ndarray, np.ndarray]]:
    """[(competence answers people × 63 uint8, practice answers people × 8 uint8)] × 3."""
    rng = np.random.default_rng(seed)
    items = sum(AREAS.values()) * ITEMS_PER_COMPETENCE
    ability = rng.normal(1.3, 0.55, size=(people, 1))
    item_difficulty = rng.normal(0, 0.3, size=(1, items))
    growth = np.clip(rng.normal(0.35, 0.25, size=(people, 1)), -0.2, None)
    waves = []
    for wave in range(3):
        latent = ability + wave * growth - item_difficulty
        answers = np.clip(np.rint(latent + rng.normal(0, 0.6, size=(people, items))), 0, 3)
        practice_latent = 1.6 + 0.8 * (ability - 1.3) + wave * growth
        practices = np.clip(
            np.rint(practice_latent + rng.normal(0, 0.9, size=(people, len(DOMAINS)))), 0, 4
        )
        waves.append((answers.astype(np.uint8), practices.astype(np.uint8)))
    return waves


def pure_path(people: int) -> None:
    score_layout, _item_competences, item_areas = layout()
    started = time.perf_counter()
    waves = synthetic_waves(people)
    generated = time.perf_counter()
    print(f"pure path: {people:,} people × 3 waves × 71 items")
    print(f"  generate answers (numpy): {generated - started:.2f} s")

    totals, timings = [], []
    for number, (answers, practices) in enumerate(waves):
        t0 = time.perf_counter()
        scores = score(answers, score_layout)
        competence_levels = level_for_mean(scores.competence * 3 / 100)
        area_levels = level_for_mean(scores.area * 3 / 100)
        index = practices_index(practices)
        active = is_active(practices, DOMAINS)
        alpha_total = cronbach_alpha(answers)
        alpha_by_area = {area: cronbach_alpha(answers[:, item_areas == area]) for area in AREAS}
        alpha_practices = cronbach_alpha(practices)
        sd = sample_sd(scores.total)
        sem = standard_error_of_measurement(sd, alpha_total)
        seconds = time.perf_counter() - t0
        timings.append(seconds)
        totals.append(scores.total)
        print(
            f"  wave {number}: {seconds:.2f} s — mean total {scores.total.mean():.1f}, "
            f"SD {sd:.2f}, alpha {alpha_total:.3f} (areas "
            f"{min(alpha_by_area.values()):.2f}–{max(alpha_by_area.values()):.2f}), "
            f"SEM {sem:.2f}, practices alpha {alpha_practices:.2f}, index {index.mean():.1f}, "
            f"active {active.mean():.0%}, median competence level "
            f"{int(np.median(competence_levels))}, area levels {area_levels.min()}–"
            f"{area_levels.max()}"
        )

    t0 = time.perf_counter()
    baseline_sd = sample_sd(totals[0])
    reliability = cronbach_alpha(waves[0][0])
    threshold = reliable_change.reliable_change_threshold(baseline_sd, reliability)
    for number in (1, 2):
        rci = reliable_change.reliable_change_index(
            totals[0], totals[number], baseline_sd, reliability
        )
        verdicts = reliable_change.verdict(rci)
        ceiling = reliable_change.near_ceiling(totals[0], threshold)
        paired = reliable_change.paired_mean_change(totals[0], totals[number])
        print(
            f"  follow-up {number}: increased {np.mean(verdicts == 'increased'):.1%}, "
            f"decreased {np.mean(verdicts == 'decreased'):.1%}, any gain "
            f"{np.mean(totals[number] > totals[0]):.1%}, near ceiling {ceiling.mean():.1%}, "
            f"mean change {paired.mean:.2f} [{paired.ci_low:.2f}, {paired.ci_high:.2f}], "
            f"d_z {paired.d_z:.2f}"
        )
    change_seconds = time.perf_counter() - t0
    total = generated - started + sum(timings) + change_seconds
    print(f"  reliable change, both follow-ups: {change_seconds:.2f} s (threshold {threshold:.1f})")
    print(f"  TOTAL pure path: {total:.2f} s (target < 10 s) {'OK' if total < 10 else 'SLOW'}")


def configure_django(database_url: str | None) -> str:
    workdir = tempfile.mkdtemp(prefix="digit-bench-scoring-")
    url = database_url or f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DIGIT_HTTPS", "0")
    os.environ.setdefault("DIGIT_VAR_DIR", workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digit.settings")
    if url.startswith("postgres"):
        import psycopg

        base, name = url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    return url.split(":", 1)[0]


def db_path(people: int, database_url: str | None) -> None:
    engine = configure_django(database_url)
    import datetime

    from digit.assessments.instruments import get_default_instrument
    from digit.people.models import Unit
    from digit.programmes.models import Programme

    unit = Unit.objects.create(code="BENCH", name="Bench", kind=Unit.Kind.ADMINISTRATION)
    programme = Programme.objects.create(
        slug="bench",
        name="Bench",
        owner="Bench",
        scope=unit,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
    )
    instrument = get_default_instrument()
    generated = synthetic_waves(people, seed=5)[:2]
    print(f"DB path ({engine}): {people:,} people × 2 waves through the services")
    for number, (answers, practices) in enumerate(generated):
        wave, responses = _store_wave(programme, instrument, number, answers, practices)
        if number == 0:
            _score_baseline(programme, wave, responses)
        else:
            _score_follow_up(wave, responses)


def _store_wave(programme, instrument, number: int, answers, practices):
    """A baseline (number 0) or follow-up wave with every person's submitted answers."""
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from digit.assessments.models import Answer, Response, Wave

    items = list(instrument.items.order_by("order"))
    ordered = [i for i in items if i.kind != "practice"] + [
        i for i in items if i.kind == "practice"
    ]
    wave = Wave.objects.create(
        programme=programme,
        kind=Wave.Kind.BASELINE if number == 0 else Wave.Kind.FOLLOW_UP,
        name=f"Wave {number}",
        instrument=instrument,
        opens_on=datetime.date(2026 + number, 2, 1),
        closes_on=datetime.date(2026 + number, 3, 1),
        opened_at=timezone.now(),
    )
    with transaction.atomic():
        responses = Response.objects.bulk_create(
            Response(
                wave=wave,
                pseudonym=f"p{n}",
                unit=programme.scope,
                gender="woman",
                age_band="40-49",
                submitted_at=timezone.now(),
            )
            for n in range(len(answers))
        )
        Answer.objects.bulk_create(
            (
                Answer(response=response, item=item, value=int(value))
                for n, response in enumerate(responses)
                for item, value in zip(
                    ordered, np.concatenate([answers[n], practices[n]]), strict=True
                )
            ),
            batch_size=5000,
        )
    return wave, responses


def _score_each(responses, label: str) -> None:
    from django.db import transaction

    from digit.assessments import scoring

    durations = []
    for response in responses:
        t0 = time.perf_counter()
        with transaction.atomic():
            scoring.score_response(response)
        durations.append(time.perf_counter() - t0)
    report_latency(label, durations)


def _score_baseline(programme, wave, responses) -> None:
    from digit.assessments import scoring

    _score_each(responses, "score_response (baseline)")
    t0 = time.perf_counter()
    statistics = scoring.compute_wave_statistics(wave)
    print(
        f"  compute_wave_statistics: {time.perf_counter() - t0:.2f} s "
        f"(alpha {statistics.alpha_total:.3f}, SD {statistics.sd_total:.2f})"
    )
    t0 = time.perf_counter()
    settings = scoring.freeze_baseline(programme)
    print(
        f"  freeze_baseline: {time.perf_counter() - t0:.2f} s "
        f"(r {settings.baseline_reliability:.3f}, SD1 {settings.baseline_sd:.2f})"
    )


def _score_follow_up(wave, responses) -> None:
    from digit.assessments import scoring
    from digit.assessments.models import Change

    _score_each(responses, "score_response with verdict (follow-up)")
    t0 = time.perf_counter()
    count = scoring.recompute_changes(wave)
    increased = Change.objects.filter(follow_up=wave, verdict="increased").count()
    print(
        f"  recompute_changes: {time.perf_counter() - t0:.2f} s for {count:,} "
        f"verdicts ({increased / max(count, 1):.0%} increased)"
    )


def report_latency(label: str, durations: list[float]) -> None:
    values = np.array(durations) * 1000
    print(
        f"  {label}: {len(values):,} responses, p50 {np.percentile(values, 50):.1f} ms, "
        f"p95 {np.percentile(values, 95):.1f} ms, p99 {np.percentile(values, 99):.1f} ms, "
        f"{len(values) / (values.sum() / 1000):.0f}/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=45_000)
    parser.add_argument("--db-people", type=int, default=2_000, help="0 skips the DB path")
    parser.add_argument("--database-url", default=None, help="PostgreSQL; default SQLite")
    args = parser.parse_args()
    pure_path(args.people)
    if args.db_people:
        db_path(args.db_people, args.database_url)


if __name__ == "__main__":
    main()
