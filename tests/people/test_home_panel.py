"""The start page's people panel: organisation size for staff, unit size for managers."""

import pytest
from django.urls import reverse

from digit.people.services import commit_people_import
from tests.people.files import csv_bytes, row

pytestmark = pytest.mark.django_db


def test_staff_see_organisation_size_and_latest_import(client, organisation, staff):
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="en").text
    assert "5 people employed in" in page and "No HR import yet." in page
    commit_people_import(csv_bytes([row("2001")]), filename="hr.csv", full=False)
    page = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="en").text
    assert "6 people employed in" in page and "(hr.csv)" in page


def test_managers_see_their_units_and_employees_see_no_panel(client, organisation):
    client.force_login(organisation["library_manager"].user)
    page = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="en").text
    assert "3 people employed in 3 units." in page
    assert "HR import" not in page
    client.force_login(organisation["employee_a"].user)
    assert "people-heading" not in client.get(reverse("web:home")).text
