"""Activities and sessions with attendance counts, for programme staff, finance and auditors
(the roles that read the programme's reports and their evidence). Counts only, never names."""

import datetime

from django.db.models import Count
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from digit.access.policy import may_read_reports
from digit.api.params import MAX_ID, SLUG_PATTERN, Since, Until
from digit.api.schemas import ERRORS, Pages
from digit.learning import selectors
from digit.learning.models import Activity

router = Router(tags=["learning"])


class ActivityOut(Schema):
    id: int
    programme: str = Field(alias="programme.slug", description="The programme's slug.")
    kind: str
    format: str
    title_sv: str
    title_en: str
    duration_minutes: int
    level_from: int
    level_to: int
    sessions: int = Field(alias="session_count", description="Sessions of the activity.")


class SessionOut(Schema):
    id: int
    activity_id: int
    programme: str = Field(alias="activity.programme.slug")
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    capacity: int
    enrolled: int = Field(description="People enrolled now.")
    waiting: int = Field(description="People on the waiting list.")
    present: int = Field(description="Registered present.")
    partial: int = Field(description="Registered partly present.")
    absent: int = Field(description="Registered absent.")
    attended_minutes: int = Field(description="Minutes of attendance registered, summed.")


def _require_report_role(request) -> None:
    if not may_read_reports(request.user):
        raise HttpError(403, "Your role may not read learning reports.")


@router.get("/activities", response={200: list[ActivityOut], **ERRORS})
@paginate(Pages)
def activities(
    request,
    programme: str | None = Query(None, pattern=SLUG_PATTERN, max_length=50),
    kind: Activity.Kind | None = None,
    since: Since = None,
    until: Until = None,
):
    """Activities of the catalogue. ``since``/``until``: activities with a session starting
    in that period (dates in Swedish time)."""
    _require_report_role(request)
    found = selectors.visible_activities(request.user).select_related("programme")
    if programme is not None:
        found = found.filter(programme__slug=programme)
    if kind is not None:
        found = found.filter(kind=kind)
    if since is not None:
        found = found.filter(sessions__starts_at__date__gte=since)
    if until is not None:
        found = found.filter(sessions__starts_at__date__lte=until)
    ids = found.values("pk")
    return (
        selectors.visible_activities(request.user)
        .filter(pk__in=ids)
        .select_related("programme")
        .annotate(session_count=Count("sessions"))
        .order_by("pk")
    )


@router.get("/sessions", response={200: list[SessionOut], **ERRORS})
@paginate(Pages)
def sessions(
    request,
    activity: int | None = Query(None, ge=1, le=MAX_ID),
    programme: str | None = Query(None, pattern=SLUG_PATTERN, max_length=50),
    since: Since = None,
    until: Until = None,
):
    """Sessions with their enrolment and attendance counts, earliest first. ``since``/
    ``until``: sessions starting in that period (dates in Swedish time)."""
    _require_report_role(request)
    found = selectors.visible_sessions(request.user).select_related("activity__programme")
    if activity is not None:
        found = found.filter(activity_id=activity)
    if programme is not None:
        found = found.filter(activity__programme__slug=programme)
    if since is not None:
        found = found.filter(starts_at__date__gte=since)
    if until is not None:
        found = found.filter(starts_at__date__lte=until)
    return selectors.with_attendance_counts(found).order_by("starts_at", "pk")
