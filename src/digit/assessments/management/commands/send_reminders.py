"""``digit send_reminders [--wave ID]``: remind everyone who has not finished an open wave."""

from django.core.management.base import BaseCommand, CommandError

from digit.assessments.models import Wave
from digit.assessments.waves import MailStillQueued, WaveNotOpen, remind


class Command(BaseCommand):
    help = "Queue a reminder with a new personal link to everyone who has not finished."

    def add_arguments(self, parser):
        parser.add_argument("--wave", type=int, help="one wave (default: every open wave)")

    def handle(self, *args, **options):
        waves = Wave.objects.filter(opened_at__isnull=False)
        if options["wave"]:
            waves = waves.filter(pk=options["wave"])
            if not waves:
                raise CommandError(f"no opened wave with id {options['wave']}")
        for wave in waves:
            try:
                count = remind(wave=wave)
            except WaveNotOpen:
                self.stdout.write(f"{wave}: not open, skipped")
            except MailStillQueued:
                self.stdout.write(f"{wave}: the last round is still being sent or too recent")
            else:
                self.stdout.write(f"{wave}: {count} reminders queued for the worker")
