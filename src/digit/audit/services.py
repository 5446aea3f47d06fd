"""Writing to the audit trail: one INSERT per entry (or one for a list), no reads.

Callers pass the request when they have one; code without a request (a signal, a service
called from a view) gets it from ``AuditContextMiddleware``, and a command runs without one
(no actor, no IP) unless it names the actor.
"""

import contextvars
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponseBase

from digit.access.roles import person_of
from digit.audit.models import Entry, Kind
from digit.request_id import current_request_id

if TYPE_CHECKING:
    from digit.access.models import User

_current_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar(
    "audit_request", default=None
)


class AuditContextMiddleware:
    """Keeps the request at hand for entries written by code that does not receive it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def _client_ip(request: HttpRequest | None) -> str | None:
    # REMOTE_ADDR only: a client can write any X-Forwarded-For; behind a proxy, the proxy sets
    # REMOTE_ADDR (e.g. gunicorn's --forwarded-allow-ips with a proxy that overwrites it).
    return request.META.get("REMOTE_ADDR") or None if request is not None else None


def _actor_id(request: HttpRequest | None, actor: "User | None") -> int | None:
    if actor is not None:
        return actor.pk
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


def _entry(
    kind: Kind,
    request: HttpRequest | None,
    actor: "User | None",
    subject_person_id: int | None,
    **fields: Any,
) -> Entry:
    request = request or _current_request.get()
    return Entry(
        kind=kind,
        actor_id=_actor_id(request, actor),
        subject_person_id=subject_person_id,
        ip=_client_ip(request),
        request_id=current_request_id(),
        **fields,
    )


def record(
    kind: Kind,
    *,
    request: HttpRequest | None = None,
    actor: "User | None" = None,
    object_type: str = "",
    object_id: object = "",
    subject_person_id: int | None = None,
    detail: str = "",
) -> Entry:
    """Add one entry. ``detail`` holds no personal data (an export's name, a role)."""
    entry = _entry(
        kind,
        request,
        actor,
        subject_person_id,
        object_type=object_type,
        object_id=str(object_id),
        detail=detail[:200],
    )
    entry.save(force_insert=True)
    return entry


def record_view(
    request: HttpRequest, kind: Kind, *, object_type: str, object_id: object, person_id: int
) -> None:
    """A view of one person's data, recorded unless the viewer is that person."""
    own = person_of(request.user)
    if own is not None and getattr(own, "pk", None) == person_id:
        return
    record(
        kind,
        request=request,
        object_type=object_type,
        object_id=object_id,
        subject_person_id=person_id,
    )


def record_views(
    request: HttpRequest,
    kind: Kind,
    *,
    object_type: str,
    object_id: object,
    person_ids: Iterable[int],
) -> None:
    """A page that shows several people's data: one entry per person, in one INSERT."""
    own = person_of(request.user)
    own_id = getattr(own, "pk", None)
    entries = [
        _entry(kind, request, None, person_id, object_type=object_type, object_id=str(object_id))
        for person_id in set(person_ids)
        if person_id != own_id
    ]
    Entry.objects.bulk_create(entries)
