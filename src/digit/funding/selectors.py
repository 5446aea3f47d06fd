"""Scoped reads of the funding app: every page starts here (docs/architecture.md)."""

from django.db.models import Count, Q, Sum

from digit.access.policy import managed_unit_ids, may_read_funding
from digit.access.roles import Role, has_role
from digit.finance.plan import PlanCheck, check_plan
from digit.funding.models import FundingPlan, TimeCertificate
from digit.programmes.models import Programme


def funded_programmes(user):
    """Programmes whose funding pages the user may read (finance, programme staff, auditors)."""
    if not may_read_funding(user):
        return Programme.objects.none()
    return Programme.objects.filter(funding_plan__isnull=False).select_related("funding_plan")


def plan_check(plan: FundingPlan) -> PlanCheck:
    """The plan's totals and whether it adds up (digit.finance.plan)."""
    costs = plan.budget_lines.values_list("category", "year", "amount_ore")
    sources = plan.sources.values_list("kind", "amount_ore")
    return check_plan(list(costs), list(sources), esf_rate=plan.esf_rate)


def budget_grid(plan: FundingPlan) -> tuple[list[int], dict[tuple[str, int], int]]:
    """The plan's years and its amounts by (category, year)."""
    amounts = {
        (category, year): amount
        for category, year, amount in plan.budget_lines.values_list(
            "category", "year", "amount_ore"
        )
    }
    years = list(range(plan.programme.starts_on.year, plan.programme.ends_on.year + 1))
    return years, amounts


def visible_certificates(user):
    """Certificates the user may open: their own; a manager's staff's; everyone's for finance,
    programme staff and auditors."""

    certificates = TimeCertificate.objects.select_related("person", "programme")
    if may_read_funding(user):
        return certificates
    managed = managed_unit_ids(user)
    if managed:
        return certificates.filter(Q(person__user=user) | Q(person__unit_id__in=managed))
    if not user.is_authenticated:
        return certificates.none()
    return certificates.filter(person__user=user)


def own_certificates(user):
    if not user.is_authenticated:
        return TimeCertificate.objects.none()
    return TimeCertificate.objects.filter(person__user=user).select_related("programme")


def attestable_certificates(user):
    """Certificates the user may attest: programme staff all, a manager their staff's;
    never one's own."""

    certificates = TimeCertificate.objects.exclude(person__user=user)
    if has_role(user, Role.PROGRAMME_STAFF):
        return certificates
    managed = managed_unit_ids(user)
    if managed:
        return certificates.filter(person__unit_id__in=managed)
    return TimeCertificate.objects.none()


def month_summary(programme, month):
    """The month's current certificates by status: count, counted minutes and value."""

    rows = (
        TimeCertificate.objects.filter(programme=programme, month=month, is_current=True)
        .values("status")
        .annotate(count=Count("pk"), minutes=Sum("counted_minutes"), value=Sum("value_ore"))
    )
    return {row["status"]: row for row in rows}
