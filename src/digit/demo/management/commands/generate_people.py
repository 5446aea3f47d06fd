"""``digit generate_people``: write a synthetic units file and HR export for the importer."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from digit.demo import generator


class Command(BaseCommand):
    help = "Write a synthetic units file and HR export (deterministic for a seed)."

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, default=1100)
        parser.add_argument("--seed", type=int, default=2019)
        parser.add_argument("--out", type=Path, default=settings.VAR_DIR / "demo")
        parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")

    def handle(self, *args, **options):
        try:
            organisation = generator.generate(options["employees"], options["seed"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        units_path, people_path = generator.write_files(
            organisation, options["out"], fmt=options["format"]
        )
        managers = sum(e.is_manager for e in organisation.employees)
        self.stdout.write(
            f"{len(organisation.units)} units → {units_path}\n"
            f"{len(organisation.employees)} employees ({managers} managers) → {people_path}"
        )
