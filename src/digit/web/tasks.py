"""Scheduled housekeeping (see the SCHEDULES of TASKS in the settings), and the profile PDF
built for the account that asked (``digit.background.files``)."""

from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.tasks import task
from django.utils import translation
from django.utils.translation import gettext

from digit.assessments.profile import build_profile
from digit.background import files
from digit.people.models import Person


@task
def clear_expired_sessions() -> None:
    """Delete sessions past their expiry (the idle limit), and the rows of the account's
    session list (IP address, browser) whose session is gone; live ones are untouched."""
    call_command("clearsessions")
    UserSession.objects.exclude(session_key__in=Session.objects.values("session_key")).delete()


@task
def prune_finished_tasks() -> None:
    """Delete the rows of tasks that finished well over a month ago (failed ones stay)."""
    call_command("ox_prune", "--older-than", "35d", verbosity=0)


@task
def delete_old_prepared_files() -> None:
    """Delete PDFs and exports built for download once their owners had a day to fetch them."""
    files.delete_old_files()


@task
def build_profile_pdf(file_pk: int, person_pk: int, wave_id: int, language: str) -> None:
    """The competence profile PDF for the account that asked, in the language it asked in."""
    from digit.web.profile_views import profile_pdf, profile_pdf_filename

    prepared = files.unfinished(file_pk)
    if prepared is None:
        return
    with translation.override(language):
        person = Person.objects.filter(pk=person_pk).first()
        profile = build_profile(person, wave_id) if person else None
        if profile is None:
            files.refuse(prepared, gettext("There is no submitted self-assessment to print."))
            return
        files.report_progress(prepared, 0, 1)
        content = profile_pdf(person, profile)
    files.store(
        prepared,
        filename=profile_pdf_filename(profile),
        content_type="application/pdf",
        content=content,
    )
