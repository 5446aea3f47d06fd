"""The ``digit`` command: Django's management commands with Digit's settings."""

import os
import sys

# `digit worker` runs the background worker: django-ox's ox_worker, with the same options.
ALIASES = {"worker": "ox_worker"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "digit.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:]
    if args and args[0] in ALIASES:
        args[0] = ALIASES[args[0]]
    execute_from_command_line(["digit", *args])


if __name__ == "__main__":
    main()
