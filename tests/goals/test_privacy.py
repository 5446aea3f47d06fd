"""Issue 17 as a user found it: a new wave with one respondent must publish no number, in the
open summary, its downloads or the API, and the headline must not move until enough people
have answered and the wave has closed. After the programme's end the verdict is final."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from digit.assessments.models import Wave
from digit.goals.exports import read_csv_text
from tests.goals import scenario
from tests.goals.factories import change, invite, make_wave, respond

EXTRA_NAME = "Extra uppföljning (test)"
OPENS = datetime.date(2022, 3, 1)  # closes 2022-03-22; the programme ends 2022-06-30
WHILE_OPEN = "2022-03-10 10:00:00+01:00"
AFTER_CLOSE = "2022-04-01 10:00:00+02:00"


@pytest.fixture
def city(db):
    city = scenario.build()
    city["extra"] = make_wave(
        city["programme"], Wave.Kind.FOLLOW_UP, opens_on=OPENS, name=EXTRA_NAME
    )
    for people in city["people"].values():
        for person in people:
            invite(city["extra"], person, completed=False)
    return city


def answer(city, person, *, increased=True):
    """The person answers the extra wave: a response, a reliable change, a completed invitation."""
    respond(city["extra"], person, total=70.0, active=True)
    change(city["baseline"], city["extra"], person, before=40.0, after=70.0,
           verdict=scenario.INCREASED if increased else scenario.NO_CHANGE)  # fmt: skip
    city["extra"].invitations.filter(person=person).update(completed=True)


def summary_page(client, city) -> str:
    url = reverse("goals:summary", kwargs={"slug": city["programme"].slug})
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def summary_csv(client, city, table) -> list[list[str]]:
    url = reverse(
        "goals:export_summary",
        kwargs={"slug": city["programme"].slug, "table": table, "fmt": "csv"},
    )
    return read_csv_text(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content)


def api_indicators(client, city) -> dict:
    path = f"/api/goals/programmes/{city['programme'].slug}/indicators"
    return {row["code"]: row["result"] for row in client.get(path).json()}


def test_one_respondent_in_a_new_wave_shows_no_number_anywhere(client, city, staff):
    employee = city["people"]["U1"][3]
    with time_machine.travel(WHILE_OPEN, tick=False) as clock:
        client.force_login(employee.user)
        headline_before = summary_csv(client, city, "indicators")[1]
        answer(city, city["people"]["U5"][0])  # the one respondent (never answered before)
        html = summary_page(client, city)
        assert EXTRA_NAME not in html  # an open wave is in no figure
        for table in ("increased-trend", "active-trend", "response-rates"):
            assert all(row[0] != EXTRA_NAME for row in summary_csv(client, city, table)), table
        assert summary_csv(client, city, "indicators")[1] == headline_before
        clock.move_to(AFTER_CLOSE)  # closed, answered by one person: still too few
        client.force_login(employee.user)  # a new session (the old one timed out)
        rows = summary_csv(client, city, "increased-trend")
        extra = next(row for row in rows if row[0] == EXTRA_NAME)
        assert extra[2:] == [".."] * 5
        rates = summary_csv(client, city, "response-rates")
        assert next(row for row in rates if row[0] == EXTRA_NAME)[2:] == [".."] * 5
        assert summary_csv(client, city, "indicators")[1] == headline_before
        html = summary_page(client, city)
        assert "21 of 34" in html
        client.force_login(staff)
        assert api_indicators(client, city)["increased"]["n"] == 34


def test_the_headline_moves_only_when_enough_people_have_answered_a_closed_wave(client, city):
    with time_machine.travel(WHILE_OPEN, tick=False) as clock:
        client.force_login(city["people"]["U1"][3].user)
        for person in city["people"]["U4"][10:] + city["people"]["U5"]:  # six new people
            answer(city, person)
            assert "21 of 34" in summary_page(client, city)
        clock.move_to(AFTER_CLOSE)
        client.force_login(city["people"]["U1"][3].user)  # a new session
        assert "27 of 40" in summary_page(client, city)


NOT_YET = {"en": "Not yet met", "sv": "Inte nått ännu"}
FINAL = {"en": "Target not met", "sv": "Målet inte nått"}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_verdict_is_final_after_the_programme_end(client, city, language):
    url = reverse("goals:summary", kwargs={"slug": city["programme"].slug})
    with time_machine.travel("2021-09-01 12:00:00+02:00", tick=False):
        client.force_login(city["people"]["U1"][3].user)
        running = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    with time_machine.travel("2022-07-01 12:00:00+02:00", tick=False):
        client.force_login(city["people"]["U1"][3].user)
        ended = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert NOT_YET[language] in running and FINAL[language] not in running
    assert FINAL[language] in ended and NOT_YET[language] not in ended


def test_no_forecast_after_the_end_said_in_words(client, city):
    with time_machine.travel("2022-07-01 12:00:00+02:00", tick=False):
        client.force_login(city["people"]["U1"][3].user)
        html = summary_page(client, city)
    assert "The programme has ended: the result is final, no forecast." in html
    assert "If the trend continues linearly" not in html
