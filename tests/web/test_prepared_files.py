"""Files built by the worker for the account that asked: the profile PDF and person-level
exports over the size limit. The page shows queued, running (with progress), done or failed
with the reason; only the owner reaches the page and the file."""

import csv
import io

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_ox.testing import run_tasks
from openpyxl import load_workbook

from digit.assessments.models import Response
from digit.background import files
from digit.background.models import PreparedFile
from digit.web.tasks import build_profile_pdf, delete_old_prepared_files
from tests.assessments.conftest import make_wave, submit_answers
from tests.factories import PASSWORD
from tests.goals import scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(organisation):
    person = organisation["employee_a"]
    submit_answers(make_wave([organisation["root"]]), person, lambda item: 1 + item.order % 3)
    return person


def _ask_for_pdf(client, person):
    client.login(email=person.email, password=PASSWORD)
    response = client.post(reverse("assessments:my_profile_pdf"))
    assert response.status_code == 302
    return PreparedFile.objects.filter(owner=person.user).latest("pk"), response["Location"]


def test_profile_pdf_is_queued_then_built_by_the_worker(client, person, committed):
    with committed():
        prepared, page = _ask_for_pdf(client, person)
        assert page == reverse("web:prepared_file", args=[prepared.pk])
        html = client.get(page).content.decode()
        assert "Väntar på att bakgrundsprocessen ska börja." in html
        assert 'hx-trigger="every 2s"' in html  # the state refreshes itself
        download = reverse("web:prepared_file_download", args=[prepared.pk])
        assert client.get(download).status_code == 404  # not ready yet
    html = client.get(page).content.decode()
    assert "Filen är klar." in html and 'hx-trigger="every 2s"' not in html
    response = client.get(download)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'attachment; filename="competence-profile-' in response["Content-Disposition"]


def test_a_second_click_while_it_is_built_queues_nothing(client, person):
    first, _ = _ask_for_pdf(client, person)
    second, _ = _ask_for_pdf(client, person)
    assert first == second
    run_tasks()
    third, _ = _ask_for_pdf(client, person)  # after it is done: a fresh file
    assert third != first and PreparedFile.objects.count() == 2


def test_a_task_run_again_after_its_worker_died_builds_nothing_twice(client, person):
    prepared, _ = _ask_for_pdf(client, person)
    run_tasks()
    finished = PreparedFile.objects.get(pk=prepared.pk).finished_at
    build_profile_pdf.call(prepared.pk, person.pk, 0, "sv")  # the same task once more
    assert PreparedFile.objects.get(pk=prepared.pk).finished_at == finished


def test_a_file_that_cannot_be_built_fails_with_the_reason(client, person):
    prepared, page = _ask_for_pdf(client, person)
    Response.objects.all().delete()  # the response is gone before the worker starts
    run_tasks()
    html = client.get(page).content.decode()
    assert (
        "Filen kunde inte skapas: Det finns ingen inskickad självskattning att skriva ut." in html
    )
    assert files.state(PreparedFile.objects.get(pk=prepared.pk)) == "failed"


def test_only_the_owner_reaches_the_file(client, person, organisation, staff):
    prepared, page = _ask_for_pdf(client, person)
    run_tasks()
    download = reverse("web:prepared_file_download", args=[prepared.pk])
    for other in (organisation["employee_b"].user, organisation["library_manager"].user, staff):
        client.force_login(other)
        assert client.get(page).status_code == 404
        assert client.get(download).status_code == 404


def test_the_pdf_must_be_asked_for_with_a_post(client, person):
    client.login(email=person.email, password=PASSWORD)
    assert client.get(reverse("assessments:my_profile_pdf")).status_code == 405
    html = client.get(reverse("assessments:my_profile")).content.decode()
    assert f'action="{reverse("assessments:my_profile_pdf")}' in html


def test_old_files_are_deleted_by_the_scheduler(client, person, time_machine):
    prepared, _ = _ask_for_pdf(client, person)
    run_tasks()
    delete_old_prepared_files.call()
    assert PreparedFile.objects.filter(pk=prepared.pk).exists()
    time_machine.move_to(timezone.now() + timezone.timedelta(hours=25))
    delete_old_prepared_files.call()
    assert not PreparedFile.objects.filter(pk=prepared.pk).exists()


# --- Person-level exports over the size limit ----------------------------------------------


@pytest.fixture
def city():
    return scenario.build()


@override_settings(DIGIT_EXPORT_IN_REQUEST_ROWS=10)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_large_export_is_built_by_the_worker_with_progress(client, city, auditor, fmt):
    programme = city["programme"]
    client.force_login(auditor)  # auditors export too, with a GET (they never write)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    dashboard = client.get(reverse("goals:dashboard", args=[programme.slug])).content.decode()
    assert "prepared in the background" in dashboard
    url = reverse("goals:export_people", kwargs={"slug": programme.slug, "fmt": fmt})
    response = client.get(url)
    prepared = PreparedFile.objects.get(owner=auditor)
    assert response["Location"] == reverse("web:prepared_file", args=[prepared.pk])
    assert client.get(url)["Location"] == response["Location"]  # still the same file
    files.PROGRESS_EVERY, every = 10, files.PROGRESS_EVERY
    try:
        run_tasks()
    finally:
        files.PROGRESS_EVERY = every
    prepared.refresh_from_db()
    assert (prepared.done_steps, prepared.total_steps) == (34, 34)
    content = client.get(reverse("web:prepared_file_download", args=[prepared.pk])).content
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    else:
        rows = [list(r) for r in load_workbook(io.BytesIO(content)).active.values]
    assert rows[0][0] == "Pseudonym" and len(rows) == 35
    assert "Verdict" in rows[0]  # built in the language of the request


def test_progress_is_shown_while_the_file_is_built(client, person):
    prepared, page = _ask_for_pdf(client, person)
    files.report_progress(prepared, 250, 1000)
    html = client.get(page).content.decode()
    assert 'value="25"' in html and "25 %" in html


def test_a_small_export_still_downloads_at_once(client, city, staff):
    client.force_login(staff)
    url = reverse("goals:export_people", kwargs={"slug": city["programme"].slug, "fmt": "csv"})
    response = client.get(url)
    assert response.status_code == 200 and response.streaming
    assert not PreparedFile.objects.exists()
