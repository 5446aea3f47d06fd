"""The staff import page: upload → preview → confirm → result, and who may use it."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from digit.people.models import ImportBatch, PendingImport, Person
from digit.people.services import commit_people_import
from tests.factories import make_person
from tests.people.files import csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db

UPLOAD = reverse("people:import_upload")
CONFIRM = reverse("people:import_confirm")


def upload(client, data, name="personal.csv", mode="full", language="en"):
    return client.post(
        UPLOAD,
        {"file": SimpleUploadedFile(name, data), "mode": mode},
        HTTP_ACCEPT_LANGUAGE=language,
    )


@pytest.fixture
def staff_client(client, staff, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    client.force_login(staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def pending_files(settings):
    """The uploads waiting for confirmation (in the database, shared by every server)."""
    return list(PendingImport.objects.all())


def test_only_programme_staff_may_import(client, organisation, auditor):
    assert client.get(UPLOAD).status_code == 302  # to the login page
    client.force_login(organisation["employee_a"].user)
    assert client.get(UPLOAD).status_code == 403
    client.force_login(organisation["library_manager"].user)
    assert client.get(UPLOAD).status_code == 403
    assert client.post(CONFIRM).status_code == 403
    client.force_login(auditor)
    assert client.get(UPLOAD).status_code == 403


def test_upload_preview_confirm_result(staff_client, organisation, settings, staff):
    data = csv_bytes(
        [row("2001", "Åsa", "Öberg", unit="LIB-A"), row("2002", "Björn", "Ek", unit="LIB-B")]
    )
    response = upload(staff_client, data, mode="partial")
    assert response.status_code == 200
    page = response.text
    assert "Preview of the import" in page
    assert "Åsa Öberg" in page and "Björn Ek" in page
    assert "Confirm and import" in page
    assert not Person.objects.filter(employee_number="2001").exists()  # nothing written yet
    assert len(pending_files(settings)) == 1  # the bytes wait on the server

    response = staff_client.post(CONFIRM)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("people:import_result", args=[batch.pk])
    assert Person.objects.filter(employee_number__in=["2001", "2002"]).count() == 2
    assert (batch.created_by, batch.created, batch.full) == (staff, 2, False)
    assert pending_files(settings) == []  # deleted after the import
    result = staff_client.get(response.url).text
    assert "Import done" in result and batch.sha256 in result

    # The preview can be confirmed once only.
    assert staff_client.post(CONFIRM).status_code == 302
    assert ImportBatch.objects.count() == 1


def test_preview_shows_changes_before_and_after_and_leavers(staff_client, organisation):
    employee = organisation["employee_a"]
    data = csv_bytes(
        [
            row(
                employee.employee_number,
                employee.first_name,
                "Nyström",
                employee.email,
                "LIB-A",
                gender="kvinna",
                birth_year="1980",
                start="",
                cost="320,00",
            ),
        ]
    )
    page = upload(staff_client, data).text
    assert f"Last name: {employee.last_name} → Nyström" in page
    assert "Leaving" in page
    assert organisation["employee_museum"].last_name in page


def test_row_errors_are_listed_with_line_and_column_and_block_the_import(
    staff_client, organisation, settings
):
    data = csv_bytes([row("1"), row("2", unit="NOPE"), row("3", email="fel")])
    page = upload(staff_client, data).text
    assert "The file has 2 errors" in page
    assert "<td>3</td><td>enhet</td><td>Unknown unit code “NOPE”.</td>" in page
    assert "<td>4</td><td>e-post</td>" in page
    assert "Confirm and import" not in page
    assert pending_files(settings) == []
    staff_client.post(CONFIRM)
    assert ImportBatch.objects.count() == 0


def test_file_level_errors_are_shown_on_the_upload_form(staff_client, organisation):
    response = upload(staff_client, b"\x89PNG\r\n\x1a\n" + bytes(100), name="bild.xlsx")
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "not an XLSX file" in response.text
    assert "There is a problem" in upload(staff_client, b"", name="tom.csv").text


def test_a_file_over_the_limit_is_refused_before_parsing(staff_client, organisation, settings):
    settings.DIGIT_IMPORT_MAX_BYTES = 1024
    response = upload(staff_client, b"x" * 5000)
    assert "The file is 0" in response.text and "the limit is" in response.text


def test_a_50_mb_upload_is_refused_from_its_length_alone(staff_client, organisation, settings):
    response = upload(staff_client, b"x" * (50 * 1024 * 1024))
    assert response.status_code == 413
    assert "The file is 50 MB; the limit is 10 MB." in response.text
    assert pending_files(settings) == []


def test_confirm_is_refused_when_people_changed_since_preview(staff_client, organisation, settings):
    upload(staff_client, csv_bytes([row("2001")]), mode="partial")
    make_person(organisation["branch_a"])  # a change after the preview
    response = staff_client.post(CONFIRM, follow=True)
    assert "changed after the preview" in response.text
    assert not Person.objects.filter(employee_number="2001").exists()
    assert pending_files(settings) == []


def test_xlsx_upload_works_and_page_speaks_swedish(staff_client, organisation):
    staff_client.cookies.pop("__Host-language", None)
    staff_client.cookies.pop("django_language", None)
    data = xlsx_bytes([row("2001", unit="LIB-A")])
    page = upload(staff_client, data, name="personal.xlsx", language="sv").text
    assert 'lang="sv"' in page
    assert "Förhandsgranska importen" in page


def test_result_page_of_an_unknown_import_is_404(staff_client, organisation):
    batch = commit_people_import(csv_bytes([row("2001")]), full=False)
    assert staff_client.get(reverse("people:import_result", args=[batch.pk])).status_code == 200
    assert staff_client.get(reverse("people:import_result", args=[batch.pk + 1])).status_code == 404


def test_people_list_status_follows_import_and_employment_end(staff_client, organisation):
    import datetime

    ended = make_person(organisation["branch_a"], employment_end=datetime.date(2020, 1, 31))
    ended.employment_start = datetime.date(2015, 1, 1)
    ended.save()
    people = reverse("people:person_list")
    left = staff_client.get(people, {"status": "left"}).text
    current = staff_client.get(people, {"status": "current"}).text
    assert ended.employee_number in left and ended.employee_number not in current


def test_an_upload_left_for_over_an_hour_is_deleted_by_the_next_one(
    staff_client, organisation, settings, staff, time_machine
):
    upload(staff_client, csv_bytes([row("2001", unit="LIB-A")]), mode="partial")
    [left] = pending_files(settings)
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=61))
    staff_client.force_login(staff)  # signed out meanwhile (idle), back the next day
    upload(staff_client, csv_bytes([row("2002", unit="LIB-A")]), mode="partial")
    assert [p.token for p in pending_files(settings)] != [left.token]
    assert len(pending_files(settings)) == 1
