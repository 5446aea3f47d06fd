"""Roles are read from the database on every request, in as few queries as possible."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from digit.access.roles import Role
from digit.people.models import unit_and_ancestor_ids
from tests.factories import make_person, make_unit

pytestmark = pytest.mark.django_db


def _groups_read(queries) -> bool:
    return any(q["sql"].lstrip().startswith('SELECT "auth_group"') for q in queries)


def test_an_employee_page_reads_no_groups(client, organisation):
    person = make_person(organisation["branch_a"])
    client.force_login(person.user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("web:home")).status_code == 200
    assert not _groups_read(queries)


def test_a_granted_role_counts_from_the_next_request_and_ends_as_fast(client, organisation):
    person = make_person(organisation["branch_a"])
    client.force_login(person.user)
    staff_page = reverse("assessments:wave_list")
    assert client.get(staff_page).status_code == 403
    group, _created = Group.objects.get_or_create(name=Role.PROGRAMME_STAFF.value)
    person.user.groups.add(group)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(staff_page).status_code == 200
    assert _groups_read(queries)  # a granted group is read, so it can also be taken away
    person.user.groups.remove(group)
    assert client.get(staff_page).status_code == 403


def test_unit_and_ancestor_ids_are_nearest_first():
    root = make_unit("Förvaltning")
    department = make_unit("Avdelning", parent=root)
    unit = make_unit("Enhet", parent=department)
    assert unit_and_ancestor_ids(unit.id) == [unit.id, department.id, root.id]
    assert unit_and_ancestor_ids(root.id) == [root.id]
