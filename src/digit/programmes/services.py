"""Writes to programmes: a programme and its phases are saved together or not at all."""

from django.db import transaction


@transaction.atomic
def save_programme(*, form, phases):
    """Save a valid ProgrammeForm and its PhaseFormSet in one transaction; return the programme."""
    programme = form.save()
    phases.instance = programme
    phases.save()
    return programme
