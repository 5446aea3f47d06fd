from pathlib import Path

from django.core.management.base import BaseCommand

from digit.web.backup import back_up


class Command(BaseCommand):
    help = "Write a backup of the database (pg_dump custom format, or a SQLite copy)."

    def add_arguments(self, parser):
        parser.add_argument("target", type=Path, help="the backup file to write")

    def handle(self, *args, target: Path, **options):
        back_up(target)
        self.stdout.write(f"Backup written to {target}.")
        self.stdout.write(
            "The pseudonym key (DIGIT_PSEUDONYM_KEY) is not in it: keep it apart, "
            "a restore needs the same key (docs/operations.md, Backups)."
        )
