"""The plan page: the seed's plan exactly, what an edited plan breaks, who may edit."""

import pytest
from django.urls import reverse

from digit.access.roles import Role
from digit.finance.money import ore_from_tkr
from digit.funding.models import BudgetLine, FinancingSource, UnitCost, UnitCostChange
from digit.programmes.models import Programme
from tests.factories import PASSWORD, make_account, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed():
    return Programme.objects.get(slug="digit-or-die")


def _client(client, user):
    client.login(email=user.email, password=PASSWORD)
    return client


def test_the_seed_plan_is_loaded_exactly(seed):
    plan = seed.funding_plan
    budget = {}
    for line in BudgetLine.objects.filter(plan=plan):
        budget[line.category] = budget.get(line.category, 0) + line.amount_ore
    assert sum(budget.values()) == ore_from_tkr(18176)
    assert budget["participant_time"] == ore_from_tkr(2956)
    sources = dict(FinancingSource.objects.filter(plan=plan).values_list("kind", "amount_ore"))
    assert sources == {
        "esf": ore_from_tkr(12166),
        "public_cash": ore_from_tkr(3054),
        "public_in_kind": ore_from_tkr(2956),
    }
    assert str(plan.esf_rate) == "0.6693"


@pytest.mark.parametrize("role", [Role.FINANCE, Role.PROGRAMME_STAFF, Role.AUDITOR])
def test_readers_see_that_the_seed_plan_adds_up(client, seed, role):
    response = _client(client, make_account(role)).get(reverse("funding:plan", args=[seed.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "18\xa0176" in text and "12\xa0166" in text and "6\xa0010" in text
    assert "2\xa0956" in text and "3\xa0054" in text
    assert "66,93" in text and "33,07" in text
    assert "Planen går ihop" in text
    assert (reverse("funding:plan_edit", args=[seed.pk]) in text) == (role == Role.FINANCE)


def test_employees_are_refused_every_funding_page(client, seed):
    employee = make_person()
    client.login(email=employee.email, password=PASSWORD)
    for url in (
        reverse("funding:index"),
        reverse("funding:plan", args=[seed.pk]),
        reverse("funding:plan_edit", args=[seed.pk]),
        reverse("funding:unit_costs"),
        reverse("funding:months", args=[seed.pk]),
    ):
        assert client.get(url).status_code == 403, url


def _form_data(client, seed):
    """The edit form's current values, as a browser would post them back."""
    form = client.get(reverse("funding:plan_edit", args=[seed.pk])).context["amounts_form"]
    settings = client.get(reverse("funding:plan_edit", args=[seed.pk])).context["settings_form"]
    data = {}
    for bound in form:  # amounts in Swedish: decimal comma
        value = bound.value()
        data[bound.html_name] = "" if value is None else str(value).replace(".", ",")
    for bound in settings:
        data[bound.html_name] = "" if bound.value() is None else str(bound.value())
    return data


def test_an_edited_plan_that_does_not_add_up_says_where(client, seed):
    _client(client, make_account(Role.FINANCE))
    data = _form_data(client, seed)
    data["source_esf"] = "12000000,00"  # 166 tkr short
    response = client.post(reverse("funding:plan_edit", args=[seed.pk]), data)
    assert response.status_code == 302
    page = client.get(reverse("funding:plan", args=[seed.pk])).content.decode()
    assert "Planen går inte ihop" in page
    assert "skillnad på -166\xa0000,00 kr" in page
    assert "66,02" in page  # the ESF share the edited amount gives


def test_saving_the_form_unchanged_keeps_the_plan_exact(client, seed):
    _client(client, make_account(Role.FINANCE))
    before = list(BudgetLine.objects.values_list("category", "year", "amount_ore"))
    data = _form_data(client, seed)
    assert client.post(reverse("funding:plan_edit", args=[seed.pk]), data).status_code == 302
    assert list(BudgetLine.objects.values_list("category", "year", "amount_ore")) == before


def test_programme_staff_cannot_post_the_plan(client, seed):
    _client(client, make_account(Role.PROGRAMME_STAFF))
    assert client.post(reverse("funding:plan_edit", args=[seed.pk]), {}).status_code == 403


def test_unit_costs_are_edited_by_finance_with_history(client):
    finance = make_account(Role.FINANCE)
    _client(client, finance)
    url = reverse("funding:unit_costs")
    for rate in ("280,00", "285,50", "285,50"):
        response = client.post(url, {"year": 2020, "wage_group": 1, "hourly_rate": rate})
        assert response.status_code == 302
    cost = UnitCost.objects.get(year=2020, wage_group=1)
    assert cost.hourly_rate_ore == 28550
    changes = list(UnitCostChange.objects.filter(unit_cost=cost).order_by("id"))
    assert [(c.before_ore, c.after_ore) for c in changes] == [(None, 28000), (28000, 28550)]
    assert all(change.changed_by == finance for change in changes)
    page = client.get(url).content.decode()
    assert "285,50" in page and finance.email in page


def test_unit_costs_refuse_a_wage_group_outside_1_to_7(client):
    _client(client, make_account(Role.FINANCE))
    response = client.post(
        reverse("funding:unit_costs"), {"year": 2020, "wage_group": 8, "hourly_rate": "280"}
    )
    assert response.status_code == 200
    assert not UnitCost.objects.exists()


@pytest.mark.parametrize("role", [Role.PROGRAMME_STAFF, Role.AUDITOR])
def test_readers_cannot_change_unit_costs(client, role):
    _client(client, make_account(role))
    url = reverse("funding:unit_costs")
    assert client.get(url).status_code == 200
    response = client.post(url, {"year": 2020, "wage_group": 1, "hourly_rate": "280"})
    assert response.status_code == 403
    assert not UnitCost.objects.exists()
