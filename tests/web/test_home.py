"""The start page: anonymous visitors sign in first, each role sees its own panels."""

import pytest
from django.urls import reverse
from django.utils import timezone

from digit.programmes.models import Programme
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_start_page_is_swedish_by_default(client, organisation):
    client.force_login(organisation["employee_a"].user)
    body = client.get("/").content.decode()
    assert '<html lang="sv">' in body
    assert "Välkommen" in body


def test_staff_see_programmes_with_phases_targets_and_import_link(client, staff):
    client.force_login(staff)
    body = client.get("/").content.decode()
    seed = Programme.objects.get(slug="digit-or-die")
    assert reverse("programmes:programme_detail", args=[seed.pk]) in body
    assert "Kartläggning (nollmätning)" in body
    assert "80 %" in body  # share with reliably increased competence
    assert reverse("people:import_upload") in body
    assert reverse("people:person_list") in body


def test_auditor_sees_programmes_read_only(client, auditor):
    client.force_login(auditor)
    body = client.get("/").content.decode()
    assert "Digit or die" in body
    assert reverse("people:import_upload") not in body
    assert reverse("programmes:programme_create") not in body


def test_finance_sees_programmes(client, finance):
    client.force_login(finance)
    assert "Digit or die" in client.get("/").content.decode()


def test_manager_sees_own_units_with_headcounts_only(client, organisation):
    manager = organisation["library_manager"]
    client.force_login(manager.user)
    response = client.get("/")
    units = {unit.name: unit.headcount for unit in response.context["panels"][0][1]["units"]}
    assert units == {"Biblioteket": 1, "Filial A": 1, "Filial B": 1}
    body = response.content.decode()
    assert "Museet" not in body
    assert "aggregerat" in body or "sammanställning" in body
    assert organisation["employee_a"].last_name not in body


def test_employee_sees_own_details_and_nothing_of_others(client, organisation):
    employee = organisation["employee_a"]
    client.force_login(employee.user)
    body = client.get("/").content.decode()
    assert employee.full_name in body
    assert reverse("people:person_detail", args=[employee.pk]) in body
    assert organisation["employee_b"].full_name not in body
    assert "Digit or die" not in body  # the seed programme covers another organisation tree


def test_employee_sees_coming_phases_of_their_programme(client, organisation, staff):
    import datetime

    today = timezone.localdate()
    programme = Programme.objects.create(
        slug="next",
        name="Nästa steg",
        owner="Förvaltningen",
        scope=organisation["root"],
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=300),
    )
    programme.phases.create(
        kind="training",
        name="Utbildningsvåren",
        starts_on=today + datetime.timedelta(days=5),
        ends_on=today + datetime.timedelta(days=50),
    )
    client.force_login(organisation["employee_a"].user)
    body = client.get("/").content.decode()
    assert "Utbildningsvåren" in body


def test_role_model_gets_role_model_panel(client):
    person = make_person(is_role_model=True)
    client.force_login(person.user)
    body = client.get("/").content.decode()
    assert "förebild" in body


def test_account_without_role_is_refused(client, django_user_model):
    user = django_user_model.objects.create_user("nobody@example.org", "x" * 20)
    client.force_login(user)
    assert client.get("/").status_code == 403


def test_an_account_without_a_name_is_greeted_without_its_email(client, staff):
    client.force_login(staff)
    body = client.get("/").content.decode()
    assert "<h1>Välkommen</h1>" in body
    assert f"Välkommen, {staff.email}" not in body


def test_a_staff_account_with_a_name_is_greeted_by_it(client, staff):
    staff.first_name, staff.last_name = "Petra", "Lindqvist"
    staff.save()
    client.force_login(staff)
    assert "<h1>Välkommen, Petra</h1>" in client.get("/").content.decode()
