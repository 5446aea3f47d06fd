from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from digit.web.backup import has_tables, restore


class Command(BaseCommand):
    help = "Restore a backup made by `digit backup` into the configured database."

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="the backup file")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace a database that already holds data (otherwise refused)",
        )

    def handle(self, *args, source: Path, replace: bool, **options):
        if not source.is_file():
            raise CommandError(f"No backup at {source}.")
        if has_tables() and not replace:
            raise CommandError("The database is not empty; add --replace to overwrite it.")
        restore(source)
        self.stdout.write(f"Restored from {source}. Run `digit migrate` if the code is newer.")
