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


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Tasks are enqueued on commit: ``with committed():`` runs them as a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture(autouse=True)
def swedish():
    """Messages are checked in Swedish, the default language, whatever ran before."""
    from django.utils import translation

    with translation.override("sv"):
        yield
