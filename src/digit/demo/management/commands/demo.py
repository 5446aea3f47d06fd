"""``digit demo``: a programme in full swing on synthetic data. Safe to run again."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

# Each step takes (command, options) and must be idempotent. Order matters: people first.
STEPS = [
    "digit.demo.people.load_people",
    "digit.demo.assessments.simulate_waves",
    "digit.demo.learning.populate_learning",  # appoints the role models
    "digit.demo.accounts.create_demo_accounts",
    "digit.demo.api.create_demo_tokens",  # needs the demo accounts
    "digit.demo.audit.record_demo_views",
    "digit.demo.goals.refresh",
    "digit.demo.reporting.populate_reporting",
]


class Command(BaseCommand):
    help = "Load the demo: the seed programme, ~1,100 synthetic employees, waves, sessions, goals."

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, default=1100)
        parser.add_argument("--seed", type=int, default=2019)

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        for dotted in STEPS:
            import_string(dotted)(self, options)
        import_string("digit.demo.accounts.print_demo_logins")(self, options)
