# The goal figures are cached per programme id: every API test starts from fresh figures, as
# the goals tests do (the same fixture, from tests/goals/conftest.py).
from tests.goals.conftest import fresh_cache  # noqa: F401
