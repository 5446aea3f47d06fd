"""Health endpoints: /livez (the process answers) and /healthz (readiness: the database and
the shared cache answer), open to a load balancer, never redirected, never cached."""

import pytest
from django.urls import reverse

from tests.workers import free_port

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("shared_cache")
def test_ready_when_database_and_cache_answer(client):
    response = client.get(reverse("web:healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_not_ready_when_the_shared_cache_is_gone(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nobody listens there
        }
    }
    response = client.get(reverse("web:healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "unavailable"}
    assert client.get(reverse("web:livez")).json() == {"status": "ok"}
