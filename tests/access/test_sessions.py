"""Sessions: new key at sign-in, 30 minutes idle timeout, 12 hours absolute (ASVS 7.2.4, 7.3)."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, make_person

pytestmark = pytest.mark.django_db


def sign_in(client, person):
    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def is_signed_in(client) -> bool:
    response = client.get("/")
    return response.status_code == 200


def test_sign_in_gives_a_new_session_key(client):
    person = make_person()
    session = client.session
    session["visited"] = True
    session.save()
    before = session.session_key
    client.cookies["sessionid"] = before
    sign_in(client, person)
    after = client.cookies["sessionid"].value
    assert after and after != before


def test_session_ends_after_30_idle_minutes(client):
    person = make_person()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in(client, person)
        clock.shift(datetime.timedelta(minutes=29))
        assert is_signed_in(client)
        clock.shift(datetime.timedelta(minutes=29))  # activity above restarted the clock
        assert is_signed_in(client)
        clock.shift(datetime.timedelta(minutes=31))
        assert not is_signed_in(client)


def test_session_ends_12_hours_after_sign_in_however_active(client):
    person = make_person()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sign_in(client, person)
        for _ in range(12 * 3):  # a request every 20 minutes for 12 hours
            assert is_signed_in(client)
            clock.shift(datetime.timedelta(minutes=20))
        clock.shift(datetime.timedelta(minutes=1))
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        assert not is_signed_in(client)


def test_sign_out_ends_the_session_on_the_server(client):
    person = make_person()
    sign_in(client, person)
    key = client.cookies["sessionid"].value
    client.post(reverse("account_logout"))
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=key).exists()
    assert not is_signed_in(client)
