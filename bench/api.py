"""The API for BI tools: server time of token-authenticated calls on PostgreSQL.

    .venv/bin/python bench/api.py                    # build the data once, then measure
    .venv/bin/python bench/api.py --rebuild          # drop and regenerate the data

Data (default postgres://postgres@127.0.0.1:5432/digit_bench_api, or DIGIT_BENCH_API_URL):
2,000 sessions of one programme's activities, 20 enrolled and registered people each
(40,000 enrolments and attendances). Measured through Django's test Client against the real
URLs with a personal token (middleware, authentication, rate limit in the cache, JSON):
- a small answer (/api/programmes): the cost of a token call itself, and its queries;
- a full page of 1,000 sessions with attendance counts, the largest page a BI tool asks for.
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/digit_bench_api"
SESSIONS = 2_000
PEOPLE_PER_SESSION = 20


def configure(url: str, rebuild: bool) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DIGIT_HTTPS", "0")
    os.environ.setdefault("DIGIT_ALLOWED_HOSTS", "testserver,127.0.0.1")
    os.environ.setdefault("DIGIT_VAR_DIR", tempfile.mkdtemp(prefix="digit-bench-api-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digit.settings")
    os.environ["DIGIT_API_RATE"] = "1000000/m"  # measure the work, not the limit
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        if rebuild:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build() -> None:
    from django.db import transaction
    from django.utils import timezone

    from digit.learning.models import Activity, Attendance, Enrolment, Session
    from digit.people.models import Person, Unit
    from digit.programmes.models import Programme

    if Session.objects.count() >= SESSIONS:
        return
    started = time.perf_counter()
    with transaction.atomic():
        root = Unit.objects.create(code="BENCH", name="Förvaltningen", kind="administration")
        today = timezone.localdate()
        programme = Programme.objects.create(
            slug="bench-api", name="Bench", owner="Bench", scope=root,
            starts_on=today - datetime.timedelta(days=700),
            ends_on=today + datetime.timedelta(days=700),
        )  # fmt: skip
        activity = Activity.objects.create(
            programme=programme, kind="workshop", format="on_site", title_sv="Workshop",
            title_en="Workshop",
        )  # fmt: skip
        people = Person.objects.bulk_create(
            Person(unit=root, employee_number=f"B{i:05d}", first_name="Bench", last_name=str(i),
                   email=f"bench{i}@example.org", gender="woman", birth_year=1980)
            for i in range(PEOPLE_PER_SESSION)
        )  # fmt: skip
        start = timezone.now() - datetime.timedelta(days=600)
        sessions = Session.objects.bulk_create(
            Session(activity=activity, starts_at=start + datetime.timedelta(hours=7 * i),
                    ends_at=start + datetime.timedelta(hours=7 * i + 2), capacity=25,
                    cancellation_deadline=start + datetime.timedelta(hours=7 * i - 24))
            for i in range(SESSIONS)
        )  # fmt: skip
        Enrolment.objects.bulk_create(
            Enrolment(session=s, person=p, status="enrolled") for s in sessions for p in people
        )
        Attendance.objects.bulk_create(
            Attendance(session=s, person=p, status="present", minutes=120)
            for s in sessions
            for p in people
        )
    print(f"built {SESSIONS} sessions × {PEOPLE_PER_SESSION} people in "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip


def token() -> str:
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from digit.access.models import User
    from digit.api.services import create_token

    user, _ = User.objects.get_or_create(email="bench-finance@example.org")
    user.groups.add(Group.objects.get(name="finance"))
    return create_token(
        user=user, name="bench", expires_on=timezone.localdate() + datetime.timedelta(days=1)
    )[1]


def measure(client, path, secret, repetitions):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(repetitions):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {secret}")
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"{path}: p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, "
          f"max {times[-1]:.1f} ms, {len(queries)} queries, {len(response.content) / 1024:.0f} KiB "
          f"({repetitions} calls)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--repetitions", type=int, default=100)
    args = parser.parse_args()
    configure(os.environ.get("DIGIT_BENCH_API_URL", DEFAULT_URL), args.rebuild)
    build()
    from django.test import Client

    client, secret = Client(), token()
    measure(client, "/api/programmes", secret, args.repetitions)
    measure(client, "/api/learning/sessions?page_size=1000", secret, max(10, args.repetitions // 5))
    measure(client, "/api/learning/sessions?page_size=1000&page=2", secret, 10)


if __name__ == "__main__":
    main()
