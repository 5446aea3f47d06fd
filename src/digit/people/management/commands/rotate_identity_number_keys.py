"""``digit rotate_identity_number_keys``: re-encrypt every personal identity number under the
newest key, so that an old key can then be removed (docs/identity-numbers.md)."""

from django.core.management.base import BaseCommand

from digit.people.services import reseal_identity_numbers


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored personal identity number under the first key of "
        "DIGIT_IDENTITY_NUMBER_KEYS (run after putting a new key first)."
    )

    def handle(self, *args, **options):
        count = reseal_identity_numbers()
        self.stdout.write(f"identity numbers re-encrypted: {count}")
