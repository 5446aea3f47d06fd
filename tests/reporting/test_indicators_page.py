"""The EU indicators page (exact counts inside Digit) and its download (suppressed)."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from digit.access.roles import Role
from tests.factories import make_account
from tests.reporting.factories import participant, reporting_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(organisation):
    programme = reporting_programme(organisation["root"])
    for _ in range(7):
        participant(
            programme, organisation["branch_a"], gender="woman", education_level="isced_5_8"
        )
    for _ in range(2):
        participant(
            programme,
            organisation["branch_b"],
            gender="man",
            birth_year=timezone.localdate().year - 16,  # under 25 on the test's today
        )
    return programme


def test_the_page_shows_exact_counts_by_gender(client, programme):
    client.force_login(make_account(Role.AUDITOR))
    page = client.get(
        reverse("reporting:indicators", args=[programme.pk]), headers={"Accept-Language": "en"}
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "CO06 Below 25 years" in text
    rows = dict(page.context["rows"])
    assert rows["Participants"] == [7, 2, 0, 9]
    assert rows["CO06 Below 25 years"] == [0, 2, 0, 2]
    assert rows["CO11 Tertiary education (ISCED 5–8)"] == [7, 0, 0, 7]
    assert rows["Education unknown"] == [0, 2, 0, 2]


def test_the_download_hides_small_cells(client, programme):
    client.force_login(make_account(Role.FINANCE))
    response = client.get(reverse("reporting:indicators_export", args=[programme.pk, "csv"]))
    rows = {r[0]: r[1:] for r in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))}
    assert rows["Deltagare"][1] == ".."  # two men
    assert rows["Deltagare"].count("..") >= 2


def test_the_page_is_in_swedish_and_refused_to_staff(client, programme):
    client.force_login(make_account(Role.FINANCE))
    page = client.get(
        reverse("reporting:indicators", args=[programme.pk]), headers={"Accept-Language": "sv"}
    )
    assert "EU-indikatorer" in page.content.decode()
    client.force_login(make_account(Role.PROGRAMME_STAFF))
    assert client.get(reverse("reporting:indicators", args=[programme.pk])).status_code == 403
