"""Programmes and units, as the programme and unit pages show them to the caller's role."""

import datetime

from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from digit.access.policy import ORGANISATION_WIDE
from digit.access.roles import Role, has_role
from digit.api.params import Since, Until
from digit.api.schemas import ERRORS, Pages
from digit.people.selectors import units_with_headcount
from digit.programmes.selectors import visible_programmes

router = Router()


class ProgrammeOut(Schema):
    slug: str
    name: str
    owner: str
    scope_unit_id: int = Field(
        alias="scope_id", description="The unit whose organisation the programme covers."
    )
    starts_on: datetime.date
    ends_on: datetime.date
    target_increased_share: float = Field(description="Target share (0–1) reliably increased.")
    target_active_share: float = Field(description="Target share (0–1) active users.")
    target_role_models: int
    target_unit_coverage: float = Field(description="Target share (0–1) of units reached.")


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    headcount: int = Field(description="People in the unit now (not counting units below).")


@router.get("/programmes", response={200: list[ProgrammeOut], **ERRORS}, tags=["programmes"])
@paginate(Pages)
def programmes(request, since: Since = None, until: Until = None):
    """Programmes the caller may open (programme staff, finance, auditors), oldest first.
    ``since``/``until``: programmes running at some time in that period."""
    if not has_role(request.user, *ORGANISATION_WIDE):
        raise HttpError(403, "Your role may not read programmes.")
    found = visible_programmes(request.user)
    if since is not None:
        found = found.filter(ends_on__gte=since)
    if until is not None:
        found = found.filter(starts_on__lte=until)
    return found.order_by("starts_on", "pk")


@router.get("/units", response={200: list[UnitOut], **ERRORS}, tags=["units"])
@paginate(Pages)
def units(request):
    """Units the caller may open, as on the units page: every unit for programme staff,
    finance and auditors, the managed units for a manager (signed in with a session)."""
    if not has_role(request.user, *ORGANISATION_WIDE, Role.MANAGER):
        raise HttpError(403, "Your role may not read units.")
    return units_with_headcount(request.user).order_by("pk")
