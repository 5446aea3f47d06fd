"""Redis gone: Digit keeps serving pages (reads fail open: a miss, computed anew; sessions are
in the database), refuses sign-in with a clear page (fail closed: the limits on guessing and
the TOTP replay protection live in Redis), says so on /healthz, and recovers without a
restart when Redis is back. A private redis-server on a free port, killed for real."""

import subprocess
import time

import pytest
import redis
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, make_person
from tests.goals import scenario
from tests.workers import free_port

pytestmark = pytest.mark.django_db


class PrivateRedis:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while True:
            try:
                redis.Redis.from_url(self.url).ping()
                return self
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.05)

    def kill(self):
        self.process.kill()
        self.process.wait()


@pytest.fixture
def private_redis(settings):
    server = PrivateRedis().start()
    settings.CACHES = {
        "default": {
            "BACKEND": "digit.access.shared_cache.ForgivingRedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    yield server
    server.kill()


def sign_in(client, person):
    return client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})


def test_pages_keep_serving_sign_in_is_refused_and_all_recovers(client, private_redis, staff):
    city = scenario.build()
    person = make_person()
    assert sign_in(client, person).status_code == 302
    client.force_login(staff)
    dashboard = reverse("goals:dashboard", args=[city["programme"].slug])
    assert client.get(dashboard).status_code == 200  # figures now cached in Redis

    private_redis.kill()

    assert client.get(dashboard).status_code == 200  # computed anew: reads fail open
    assert client.get(reverse("web:home")).status_code == 200  # the session is in the database
    health = client.get(reverse("web:healthz"))
    assert health.status_code == 503 and health.json()["cache"] == "unavailable"
    newcomer = Client()
    refused = sign_in(newcomer, person)  # even with the right password: fails closed
    assert refused.status_code == 503
    assert "Inloggningen är inte tillgänglig just nu" in refused.text
    assert "_auth_user_id" not in newcomer.session
    for _ in range(8):  # no guessing while the counter is gone
        assert sign_in(newcomer, person).status_code == 503

    private_redis.start()  # the same address: no restart of Digit

    assert sign_in(newcomer, person).status_code == 302
    assert client.get(reverse("web:healthz")).status_code == 200
