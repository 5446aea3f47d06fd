"""Path and query parameters shared by the endpoints, bounded so that no value reaches the
database that it cannot hold (ids fit a 64-bit integer, slugs are slugs)."""

import datetime
from typing import Annotated

from ninja import Path, Query

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
Since = Annotated[
    datetime.date | None, Query(description="Only from this date on (YYYY-MM-DD, inclusive).")
]
Until = Annotated[
    datetime.date | None, Query(description="Only up to this date (YYYY-MM-DD, inclusive).")
]
