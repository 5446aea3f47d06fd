import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """Service messages in English, as the tests state them; pages choose their own language."""
    with translation.override("en"):
        yield
