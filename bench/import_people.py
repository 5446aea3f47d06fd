"""Generate and import 45,000 employees; print the time and peak memory of each step.

    .venv/bin/python bench/import_people.py                       # SQLite file in a temp dir
    .venv/bin/python bench/import_people.py --database-url postgres://postgres@127.0.0.1:5432/digit_bench

The database named in the URL is used only to derive a throw-away test database
("test_<name>"), created and migrated here and dropped at the end, so no data is touched.
Steps: generate (files), preview (read + validate + compare), commit (first import),
re-import (the same file again: a no-op apart from the audit row), and a re-import in which
every hourly cost changes and 1 % of the people leave (a yearly salary revision).
Target (issue #2): the import of 45,000 rows under 20 s and 500 MB.
"""

import argparse
import dataclasses
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Step:
    """Time one step; with ``--tracemalloc`` also the peak of Python allocations within it."""

    rows: list[tuple[str, float, float | None, float]] = []

    def __init__(self, name: str, trace: bool):
        self.name, self.trace = name, trace

    def __enter__(self):
        if self.trace:
            tracemalloc.start()
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        seconds = time.perf_counter() - self.started
        peak = None
        if self.trace:
            peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
            tracemalloc.stop()
        Step.rows.append((self.name, seconds, peak, rss_mb()))
        traced = f"{peak:8.1f} MB traced" if peak is not None else ""
        print(f"{self.name:<28} {seconds:7.2f} s {traced}  peak RSS {rss_mb():7.1f} MB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=45_000)
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="also trace Python allocations (slower)"
    )
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="digit-bench-"))
    connection = _test_database(args, workdir)
    try:
        _import_steps(args, workdir)
    finally:
        connection.creation.destroy_test_db(
            connection.settings_dict["NAME"], verbosity=0, keepdb=False
        )
    total_import = sum(s for name, s, _, _ in Step.rows if name.startswith("commit"))
    print(
        f"import of {args.employees} rows: {total_import:.2f} s (target < 20 s); "
        f"process peak RSS {rss_mb():.0f} MB (target < 500 MB)"
    )


def _test_database(args, workdir: Path):
    """Django set up on a fresh database (SQLite file in ``workdir`` unless one is given)."""
    os.environ.setdefault("DIGIT_VAR_DIR", str(workdir))
    os.environ.setdefault("DIGIT_HTTPS", "0")
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "digit.settings"
    import django

    django.setup()
    from django.db import connection

    if connection.vendor == "sqlite":  # a file, not the in-memory test database
        connection.settings_dict["TEST"]["NAME"] = str(workdir / "bench-test.sqlite3")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print(f"employees: {args.employees}, seed {args.seed}, format {args.format}")
    return connection


def _import_steps(args, workdir: Path) -> None:
    """Generate the files, then time each import: first, again unchanged, after a revision."""
    from digit.demo import generator
    from digit.people.models import Person
    from digit.people.services import (
        commit_people_import,
        import_units,
        preview_people_import,
    )

    with Step("generate files", args.tracemalloc):
        organisation = generator.generate(args.employees, args.seed)
        units_path, people_path = generator.write_files(
            organisation, workdir / "files", fmt=args.format
        )
    print(f"  {people_path.stat().st_size / 1024 / 1024:.1f} MB, {len(organisation.units)} units")
    with Step("import units", args.tracemalloc):
        import_units(units_path.read_bytes(), filename=units_path.name)
    data = people_path.read_bytes()
    with Step("preview (parse+validate)", args.tracemalloc):
        preview = preview_people_import(data, filename=people_path.name)
    assert not preview.errors, preview.errors[:5]
    print(f"  {len(preview.new)} new, {len(preview.errors)} errors")
    with Step("commit (first import)", args.tracemalloc):
        batch = commit_people_import(data, filename=people_path.name)
    assert batch.created == args.employees == Person.objects.count()
    with Step("re-import (no-op)", args.tracemalloc):
        again = commit_people_import(data, filename=people_path.name)
    assert (again.created, again.changed, again.left) == (0, 0, 0)
    # The yearly salary revision: every hourly cost changes, and 1 % of people leave.
    revised = generator.Organisation(
        units=organisation.units,
        employees=[
            dataclasses.replace(e, hourly_cost=e.hourly_cost + 12)
            for e in organisation.employees[: args.employees - args.employees // 100]
        ],
    )
    _, revised_path = generator.write_files(revised, workdir / "revised", fmt=args.format)
    with Step("re-import, all changed", args.tracemalloc):
        revision = commit_people_import(revised_path.read_bytes(), filename="revised")
    print(f"  {revision.changed} changed, {revision.left} leaving")


if __name__ == "__main__":
    main()
