"""Exports too large to build in a request, built by ``digit worker`` for the account that
asked (``digit.background.files``)."""

from django.tasks import task
from django.utils import translation

from digit.background import files
from digit.goals.exports import build_person_export_file
from digit.programmes.models import Programme


@task
def build_person_export(file_pk: int, programme_pk: int, fmt: str, language: str) -> None:
    """Every person's scores and verdicts in a programme, as CSV or XLSX."""
    prepared = files.unfinished(file_pk)
    if prepared is None:  # built already: the task was run again after its worker died
        return
    with translation.override(language):
        build_person_export_file(prepared, Programme.objects.get(pk=programme_pk), fmt)
