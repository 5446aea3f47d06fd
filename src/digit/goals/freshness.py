"""How fresh the goal figures are: a data version that changes whenever the data behind them
change (``digit.goals.signals`` bumps it after each commit that matters)."""

import itertools
import os
import time

from django.core.cache import cache

VERSION_KEY = "goals:data-version"
_bumps = itertools.count()


def data_version() -> int | str:
    """A value that changes whenever the data behind the figures change. It starts from the
    clock, so that an emptied cache never brings back an old version."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY, 0)
    return version


def bump_data_version() -> None:
    """Called when stored scores, invitations or people change; old figures expire.

    The version only has to differ from the one figures were stored under: a new unique value
    is one write (an increment is a read and a write), and this runs after every submission."""
    cache.set(VERSION_KEY, f"{time.time_ns()}.{os.getpid()}.{next(_bumps)}", None)
