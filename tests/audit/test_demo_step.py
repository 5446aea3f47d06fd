"""The demo's audit step: staff views of profiles for the audit page and "My data", once."""

import pytest
from django.urls import reverse

from digit.access.roles import Role
from digit.audit.models import Entry, Kind
from digit.demo.accounts import create_demo_accounts, demo_people
from digit.demo.audit import record_demo_views
from digit.demo.people import load_people
from tests.people.test_demo_step import FakeCommand


@pytest.mark.django_db
def test_demo_views_are_written_once_and_shown_to_the_demo_employee(client, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    command = FakeCommand()
    load_people(command, {"employees": 120, "seed": 5})
    create_demo_accounts(command, {})
    record_demo_views(command, {})
    count = Entry.objects.filter(request_id__startswith="demo-").count()
    record_demo_views(command, {})
    assert Entry.objects.filter(request_id__startswith="demo-").count() == count > 30
    employee = demo_people()[Role.EMPLOYEE]
    client.force_login(employee.user)
    views = client.get(reverse("web:my_data")).context["page"]
    assert {e.kind for e in views} >= {Kind.PERSON_VIEWED}
    assert len(views) >= 2  # staff and the manager
