"""What every part of the API shares: the error body, the documented error answers, pages."""

from typing import Any

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination


class Problem(Schema):
    detail: Any = Field(description="What went wrong (a text, or the invalid parameters).")


# The answers every endpoint may give besides 200, so that the schema documents them.
ERRORS: dict[int, type[Schema]] = {
    401: Problem,  # no token or session, or a revoked, expired or unknown token
    403: Problem,  # the caller's role may not read this
    404: Problem,  # not there, or outside the caller's scope
    422: Problem,  # a parameter of the wrong type or outside its range
    429: Problem,  # over the rate limit: see the Retry-After header
}

MAX_PAGE_SIZE = 1000


class Pages(PageNumberPagination):
    """``page`` (from 1) and ``page_size`` (at most 1000, default 100); the answer holds
    ``items`` and ``count``, the number of items on all pages together."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000, description="Page number, from 1.")
        page_size: int = Field(
            100, ge=1, le=MAX_PAGE_SIZE, description="Items per page (at most 1000)."
        )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=100, max_page_size=MAX_PAGE_SIZE, **kwargs)
