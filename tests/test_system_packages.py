"""`make test` on a fresh machine: scripts/system-packages.sh installs Chromium, gettext and the
fonts when it can (root with apt-get), or stops with one line saying what to run.

apt-get and id are stand-ins on PATH (the real ones would change this machine); the script is
the real one.
"""

import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "system-packages.sh"


@pytest.fixture
def machine(tmp_path):
    """A PATH with a fake `id` and `apt-get` (which logs its arguments) and real msgfmt."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "apt.log"

    def stub(name, body):
        path = bin_dir / name
        path.write_text(f"#!/bin/sh\n{body}\n")
        path.chmod(0o755)
        return path

    def run(*, uid=0, apt=True, chromium=None):
        for name in ("id", "apt-get", "msgfmt"):
            (bin_dir / name).unlink(missing_ok=True)
        stub("id", f"echo {uid}")
        stub("msgfmt", "exit 0")
        if apt:
            stub("apt-get", f'echo "$*" >> {log}')
        env = {"PATH": str(bin_dir), "DIGIT_CHROMIUM": str(chromium or tmp_path / "none")}
        result = subprocess.run(
            ["/bin/bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=30
        )
        calls = log.read_text().splitlines() if log.exists() else []
        log.unlink(missing_ok=True)
        return result, calls

    run.stub = stub
    return run


def test_as_root_with_apt_the_missing_browser_is_installed(machine):
    result, calls = machine(uid=0)
    assert result.returncode == 0, result.stderr
    assert calls == ["update -qq", "install -y -qq chromium"]


def test_without_root_it_stops_with_one_line_naming_the_command(machine):
    result, calls = machine(uid=1000)
    assert result.returncode == 1
    assert calls == []
    assert result.stderr.count("\n") == 1
    assert "sudo apt-get install -y chromium" in result.stderr


def test_without_apt_it_names_the_packages_to_install(machine):
    result, calls = machine(uid=0, apt=False)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "chromium" in result.stderr and "install them" in result.stderr


def test_when_everything_is_there_nothing_is_installed(machine):
    chromium = machine.stub("chromium", "exit 0")
    result, calls = machine(uid=0, chromium=chromium)
    assert (result.returncode, result.stdout, result.stderr, calls) == (0, "", "", [])
