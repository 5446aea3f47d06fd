"""Object factories for the funding pages (see tests/access/object_scope.py)."""

from digit.access.roles import Role
from digit.funding.certificates import build_month
from tests.access.object_scope import Case, World, register
from tests.funding.factories import attend, last_month, make_funded_programme

READERS = (Role.PROGRAMME_STAFF, Role.FINANCE, Role.AUDITOR)
BUILDERS = (Role.PROGRAMME_STAFF, Role.FINANCE)


def _programme_case(world: World, role: Role, allowed) -> Case:
    programme = {"pk": make_funded_programme(world.units["root"]).pk}
    if role in allowed:
        return Case(visible=programme)
    return Case(hidden=programme)


@register("funding:plan", "funding:months")
def programme_page(world: World, role: Role) -> Case:
    return _programme_case(world, role, READERS)


@register("funding:plan_edit")
def plan_edit(world: World, role: Role) -> Case:
    return _programme_case(world, role, (Role.FINANCE,))


def _month_kwargs(programme_pk):
    month = last_month()
    return {"pk": programme_pk, "year": month.year, "month": month.month}


@register("funding:month", "funding:month_pdf")
def month_page(world: World, role: Role) -> Case:
    programme = make_funded_programme(world.units["root"])
    if role in READERS:
        return Case(visible=_month_kwargs(programme.pk))
    return Case(hidden=_month_kwargs(programme.pk))


@register("funding:month_build")
def month_build(world: World, role: Role) -> Case:
    programme = make_funded_programme(world.units["root"])
    kwargs = _month_kwargs(programme.pk)
    if role in BUILDERS:
        return Case(visible=kwargs, method="post", data={"reason": ""})
    return Case(hidden=kwargs, method="post", data={"reason": ""})


def _certificates(world: World):
    """A certificate of the employee (branch A) and one of the stranger (museum)."""
    programme = make_funded_programme(world.units["root"])
    month = last_month()
    for person in (world.people["employee"], world.people["stranger"]):
        attend(programme, person, day=month.replace(day=3), minutes=120)
    build_month(programme, month)
    certificates = programme.time_certificates.all()
    mine = certificates.get(person=world.people["employee"])
    theirs = certificates.get(person=world.people["stranger"])
    return mine, theirs


@register("funding:certificate", "funding:certificate_pdf")
def certificate_page(world: World, role: Role) -> Case:
    mine, theirs = _certificates(world)
    if role in READERS:
        return Case(visible={"pk": theirs.pk})
    if role in (Role.EMPLOYEE, Role.MANAGER):
        # The employee opens their own; the manager of the library their staff's.
        return Case(visible={"pk": mine.pk}, hidden={"pk": theirs.pk})
    return Case(hidden={"pk": mine.pk})


@register("funding:certificate_sign")
def certificate_sign(world: World, role: Role) -> Case:
    """Nobody signs someone else's certificate: only the participant finds it (404 for
    everyone else, staff and finance included)."""
    mine, theirs = _certificates(world)
    data = {"sha256": mine.content_sha256, "confirm": "on"}
    if role == Role.EMPLOYEE:
        # 302: to re-authentication first (a fresh password or one-time code).
        return Case(visible={"pk": mine.pk}, hidden={"pk": theirs.pk}, method="post", data=data)
    return Case(hidden={"pk": mine.pk}, method="post", data=data)


@register("funding:certificate_attest")
def certificate_attest(world: World, role: Role) -> Case:
    mine, theirs = _certificates(world)
    if role == Role.PROGRAMME_STAFF:
        return Case(visible={"pk": theirs.pk}, method="post", data={"sha256": "0" * 64})
    if role == Role.MANAGER:
        return Case(
            visible={"pk": mine.pk}, hidden={"pk": theirs.pk}, method="post",
            data={"sha256": "0" * 64},
        )  # fmt: skip
    return Case(hidden={"pk": mine.pk}, method="post", data={"sha256": "0" * 64})


def _claim(world: World, *, submitted: bool):
    from digit.funding import claims

    programme = make_funded_programme(world.units["root"])
    claims.ensure_periods(programme.funding_plan)
    period = programme.funding_plan.periods.order_by("number").first()
    claim = period.claim if hasattr(period, "claim") else None
    from digit.funding.models import PaymentClaim

    claim = claim or PaymentClaim.objects.create(period=period)
    if submitted:
        claims.submit(claim.pk, user=world.actors[Role.FINANCE])
    return period, claim


@register("funding:claims")
def claim_list(world: World, role: Role) -> Case:
    return _programme_case(world, role, READERS)


@register("funding:claim_create")
def claim_create(world: World, role: Role) -> Case:
    programme = make_funded_programme(world.units["root"])
    from digit.funding import claims

    claims.ensure_periods(programme.funding_plan)
    period = {"pk": programme.funding_plan.periods.order_by("number").first().pk}
    if role == Role.FINANCE:
        return Case(visible=period, method="post")
    return Case(hidden=period, method="post")


@register("funding:claim")
def claim_detail(world: World, role: Role) -> Case:
    _period, claim = _claim(world, submitted=False)
    if role in READERS:
        return Case(visible={"pk": claim.pk})
    return Case(hidden={"pk": claim.pk})


@register("funding:claim_evidence")
def claim_evidence(world: World, role: Role) -> Case:
    _period, claim = _claim(world, submitted=True)
    if role in READERS:
        return Case(visible={"pk": claim.pk})
    return Case(hidden={"pk": claim.pk})


@register("funding:claim_submit", "funding:claim_paid")
def claim_actions(world: World, role: Role) -> Case:
    _period, claim = _claim(world, submitted=False)
    if role == Role.FINANCE:
        return Case(visible={"pk": claim.pk}, method="post")
    return Case(hidden={"pk": claim.pk}, method="post")
