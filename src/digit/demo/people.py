"""Demo step: generate the synthetic administration and import it through the real path."""

from django.conf import settings
from django.core.management.base import CommandError

from digit.demo import generator
from digit.demo.plan import seed_programme
from digit.people.services import ImportRejected, commit_people_import, import_units
from digit.people.spreadsheet import FileRejected


def load_people(command, options):
    """Write var/demo/enheter.xlsx and personal.xlsx, then import units and people.

    Ages and employment dates are true at the programme's start as the demo placed it.
    Idempotent: the same seed gives the same files, and re-importing them changes nothing.
    """
    employees, seed = options.get("employees") or 1100, options.get("seed") or 2019
    out = settings.VAR_DIR / "demo"
    programme = seed_programme()
    reference = programme.starts_on if programme is not None else generator.REFERENCE_DATE
    organisation = generator.generate(employees, seed, reference)
    units_path, people_path = generator.write_files(organisation, out)
    try:
        units = import_units(units_path.read_bytes(), filename=units_path.name)
        if units.errors:
            raise CommandError(f"{units_path}: {units.errors[0]}")
        batch = commit_people_import(people_path.read_bytes(), filename=people_path.name)
    except FileRejected as error:
        raise CommandError(error.message) from error
    except ImportRejected as rejected:
        raise CommandError(f"{people_path}: {rejected.preview.errors[:3]}") from rejected
    command.stdout.write(
        f"People: {len(organisation.units)} units, {batch.rows} employees "
        f"({batch.created} new, {batch.changed} changed, {batch.left} marked as left)."
    )
