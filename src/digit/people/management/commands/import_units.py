"""``digit import_units FILE``: create or update the organisation tree from a units file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from digit.people.services import import_units
from digit.people.spreadsheet import FileRejected


class Command(BaseCommand):
    help = "Create or update units from a CSV or XLSX file (columns code, name, parent_code, kind)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check and report only.")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            result = import_units(path.read_bytes(), filename=path.name, dry_run=options["dry_run"])
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from error
        except FileRejected as error:
            raise CommandError(error.message) from error
        for row_error in result.errors:
            self.stderr.write(f"line {row_error.line}, {row_error.column}: {row_error.message}")
        if result.errors:
            raise CommandError(f"{len(result.errors)} errors; nothing was imported.")
        self.stdout.write(
            f"units: {result.rows} rows, {len(result.created)} new, "
            f"{len(result.changed)} changed, {result.unchanged} unchanged"
            + (" (dry run, nothing written)" if options["dry_run"] else "")
        )
