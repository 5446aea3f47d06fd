"""Who sees which people and units: staff everything, managers their units, employees themselves."""

import pytest
from django.urls import reverse

from digit.people.selectors import visible_people, visible_units

pytestmark = pytest.mark.django_db


def test_staff_see_everyone(organisation, staff):
    assert visible_people(staff).count() == 5


def test_manager_sees_people_in_managed_units_and_below(organisation):
    manager = organisation["library_manager"]
    seen = set(visible_people(manager.user))
    assert seen == {manager, organisation["employee_a"], organisation["employee_b"]}
    assert set(visible_units(manager.user)) == {
        organisation["library"],
        organisation["branch_a"],
        organisation["branch_b"],
    }


def test_employee_sees_only_themselves(organisation):
    employee = organisation["employee_a"]
    assert list(visible_people(employee.user)) == [employee]
    assert not visible_units(employee.user).exists()


def test_manager_gets_404_for_a_person_outside_their_units(client, organisation):
    client.force_login(organisation["library_manager"].user)
    outside = organisation["employee_museum"]
    response = client.get(reverse("people:person_detail", args=[outside.pk]))
    assert response.status_code == 404
    inside = organisation["employee_a"]
    assert client.get(reverse("people:person_detail", args=[inside.pk])).status_code == 200


def test_manager_never_sees_salary_cost(client, organisation, staff):
    person = organisation["employee_a"]
    url = reverse("people:person_detail", args=[person.pk])
    client.force_login(organisation["library_manager"].user)
    assert "320" not in client.get(url).text
    client.force_login(staff)
    assert "320" in client.get(url).text


def test_leaver_loses_employee_role_at_once(client, organisation):
    employee = organisation["employee_a"]
    client.force_login(employee.user)
    assert client.get(reverse("web:home")).status_code == 200
    employee.left_on = "2020-01-01"
    employee.save()
    assert client.get(reverse("web:home")).status_code == 403


def test_person_list_filters_by_search_term(client, organisation, staff):
    client.force_login(staff)
    target = organisation["employee_b"]
    response = client.get(reverse("people:person_list"), {"q": target.last_name})
    assert target.last_name in response.text
    assert organisation["employee_a"].last_name not in response.text


def test_person_list_htmx_request_gets_only_the_results_partial(client, organisation, staff):
    client.force_login(staff)
    response = client.get(reverse("people:person_list"), headers={"HX-Request": "true"})
    assert 'id="results"' in response.text
    assert "<html" not in response.text


def test_only_staff_get_a_link_to_the_individual_profile(client, organisation, staff):
    person = organisation["employee_a"]
    url = reverse("people:person_detail", args=[person.pk])
    profile_url = reverse("assessments:person_profile", args=[person.pk])
    client.force_login(organisation["library_manager"].user)
    assert profile_url not in client.get(url).text
    client.force_login(staff)
    assert profile_url in client.get(url).text
