"""The API gives the same suppressed figures as the page and the downloads."""

import datetime

import pytest
from django.urls import reverse

from digit.goals.exports import read_csv_text
from tests.goals import scenario


@pytest.fixture
def city(db):
    return scenario.build()


def api(client, path, **params):
    return client.get(f"/api{path}", params, HTTP_ACCEPT_LANGUAGE="en")


def test_indicators_match_the_page(client, city, staff):
    client.force_login(staff)
    slug = city["programme"].slug
    response = api(client, f"/goals/programmes/{slug}/indicators")
    assert response.status_code == 200
    increased = response.json()[0]
    assert increased["code"] == "increased"
    assert (increased["result"]["x"], increased["result"]["n"]) == (21, 34)
    assert increased["target_met"] is False
    assert "Jacobson" in increased["definition"]


@pytest.mark.parametrize("dimension", ["gender", "unit", "age_band", "role"])
def test_breakdown_suppression_is_identical_in_api_and_csv(client, city, staff, dimension):
    client.force_login(staff)
    slug = city["programme"].slug
    data = api(client, f"/goals/programmes/{slug}/breakdowns/increased/{dimension}").json()
    api_hidden = {g["label"] for g in data["groups"] if g["suppressed"]}
    for group in data["groups"]:
        if group["suppressed"]:
            assert group["n"] is None and group["x"] is None and group["share"] is None
    csv_response = client.get(
        reverse(
            "goals:export", kwargs={"slug": slug, "table": f"increased-{dimension}", "fmt": "csv"}
        ),  # fmt: skip
        HTTP_ACCEPT_LANGUAGE="en",
    )
    rows = read_csv_text(csv_response.content)[1:]
    csv_hidden = {row[0] for row in rows if ".." in row}
    assert api_hidden == csv_hidden
    page = client.get(
        reverse("goals:dashboard", kwargs={"slug": slug}), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    for label in api_hidden:
        assert label in page


def test_unit_breakdown_in_the_api_respects_the_managers_scope(client, city):
    client.force_login(city["manager"].user)
    slug = city["programme"].slug
    own = api(client, f"/goals/programmes/{slug}/breakdowns/increased/unit", unit=city["d1"].pk)
    assert own.status_code == 200
    hidden = {g["key"] for g in own.json()["groups"] if g["suppressed"]}
    assert str(city["units"]["U2"].pk) in hidden
    other = api(client, f"/goals/programmes/{slug}/breakdowns/increased/unit", unit=city["d2"].pk)
    assert other.status_code == 404
    assert (
        api(client, f"/goals/programmes/{slug}/indicators", unit=city["d2"].pk).status_code == 404
    )


def test_employees_and_anonymous_callers_get_nothing(client, city):
    slug = city["programme"].slug
    assert api(client, f"/goals/programmes/{slug}/indicators").status_code == 401
    client.force_login(city["people"]["U1"][0].user)
    assert api(client, f"/goals/programmes/{slug}/indicators").status_code == 403
    assert api(client, "/goals/programmes").status_code == 403


def test_openapi_docs_only_for_programme_staff(client, city, staff, auditor):
    assert client.get("/api/docs").status_code in (302, 403)
    client.force_login(auditor)
    assert client.get("/api/docs").status_code == 403
    assert client.get("/api/openapi.json").status_code == 403
    client.force_login(staff)
    assert client.get("/api/docs").status_code == 200
    assert (
        "/api/goals/programmes/{slug}/indicators" in client.get("/api/openapi.json").json()["paths"]
    )


@pytest.mark.parametrize("indicator", ["increased", "active", "role_models", "participation"])
@pytest.mark.parametrize("dimension", ["gender", "unit", "age_band", "role"])
def test_totals_minus_published_groups_never_give_a_hidden_group(
    client, city, staff, indicator, dimension
):
    """The attacker's move on the real API: subtract every published group from the total."""
    client.force_login(staff)
    slug = city["programme"].slug
    data = api(client, f"/goals/programmes/{slug}/breakdowns/{indicator}/{dimension}").json()
    results = api(client, f"/goals/programmes/{slug}/indicators").json()
    totals = {result["code"]: result["result"] for result in results}
    totals["participation"] = {"n": 40, "x": 34}  # invited to the follow-up; 34 answered
    total = totals[indicator]
    hidden = [g for g in data["groups"] if g["suppressed"]]
    assert len(hidden) != 1
    if hidden:
        published = [g for g in data["groups"] if not g["suppressed"]]
        remainder_n = total["n"] - sum(g["n"] for g in published)
        remainder_x = total["x"] - sum(g["x"] for g in published)
        assert remainder_n >= 5, "the hidden groups together are still a small group"
        assert not (remainder_n < 10 and remainder_x in (0, remainder_n))


def test_the_trend_wave_by_wave_filtered_by_date(client, city, staff):
    client.force_login(staff)
    slug = city["programme"].slug
    data = api(client, f"/goals/programmes/{slug}/trend/increased").json()
    anchor, follow_up = data["points"]
    assert anchor["anchor"] and anchor["share"] == 0.0
    assert follow_up["wave_id"] == city["follow_up"].pk
    assert (follow_up["x"], follow_up["n"], follow_up["suppressed"]) == (21, 34, False)
    since = (city["baseline"].closes_on + datetime.timedelta(days=1)).isoformat()
    later = api(client, f"/goals/programmes/{slug}/trend/increased", since=since).json()
    assert [p["wave_id"] for p in later["points"]] == [city["follow_up"].pk]
    until = city["baseline"].closes_on.isoformat()
    rates = api(client, f"/goals/programmes/{slug}/trend/participation", until=until).json()
    assert [p["wave_id"] for p in rates["points"]] == [city["baseline"].pk]
    assert api(client, f"/goals/programmes/{slug}/trend/role_models").json()["points"] == []
    assert api(client, f"/goals/programmes/{slug}/trend/nonsense").status_code == 422
