"""The start page's people panel: organisation size for staff (managers see their units in the
manager panel, so that one topic has one heading)."""

import pytest
from django.urls import reverse

from digit.people.models import Person, Unit
from digit.people.services import commit_people_import
from tests.factories import make_person
from tests.people.files import csv_bytes, row

pytestmark = pytest.mark.django_db


def test_staff_see_organisation_size_and_latest_import(client, organisation, staff):
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="en").text
    # Seven units: the six of the fixture and the seed programme's root.
    assert "5 people employed in 7 units." in page and "No HR import yet." in page
    commit_people_import(csv_bytes([row("2001")]), filename="hr.csv", full=False)
    page = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="en").text
    assert "6 people employed in" in page and "(hr.csv)" in page


def test_one_unit_is_named_in_the_singular(client, staff):
    """Counts meet their nouns through ngettext: "1 unit", never "1 units"."""
    client.force_login(staff)
    Unit.objects.exclude(pk__in=Person.objects.values("unit")).exclude(code="KUL").delete()
    make_person(Unit.objects.get(code="KUL"))
    page = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="en").text
    assert "person employed in 1 unit." in page
    client.cookies["django_language"] = "sv"
    page = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="sv").text
    assert "anställd i 1 enhet." in page


def test_managers_and_employees_see_no_people_panel(client, organisation):
    client.force_login(organisation["library_manager"].user)
    page = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="en").text
    assert "people-heading" not in page and "HR import" not in page
    assert page.count("Your units") == 2  # the manager panel's heading and table caption
    client.force_login(organisation["employee_a"].user)
    assert "people-heading" not in client.get(reverse("web:home")).text
