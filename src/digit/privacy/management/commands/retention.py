from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from digit.privacy import retention


class Command(BaseCommand):
    help = (
        "Delete or pseudonymise what each programme's retention settings say is due, in one "
        "transaction (docs/privacy.md). --dry-run only lists it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="list, change nothing")

    def handle(self, *args: object, dry_run: bool = False, **options: object) -> None:
        today = timezone.localdate()
        steps = retention.plan(today) if dry_run else retention.apply(today)
        verb = _("would go") if dry_run else _("done")
        for step in steps:
            self.stdout.write(
                f"{step.programme}\t{step.kind}\t{_('due')} {step.due}\t{step.count} {verb}"
            )
        if not steps:
            self.stdout.write(_("Nothing is due."))
