"""`digit backup` and `digit restore`: a backup restored into a fresh database gives the same
goal figures and profiles; the pseudonym key is not in the backup, and without it nobody's
profile is found (so it must be kept apart, as docs/operations.md says)."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.assessments.conftest import ensure_reference_data, make_wave, submit_answers
from tests.factories import make_person
from tests.goals import scenario
from tests.workers import database_url_for_another_process

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parent.parent.parent


def digit(database_url: str, *args: str, pseudonym_key: str | None = None) -> str:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="digit.settings",
        DATABASE_URL=database_url,
        DIGIT_SECRET_KEY=settings.SECRET_KEY,
        DIGIT_PSEUDONYM_KEY=pseudonym_key or settings.PSEUDONYM_KEY,
        PYTHONPATH=str(ROOT),
    )
    result = subprocess.run(
        [sys.executable, "-m", *args], env=env, capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture
def fresh_database(tmp_path):
    """The URL of an empty database beside the test's own."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    db = connection.settings_dict
    name = f"{db['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    server = f"host={db['HOST'] or '127.0.0.1'} port={db['PORT'] or 5432} user={db['USER']}"
    with psycopg.connect(f"{server} dbname=postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield database_url_for_another_process().rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(f"{server} dbname=postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restored_backup_has_the_same_figures_and_profiles(tmp_path, fresh_database):
    ensure_reference_data()
    city = scenario.build()
    person = make_person(city["people"]["U1"][0].unit)
    submit_answers(make_wave([person.unit]), person, lambda item: 1 + item.order % 4)
    snapshot = ("tests.backup_snapshot", str(city["programme"].pk), str(person.pk))
    original = database_url_for_another_process()
    before = json.loads(digit(original, *snapshot))
    assert before["profile"] and before["figures"]["increased"][0] == 34

    backup = tmp_path / "digit.backup"
    assert "DIGIT_PSEUDONYM_KEY" in digit(original, "digit", "backup", str(backup))
    digit(fresh_database, "digit", "restore", str(backup))

    assert json.loads(digit(fresh_database, *snapshot)) == before
    # The key is not in the backup: with another key, the answers belong to nobody.
    elsewhere = json.loads(digit(fresh_database, *snapshot, pseudonym_key="another key"))
    assert elsewhere["profile"] is None and elsewhere["figures"] == before["figures"]


def test_restore_refuses_to_overwrite_a_database_with_data(tmp_path):
    backup = tmp_path / "digit.backup"
    original = database_url_for_another_process()
    digit(original, "digit", "backup", str(backup))
    env = {**os.environ, "DATABASE_URL": original, "DJANGO_SETTINGS_MODULE": "digit.settings"}
    result = subprocess.run(
        [sys.executable, "-m", "digit", "restore", str(backup)],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode != 0 and "--replace" in result.stderr
