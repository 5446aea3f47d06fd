"""Backup and restore of Digit's database: PostgreSQL through ``pg_dump``/``pg_restore``
(custom format), SQLite through its online backup API (a consistent copy while Digit runs).

The pseudonym key (``DIGIT_PSEUDONYM_KEY``) is not in the database and so not in a backup, on
purpose: a backup alone does not link assessment answers to people. Keep the key apart (a
password manager or the secret store of the servers); a restore needs the same key to show
anyone their profile (docs/operations.md, "Backups").
"""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection


def _postgres_environment() -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump/pg_restore, the password in the environment only."""
    db = connection.settings_dict
    options = ["--host", db["HOST"] or "127.0.0.1", "--port", str(db["PORT"] or 5432)]
    options += ["--username", db["USER"] or "postgres", "--dbname", db["NAME"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return options, env


def is_sqlite() -> bool:
    return connection.vendor == "sqlite"


def back_up(target: Path) -> None:
    """Write a consistent copy of the database to ``target``."""
    if is_sqlite():
        with (
            sqlite3.connect(connection.settings_dict["NAME"]) as source,
            sqlite3.connect(target) as copy,
        ):
            source.backup(copy)
        return
    options, env = _postgres_environment()
    # The PostgreSQL client tools from PATH, with arguments from the settings, no shell.
    command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *options]
    subprocess.run([*command, "--file", str(target)], env=env, check=True)  # noqa: S603


def has_tables() -> bool:
    return bool(connection.introspection.table_names())


def restore(source: Path) -> None:
    """Replace the database's content with the backup at ``source``."""
    if is_sqlite():
        connection.close()
        with (
            sqlite3.connect(source) as backup,
            sqlite3.connect(connection.settings_dict["NAME"]) as target,
        ):
            backup.backup(target)
        return
    connection.close()
    options, env = _postgres_environment()
    command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges"]
    command += ["--single-transaction", "--exit-on-error", *options, str(source)]
    subprocess.run(command, env=env, check=True)  # noqa: S603
