"""Scheduled housekeeping (see the SCHEDULES of TASKS in the settings)."""

from django.core.management import call_command
from django.tasks import task


@task
def clear_expired_sessions() -> None:
    """Delete sessions past their expiry (the idle limit); signed-in ones are untouched."""
    call_command("clearsessions")


@task
def prune_finished_tasks() -> None:
    """Delete the rows of tasks that finished well over a month ago (failed ones stay)."""
    call_command("ox_prune", "--older-than", "35d", verbosity=0)
