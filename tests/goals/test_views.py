"""Who sees which goal page: staff and auditors everything, a manager their own units beside
the whole organisation, every employee the open summary."""

import pytest
from django.urls import reverse

from tests.factories import make_account, make_person
from tests.goals import scenario
from tests.goals.factories import change, respond


@pytest.fixture
def city(db):
    return scenario.build()


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def url(name, city, **kwargs):
    return reverse(name, kwargs={"slug": city["programme"].slug, **kwargs})


def test_staff_see_the_dashboard_with_every_goal(client, city, staff):
    client.force_login(staff)
    response = client.get(url("goals:dashboard", city))
    assert response.status_code == 200
    html = response.content.decode()
    for title in ("reliably increased", "actively using", "role models", "Units with participants"):
        assert title.lower() in html.lower()
    assert "21" in html and "34" in html
    assert "(not counted as increased): 2 (5.9 %)" in html
    assert 'src="data:image/svg+xml;base64,' in html
    assert (
        reverse("goals:export_people", kwargs={"slug": city["programme"].slug, "fmt": "csv"})
        in html
    )


@pytest.mark.usefixtures("shared_cache")
def test_the_cached_dashboard_follows_a_committed_change(
    client, city, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    assert "21 of 34 people" in client.get(url("goals:dashboard", city)).text  # now cached
    person = city["people"]["U5"][0]
    with django_capture_on_commit_callbacks(execute=True):
        respond(city["follow_up"], person, total=70.0)
        change(city["baseline"], city["follow_up"], person, before=40.0, after=70.0,
               verdict=scenario.INCREASED)  # fmt: skip
    assert "22 of 35 people" in client.get(url("goals:dashboard", city)).text


def test_auditor_sees_dashboard_and_any_unit(client, city, auditor):
    client.force_login(auditor)
    assert client.get(url("goals:dashboard", city)).status_code == 200
    for unit in (city["d1"], city["d2"], city["units"]["U4"]):
        assert client.get(url("goals:unit", city, unit_id=unit.pk)).status_code == 200


def test_manager_sees_own_units_and_gets_404_for_others(client, city):
    client.force_login(city["manager"].user)
    response = client.get(url("goals:dashboard", city))
    assert response.status_code == 200
    assert reverse(
        "goals:unit", kwargs={"slug": city["programme"].slug, "unit_id": city["d1"].pk}
    ) in (response.content.decode())
    assert client.get(url("goals:unit", city, unit_id=city["d1"].pk)).status_code == 200
    assert client.get(url("goals:unit", city, unit_id=city["units"]["U1"].pk)).status_code == 200
    assert client.get(url("goals:unit", city, unit_id=city["d2"].pk)).status_code == 404
    assert client.get(url("goals:unit", city, unit_id=city["units"]["U4"].pk)).status_code == 404
    assert client.get(url("goals:unit", city, unit_id=999999)).status_code == 404
    export = url("goals:export_unit", city, unit_id=city["d2"].pk, table="indicators", fmt="csv")
    assert client.get(export).status_code == 404


def test_manager_never_gets_the_person_level_export(client, city):
    client.force_login(city["manager"].user)
    assert client.get(url("goals:export_people", city, fmt="csv")).status_code == 403


def test_employee_reads_the_open_summary_but_not_the_dashboard(client, city):
    employee = city["people"]["U1"][3]
    client.force_login(employee.user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "sv"
    response = client.get(reverse("goals:summaries"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == url("goals:summary", city)
    html = response.content.decode()
    assert "61,8" in html  # 21 of 34, in Swedish
    assert client.get(url("goals:dashboard", city)).status_code == 403
    assert client.get(url("goals:unit", city, unit_id=city["d1"].pk)).status_code == 403


def test_start_page_links_the_open_summary(client, city):
    client.force_login(city["people"]["U2"][0].user)
    response = client.get(reverse("web:home"))
    assert url("goals:summary", city) in response.content.decode()


def test_employee_of_another_organisation_does_not_see_the_programme(client, city):
    outsider = make_person()
    client.force_login(outsider.user)
    assert client.get(url("goals:summary", city)).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, city):
    response = client.get(url("goals:summary", city))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_finance_sees_the_dashboard_but_not_person_exports(client, city):
    from digit.access.roles import Role

    client.force_login(make_account(Role.FINANCE))
    assert client.get(url("goals:dashboard", city)).status_code == 200
    assert client.get(url("goals:export_people", city, fmt="csv")).status_code == 403
