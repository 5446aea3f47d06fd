"""Programme pages: staff, finance and auditors read; only staff create and edit."""

import datetime

import lxml.html
import pytest
from django.urls import reverse

from digit.programmes.models import Programme
from tests.programmes.factories import make_programme

pytestmark = pytest.mark.django_db


def programme_data(programme=None, **changes):
    """A POST body for the programme form with its phase formset."""
    data = {
        "name": "Digit 2",
        "slug": "digit-2",
        "owner": "Kulturförvaltningen",
        "scope": "",
        "starts_on": "2026-01-01",
        "ends_on": "2027-06-30",
        "target_increased_share": "75",
        "target_active_share": "40",
        "target_role_models": "12",
        "target_unit_coverage": "90",
        "keep_answers_years": "2",
        "keep_journal_years": "1",
        "keep_evaluation_text_years": "1",
        "keep_identity_years": "5",
        "phases-TOTAL_FORMS": "2",
        "phases-INITIAL_FORMS": "0",
        "phases-MIN_NUM_FORMS": "0",
        "phases-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_list_shows_every_programme(client, staff, organisation):
    make_programme(organisation["root"], name="Andra programmet")
    client.force_login(staff)
    body = client.get(reverse("programmes:programme_list")).content.decode()
    assert "Digit or die" in body and "Andra programmet" in body


def table_rows(body: str) -> list[list[str]]:
    """The text of each cell, row by row, of the tables on the page."""
    page = lxml.html.fromstring(body)
    return [[cell.text_content().strip() for cell in row.xpath("td")] for row in page.xpath("//tr")]


def test_detail_shows_phases_with_dates_and_targets(client, auditor):
    seed = Programme.objects.get(slug="digit-or-die")
    client.force_login(auditor)
    body = client.get(reverse("programmes:programme_detail", args=[seed.pk])).content.decode()
    phases = {row[0]: row[2:4] for row in table_rows(body) if len(row) == 5}
    assert phases["Kollegialt lärande"] == ["2020-09-01", "2021-12-17"]
    assert len(phases) == seed.phases.count()
    targets = lxml.html.fromstring(body).xpath('//dl[@class="targets"]//dd')
    assert [dd.text_content() for dd in targets] == ["≥ 80 %", "≥ 40 %", "24", "100 %"]
    assert reverse("programmes:programme_edit", args=[seed.pk]) not in body


def test_staff_create_a_programme_with_phases(client, staff, organisation):
    client.force_login(staff)
    data = programme_data(
        scope=organisation["library"].pk,
        **{
            "phases-0-kind": "mapping",
            "phases-0-name": "Nollmätning",
            "phases-0-starts_on": "2026-01-10",
            "phases-0-ends_on": "2026-02-28",
        },
    )
    response = client.post(reverse("programmes:programme_create"), data)
    programme = Programme.objects.get(slug="digit-2")
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:programme_detail", args=[programme.pk])
    assert str(programme.target_increased_share) == "0.750"
    assert programme.target_role_models == 12
    assert [p.name for p in programme.phases.all()] == ["Nollmätning"]


def test_staff_edit_phases_and_remove_one(client, staff, organisation):
    programme = make_programme(organisation["root"], phases=2)
    first, second = programme.phases.order_by("starts_on")
    client.force_login(staff)
    page = client.get(reverse("programmes:programme_edit", args=[programme.pk]))
    assert page.status_code == 200
    assert page.context["form"].initial["target_increased_share"] == 80
    data = programme_data(
        slug=programme.slug,
        scope=organisation["root"].pk,
        starts_on="2025-01-01",
        ends_on="2027-12-31",
        **{
            "phases-TOTAL_FORMS": "2",
            "phases-INITIAL_FORMS": "2",
            "phases-0-id": first.pk,
            "phases-0-kind": "training",
            "phases-0-name": "Utbildning vår",
            "phases-0-starts_on": "2025-02-01",
            "phases-0-ends_on": "2025-06-15",
            "phases-1-id": second.pk,
            "phases-1-kind": "training",
            "phases-1-name": second.name,
            "phases-1-starts_on": "2026-01-01",
            "phases-1-ends_on": "2026-12-31",
            "phases-1-DELETE": "on",
        },
    )
    response = client.post(reverse("programmes:programme_edit", args=[programme.pk]), data)
    assert response.status_code == 302, response.context and response.context["phases"].errors
    assert [p.name for p in programme.phases.all()] == ["Utbildning vår"]
    programme.refresh_from_db()
    assert programme.name == "Digit 2"


def test_phase_outside_the_programme_period_is_refused_and_nothing_is_saved(
    client, staff, organisation
):
    client.force_login(staff)
    data = programme_data(
        scope=organisation["root"].pk,
        **{
            "phases-0-kind": "closing",
            "phases-0-name": "Avslut",
            "phases-0-starts_on": "2028-01-01",
            "phases-0-ends_on": "2028-02-01",
        },
    )
    response = client.post(reverse("programmes:programme_create"), data)
    assert response.status_code == 200
    assert "inom programmets period" in response.content.decode()
    assert not Programme.objects.filter(slug="digit-2").exists()


def test_programme_cannot_end_before_it_starts(client, staff, organisation):
    client.force_login(staff)
    data = programme_data(scope=organisation["root"].pk, ends_on="2025-01-01")
    response = client.post(reverse("programmes:programme_create"), data)
    assert response.status_code == 200
    assert "kan inte sluta innan det börjar" in response.content.decode()


def test_auditor_and_finance_cannot_edit(client, auditor, finance):
    seed = Programme.objects.get(slug="digit-or-die")
    for account in (auditor, finance):
        client.force_login(account)
        assert client.get(reverse("programmes:programme_create")).status_code == 403
        url = reverse("programmes:programme_edit", args=[seed.pk])
        assert client.post(url, programme_data()).status_code == 403
    seed.refresh_from_db()
    assert seed.name == "Digit or die"


def test_employees_cannot_see_programme_pages(client, organisation):
    client.force_login(organisation["employee_a"].user)
    assert client.get(reverse("programmes:programme_list")).status_code == 403


def test_edit_form_lists_date_fields_as_date_inputs(client, staff):
    seed = Programme.objects.get(slug="digit-or-die")
    client.force_login(staff)
    body = client.get(reverse("programmes:programme_edit", args=[seed.pk])).content.decode()
    assert 'type="date"' in body
    assert f'value="{datetime.date(2019, 9, 2).isoformat()}"' in body


def test_targets_are_edited_as_plain_percentages(client, staff):
    seed = Programme.objects.get(slug="digit-or-die")
    client.force_login(staff)
    body = client.get(reverse("programmes:programme_edit", args=[seed.pk])).content.decode()
    assert 'name="target_increased_share" value="80"' in body
    assert 'name="target_unit_coverage" value="100"' in body
    assert "E+" not in body
