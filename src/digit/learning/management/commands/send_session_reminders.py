import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from digit.learning.tasks import enqueue_reminders


class Command(BaseCommand):
    help = "E-mail a reminder to everyone enrolled in tomorrow's sessions (run once a day)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help="Sessions on this day (YYYY-MM-DD)"
        )

    def handle(self, *args, **options):
        day = options["date"] or timezone.localdate() + datetime.timedelta(days=1)
        sent = enqueue_reminders(day)
        self.stdout.write(f"Reminders queued: {sent} (sessions on {day.isoformat()})")
