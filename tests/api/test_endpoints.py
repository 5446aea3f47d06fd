"""Programmes, units, activities and sessions for BI tools: the roles and scopes of the pages,
pages of results, date filters, counts and never a name."""

import datetime

import pytest
from django.utils import timezone

from digit.learning import services
from digit.people.models import Unit
from tests.api.factories import bearer, make_token
from tests.learning.factories import make_activity, make_programme, make_session, move_to_past

pytestmark = pytest.mark.django_db


@pytest.fixture
def learning(organisation):
    programme = make_programme(organisation["root"], slug="digit-2026")
    activity = make_activity(programme, title_sv="Excel för alla")
    past = make_session(activity, capacity=3)
    people = [
        organisation["employee_a"],
        organisation["employee_b"],
        organisation["employee_museum"],
    ]
    for person in people:
        services.enrol(session_id=past.pk, person=person)
    move_to_past(past, days_ago=10)
    services.register_attendance(
        session=past,
        marks={people[0].pk: ("present", None), people[1].pk: ("partial", 30),
               people[2].pk: ("absent", None)},
        by=None,
    )  # fmt: skip
    upcoming = make_session(activity, starts_in=datetime.timedelta(days=20))
    services.enrol(session_id=upcoming.pk, person=people[0])
    return {"programme": programme, "activity": activity, "past": past, "upcoming": upcoming}


def test_sessions_carry_attendance_counts_and_no_names(client, learning, finance):
    token = make_token(finance)
    response = bearer(client, "/learning/sessions", token)
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    past, upcoming = data["items"]
    assert past["id"] == learning["past"].pk
    assert (past["present"], past["partial"], past["absent"]) == (1, 1, 1)
    assert past["attended_minutes"] == 120 + 30
    assert (past["enrolled"], upcoming["enrolled"], upcoming["present"]) == (3, 1, 0)
    assert past["programme"] == "digit-2026"
    text = response.content.decode()
    assert "Anna" not in text and "Andersson" not in text and "@" not in text


def test_sessions_filtered_by_date_and_activity(client, learning, auditor):
    token = make_token(auditor)
    today = timezone.localdate()
    future = bearer(client, "/learning/sessions", token, since=today.isoformat()).json()
    assert [s["id"] for s in future["items"]] == [learning["upcoming"].pk]
    before = bearer(client, "/learning/sessions", token, until=today.isoformat()).json()
    assert [s["id"] for s in before["items"]] == [learning["past"].pk]
    other = make_activity(learning["programme"])
    make_session(other)
    mine = bearer(client, "/learning/sessions", token, activity=learning["activity"].pk).json()
    assert mine["count"] == 2


def test_activities_filtered_by_programme_and_session_dates(client, learning, staff):
    token = make_token(staff)
    data = bearer(client, "/learning/activities", token, programme="digit-2026").json()
    assert data["count"] == 1
    assert data["items"][0]["title_sv"] == "Excel för alla" and data["items"][0]["sessions"] == 2
    far = (timezone.localdate() + datetime.timedelta(days=100)).isoformat()
    assert bearer(client, "/learning/activities", token, since=far).json()["count"] == 0
    assert bearer(client, "/learning/activities", token, programme="other").json()["count"] == 0


def test_lists_come_in_pages(client, organisation, staff):
    token = make_token(staff)
    total = Unit.objects.count()  # the organisation's and the seed programme's
    first = bearer(client, "/units", token, page_size=4).json()
    second = bearer(client, "/units", token, page_size=4, page=2).json()
    assert first["count"] == second["count"] == total
    assert len(first["items"]) == 4 and len(second["items"]) == total - 4
    ids = [unit["id"] for unit in first["items"] + second["items"]]
    assert sorted(ids) == sorted(Unit.objects.values_list("pk", flat=True))
    assert bearer(client, "/units", token, page_size=1001).status_code == 422


def test_units_as_on_the_units_page(client, organisation, auditor):
    token = make_token(auditor)
    units = {u["code"]: u for u in bearer(client, "/units", token).json()["items"]}
    assert {"ROOT", "LIB", "MUS", "LIB-A", "LIB-B", "MUS-X"} <= set(units)
    assert units["LIB-A"]["headcount"] == 1
    assert units["LIB-A"]["parent_id"] == organisation["library"].pk


def test_a_manager_signed_in_sees_only_their_units_and_no_learning_reports(client, organisation):
    client.force_login(organisation["library_manager"].user)
    codes = {u["code"] for u in client.get("/api/units").json()["items"]}
    assert codes == {"LIB", "LIB-A", "LIB-B"}
    assert client.get("/api/learning/sessions").status_code == 403
    assert client.get("/api/programmes").status_code == 403


def test_employees_signed_in_get_nothing(client, organisation, learning):
    client.force_login(organisation["employee_a"].user)
    for path in ("/programmes", "/units", "/learning/activities", "/learning/sessions",
                 "/goals/programmes"):  # fmt: skip
        assert client.get(f"/api{path}").status_code == 403, path


def test_programmes_filtered_by_the_period_they_run(client, organisation, finance):
    programme = make_programme(organisation["root"], slug="digit-2026")
    token = make_token(finance)

    def slugs(**params):
        return {
            p["slug"]: p for p in bearer(client, "/programmes", token, **params).json()["items"]
        }

    assert slugs()["digit-2026"]["scope_unit_id"] == organisation["root"].pk
    on_its_last_day = programme.ends_on.isoformat()
    assert "digit-2026" in slugs(since=on_its_last_day, until=on_its_last_day)
    assert "digit-2026" not in slugs(since=(programme.ends_on + datetime.timedelta(1)).isoformat())
    assert "digit-2026" not in slugs(
        until=(programme.starts_on - datetime.timedelta(1)).isoformat()
    )
