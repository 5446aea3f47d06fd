"""``digit send_reminders [--wave ID]``: remind everyone who has not finished an open wave."""

from django.core.management.base import BaseCommand, CommandError

from digit.assessments.models import Wave
from digit.assessments.tasks import send_reminders


class Command(BaseCommand):
    help = "E-mail a reminder with a new personal link to everyone who has not finished."

    def add_arguments(self, parser):
        parser.add_argument("--wave", type=int, help="one wave (default: every open wave)")

    def handle(self, *args, **options):
        waves = Wave.objects.filter(opened_at__isnull=False)
        if options["wave"]:
            waves = waves.filter(pk=options["wave"])
            if not waves:
                raise CommandError(f"no opened wave with id {options['wave']}")
        for wave in waves:
            if not wave.is_open():
                self.stdout.write(f"{wave}: not open, skipped")
                continue
            result = send_reminders.enqueue(wave.id)
            self.stdout.write(f"{wave}: reminders enqueued ({result.status})")
