"""Path and query parameters shared by the endpoints, bounded so that no value reaches the
database that it cannot hold (ids fit a 64-bit integer, slugs are slugs)."""

import datetime
import re
from typing import Annotated

from ninja import Path, Query
from pydantic import BeforeValidator

MAX_ID = 2**63 - 1
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"

ProgrammeSlug = Annotated[
    str, Path(description="The programme's short name (`slug` in /programmes).",
              pattern=SLUG_PATTERN, max_length=50)
]  # fmt: skip
UnitId = Annotated[
    int | None,
    Query(description="A unit id (from /units); default: the programme's whole organisation.",
          ge=1, le=MAX_ID),
]  # fmt: skip
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date_only(value: object) -> object:
    """Only YYYY-MM-DD: pydantic would also read "0" as a Unix time (1970-01-01)."""
    if isinstance(value, str) and not ISO_DATE.match(value):
        raise ValueError("a date as YYYY-MM-DD")
    return value


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date_only)]
Since = Annotated[
    IsoDate | None, Query(description="Only from this date on (YYYY-MM-DD, inclusive).")
]
Until = Annotated[
    IsoDate | None, Query(description="Only up to this date (YYYY-MM-DD, inclusive).")
]
