"""Each token (or signed-in account) has its own budget of calls in the shared cache; over it
the answer is 429 with Retry-After, and the budget comes back as the window moves on."""

import datetime

import pytest
from django.utils import timezone

from tests.api.factories import bearer, make_token

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_cache")]


def test_over_the_limit_the_answer_is_429_with_retry_after(client, settings, finance, auditor,
                                                           time_machine):  # fmt: skip
    settings.DIGIT_API_RATE = "3/m"
    token, other = make_token(finance), make_token(auditor)
    statuses = [bearer(client, "/programmes", token).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    refused = bearer(client, "/programmes", token)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert bearer(client, "/programmes", other).status_code == 200  # a budget per token
    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=61))
    assert bearer(client, "/programmes", token).status_code == 200


def test_signed_in_callers_are_limited_per_account(client, settings, staff):
    settings.DIGIT_API_RATE = "2/m"
    client.force_login(staff)
    statuses = [client.get("/api/programmes").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
