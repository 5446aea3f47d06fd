"""``digit import_people FILE``: summary, dry run, partial import, errors and exit status."""

import pytest
from django.core.management import CommandError, call_command

from digit.people.models import ImportBatch, Person
from tests.people.files import csv_bytes, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_file(tmp_path, organisation):
    path = tmp_path / "personal.csv"
    path.write_bytes(csv_bytes([row("2001"), row("2002", "Örjan", "Ek", unit="MUS-X")]))
    return path


def test_dry_run_prints_the_difference_and_writes_nothing(hr_file, capsys):
    call_command("import_people", str(hr_file), "--dry-run", verbosity=2)
    out = capsys.readouterr().out
    assert "+ 2002 Örjan Ek" in out
    assert "people: 2 rows, 2 new, 0 changed, 0 unchanged, 5 leaving (dry run" in out
    assert not Person.objects.filter(employee_number="2001").exists()
    assert ImportBatch.objects.count() == 0


def test_import_then_reimport(hr_file, capsys):
    call_command("import_people", str(hr_file), "--partial")
    assert "2 new, 0 changed, 0 unchanged, 0 leaving" in capsys.readouterr().out
    assert Person.objects.current().count() == 7
    call_command("import_people", str(hr_file))
    assert "0 new, 0 changed, 2 unchanged, 5 leaving" in capsys.readouterr().out
    assert Person.objects.current().count() == 2


def test_errors_are_printed_and_the_command_fails(tmp_path, organisation, capsys):
    path = tmp_path / "personal.csv"
    path.write_bytes(csv_bytes([row("1"), row("2", start="2021-02-30")]))
    with pytest.raises(CommandError, match="1 errors; nothing was imported"):
        call_command("import_people", str(path))
    assert "line 3, anställd_från: “2021-02-30” is not a real date." in capsys.readouterr().err
    assert not Person.objects.filter(employee_number="1").exists()


def test_a_file_level_problem_fails_the_command(tmp_path, organisation):
    path = tmp_path / "tom.csv"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="The file is empty"):
        call_command("import_people", str(path))
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_people", str(tmp_path / "saknas.csv"))


def test_the_command_exits_non_zero(tmp_path, organisation):
    import subprocess
    import sys

    path = tmp_path / "tom.csv"
    path.write_bytes(b"")
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            "from digit.cli import main; main()",
            "import_people",
            str(path),
            "--dry-run",
        ],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
    )
    assert completed.returncode == 1
    assert "Filen är tom." in completed.stderr  # the default language is Swedish
