"""The schemathesis check finds a leak when there is one (a check that cannot fail proves
nothing): answers altered the way a bug would alter them are caught."""

import copy
from types import SimpleNamespace

import pytest

from tests.api.suppression_check import no_suppressed_cell_leaks
from tests.goals import scenario


class Answer:
    status_code = 200

    def __init__(self, body):
        self.body = body

    def json(self):
        return self.body


@pytest.fixture
def city(db):
    return scenario.build()


def _case(city, **path):
    return SimpleNamespace(path_parameters={"slug": city["programme"].slug, **path}, query={})


def test_the_real_answer_passes_and_altered_ones_are_caught(client, city, staff):
    client.force_login(staff)
    slug = city["programme"].slug
    body = client.get(
        f"/api/goals/programmes/{slug}/breakdowns/increased/unit", {"unit": city["d1"].pk}
    ).json()
    check = no_suppressed_cell_leaks(city["programme"])
    case = _case(city, indicator="increased", dimension="unit")
    assert check(None, Answer(body), case) is True
    hidden = next(index for index, g in enumerate(body["groups"]) if g["suppressed"])

    numbers_on_a_hidden_group = copy.deepcopy(body)
    numbers_on_a_hidden_group["groups"][hidden]["n"] = 3
    with pytest.raises(AssertionError, match="suppressed, yet publishes"):
        check(None, Answer(numbers_on_a_hidden_group), case)

    flag_dropped = copy.deepcopy(body)
    flag_dropped["groups"][hidden].update(suppressed=False, n=3, x=1)
    with pytest.raises(AssertionError, match="hidden in the figures, published by the API"):
        check(None, Answer(flag_dropped), case)
