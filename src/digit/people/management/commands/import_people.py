"""``digit import_people FILE``: the HR import from the command line (same service as the page)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from digit.people.services import (
    ImportRejected,
    StaleImport,
    commit_people_import,
    preview_people_import,
)
from digit.people.spreadsheet import FileRejected


class Command(BaseCommand):
    help = "Import people from an HR export (CSV or XLSX). Prints the difference and any errors."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Preview only; write nothing.")
        parser.add_argument(
            "--partial",
            action="store_true",
            help="Only add and update the people in the file; nobody is marked as left.",
        )

    def handle(self, *args, **options):
        path = options["file"]
        full = not options["partial"]
        try:
            data = path.read_bytes()
            preview = preview_people_import(data, filename=path.name, full=full)
            if preview.errors:
                raise ImportRejected(preview)
            if not options["dry_run"]:
                commit_people_import(
                    data, filename=path.name, full=full, expected_state=preview.state
                )
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from error
        except FileRejected as error:
            raise CommandError(error.message) from error
        except StaleImport as error:
            raise CommandError(f"{error} Nothing was imported; run the command again.") from error
        except ImportRejected as rejected:
            for row_error in rejected.preview.errors:
                self.stderr.write(f"line {row_error.line}, {row_error.column}: {row_error.message}")
            raise CommandError(
                f"{len(rejected.preview.errors)} errors; nothing was imported."
            ) from rejected
        if options["verbosity"] >= 2:
            self._write_difference(preview)
        self.stdout.write(
            f"people: {preview.rows} rows, {len(preview.new)} new, {len(preview.changed)} changed, "
            f"{preview.unchanged} unchanged, {len(preview.leaving)} leaving"
            + (" (dry run, nothing written)" if options["dry_run"] else "")
        )

    def _write_difference(self, preview):
        """One line per new (+), changed (~) and leaving (-) person."""
        for record in preview.new:
            self.stdout.write(f"+ {record.employee_number} {record.first_name} {record.last_name}")
        for diff in preview.changed:
            changes = ", ".join(f"{c.field}: {c.before} → {c.after}" for c in diff.changes)
            self.stdout.write(f"~ {diff.record.employee_number} {changes}")
        for leaver in preview.leaving:
            self.stdout.write(f"- {leaver.employee_number} {leaver.name}")
