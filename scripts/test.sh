#!/usr/bin/env bash
# Lint and types, then the whole suite on SQLite, once more on SQLite with the clock ten years
# ahead (browser tests left out), and, when reachable (or required), on PostgreSQL.
#   DIGIT_TEST_POSTGRES=required  a missing PostgreSQL is a failure (CI sets it)
#   DIGIT_TEST_POSTGRES=skip      SQLite only
#   DIGIT_TEST_REDIS=required|skip, DIGIT_TEST_REDIS_URL  the same for Redis (tests/shared_cache.py)
#   PYTEST_ARGS="-k import"       pass arguments to pytest
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_URL=${DIGIT_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/digit}
WORKERS=${DIGIT_TEST_WORKERS:-2}

echo "== lint"
$BIN/ruff check .
$BIN/ruff format --check --quiet . || { echo "ruff format would change files: run 'make format'"; exit 1; }

echo "== types (mypy; the level of each package is in docs/development.md)"
# Settings are read, nothing is written: the keys are given so that none is generated.
DIGIT_SECRET_KEY=type-check DIGIT_PSEUDONYM_KEY=type-check $BIN/mypy

# Redis: the tests of the shared cache run on it as well as on the file cache.
redis_problem=$($BIN/python -c 'from tests.shared_cache import redis_problem; print(redis_problem())')
case "${DIGIT_TEST_REDIS:-auto}" in
  skip) echo "== Redis skipped (DIGIT_TEST_REDIS=skip)" ;;
  required) [ -z "$redis_problem" ] || { echo "Redis is required: $redis_problem"; exit 1; } ;;
  *) [ -z "$redis_problem" ] || echo "note: $redis_problem: the tests on Redis are skipped" ;;
esac

run_suite() {
  local label=$1; shift
  echo "== tests on $label"
  env "$@" $BIN/python -m pytest -n "$WORKERS" -q ${PYTEST_ARGS:-}
}

run_suite SQLite DATABASE_URL=

# Test dates are relative to a controlled today (tests/clock.py): ten years on, they still pass.
echo "== tests on SQLite with the clock ten years ahead (browser tests left out)"
DATABASE_URL= DIGIT_TEST_YEARS_AHEAD=10 $BIN/python -m pytest -n "$WORKERS" -q -m "not browser" \
  ${PYTEST_ARGS:-}

pg_reachable() { $BIN/python - "$PG_URL" <<'PY'
import sys, psycopg
url = sys.argv[1].rsplit("/", 1)[0] + "/postgres"
try:
    psycopg.connect(url, connect_timeout=3).close()
except Exception as exc:
    print(f"PostgreSQL not reachable: {exc}", file=sys.stderr); sys.exit(1)
PY
}

case "${DIGIT_TEST_POSTGRES:-auto}" in
  skip) echo "== PostgreSQL skipped (DIGIT_TEST_POSTGRES=skip)" ;;
  required) pg_reachable || { echo "PostgreSQL is required but not reachable at $PG_URL"; exit 1; }
            run_suite PostgreSQL DATABASE_URL="$PG_URL" ;;
  *) if pg_reachable; then run_suite PostgreSQL DATABASE_URL="$PG_URL";
     else echo "== PostgreSQL not reachable: suite ran on SQLite only"; fi ;;
esac
