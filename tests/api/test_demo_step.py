"""The demo fills the token pages of programme staff and finance, once."""

import pytest

from digit.api.models import ApiToken
from digit.demo.accounts import create_demo_accounts
from digit.demo.api import TOKENS, create_demo_tokens
from tests.people.test_demo_step import FakeCommand


@pytest.mark.django_db
def test_demo_tokens_show_each_state_and_the_step_runs_twice(client):
    command = FakeCommand()
    create_demo_accounts(command, {})
    create_demo_tokens(command, {})
    create_demo_tokens(command, {})
    assert ApiToken.objects.count() == 2 * len(TOKENS)
    client.force_login(ApiToken.objects.first().user)
    page = client.get("/api-tokens/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    for state in ("Aktiv", "Återkallad", "Har gått ut"):
        assert state in page
