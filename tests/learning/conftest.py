import pytest

from tests.learning.factories import make_activity, make_programme, make_session


@pytest.fixture
def programme(organisation):
    return make_programme(organisation["root"])


@pytest.fixture
def activity(programme):
    return make_activity(programme)


@pytest.fixture
def session(activity):
    return make_session(activity, capacity=2)


@pytest.fixture(autouse=True)
def swedish():
    """Messages are checked in Swedish, the default language, whatever ran before."""
    from django.utils import translation

    with translation.override("sv"):
        yield
