"""A wave must lie inside its programme's period (issue 17): figures and forecasts are drawn to
the programme's end, so a wave after it is refused with a clear message, nothing saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from digit.assessments.models import Wave
from digit.assessments.waves import create_wave
from digit.programmes.models import Programme
from tests.assessments.conftest import make_instrument
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def seed_programme() -> Programme:
    return Programme.objects.get(slug="digit-or-die")  # 2019-09-02 – 2022-06-30


def test_service_refuses_a_wave_after_the_programme_and_saves_nothing(organisation):
    with pytest.raises(ValidationError) as refused:
        create_wave(
            programme=seed_programme(),
            kind=Wave.Kind.FOLLOW_UP,
            name="Extra uppföljning",
            instrument=make_instrument(),
            opens_on=datetime.date(2026, 11, 30),
            closes_on=datetime.date(2026, 12, 14),
            units=[organisation["root"]],
        )
    assert set(refused.value.message_dict) == {"closes_on"}
    assert not Wave.objects.filter(name="Extra uppföljning").exists()


def test_service_refuses_a_wave_that_opens_before_the_programme(organisation):
    with pytest.raises(ValidationError) as refused:
        create_wave(
            programme=seed_programme(),
            kind=Wave.Kind.BASELINE,
            name="Tidig",
            instrument=make_instrument(),
            opens_on=datetime.date(2019, 8, 1),
            closes_on=datetime.date(2019, 9, 30),
            units=[organisation["root"]],
        )
    assert set(refused.value.message_dict) == {"opens_on"}


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("sv", "Mätningen stängs efter att programmet slutar"),
        ("en", "The wave closes after the programme ends"),
    ],
)
def test_wave_form_says_why_in_swedish_and_english(client, staff, organisation, language, text):
    client.login(email=staff.email, password=PASSWORD)
    data = {
        "programme": seed_programme().pk,
        "kind": "follow_up",
        "name": "Extra uppföljning",
        "instrument": make_instrument().pk,
        "opens_on": "2026-11-30",
        "closes_on": "2026-12-14",
        "units": [organisation["root"].pk],
    }
    response = client.post(reverse("assessments:wave_create"), data, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert text in response.content.decode()
    assert not Wave.objects.filter(name="Extra uppföljning").exists()


def test_a_wave_inside_the_period_is_created(organisation):
    wave = create_wave(
        programme=seed_programme(),
        kind=Wave.Kind.FOLLOW_UP,
        name="Uppföljning inom perioden",
        instrument=make_instrument(),
        opens_on=datetime.date(2022, 6, 1),
        closes_on=datetime.date(2022, 6, 30),
        units=[organisation["root"]],
    )
    assert wave.pk is not None
