"""Writes of the funding app: each one a transaction (STYLE.md, "All or nothing")."""

from django.db import transaction

from digit.funding.models import BudgetLine, FinancingSource, FundingPlan, UnitCost, UnitCostChange


@transaction.atomic
def save_plan(
    plan: FundingPlan,
    *,
    settings: dict,
    budget: dict[tuple[str, int], int],
    sources: dict[str, int],
) -> FundingPlan:
    """Store the plan's settings, its budget per (category, year) and its sources, in öre.
    A zero amount removes the line; the plan is saved even when it does not add up (the
    page says where), because a plan is edited in steps."""
    for name, value in settings.items():
        setattr(plan, name, value)
    plan.save()
    for (category, year), amount in budget.items():
        if amount:
            BudgetLine.objects.update_or_create(
                plan=plan, category=category, year=year, defaults={"amount_ore": amount}
            )
        else:
            BudgetLine.objects.filter(plan=plan, category=category, year=year).delete()
    for kind, amount in sources.items():
        if amount:
            FinancingSource.objects.update_or_create(
                plan=plan, kind=kind, defaults={"amount_ore": amount}
            )
        else:
            FinancingSource.objects.filter(plan=plan, kind=kind).delete()
    return plan


@transaction.atomic
def set_unit_cost(
    *, year: int, wage_group: int, hourly_rate_ore: int, user, is_example: bool = False
) -> UnitCost:
    """Set the hourly unit cost of a wage group for a year, keeping who changed it from what.
    Setting the same value again records nothing."""
    unit_cost = (
        UnitCost.objects.select_for_update().filter(year=year, wage_group=wage_group).first()
    )
    before = None
    if unit_cost is None:
        unit_cost = UnitCost(year=year, wage_group=wage_group)
    elif unit_cost.hourly_rate_ore == hourly_rate_ore and unit_cost.is_example == is_example:
        return unit_cost
    else:
        before = unit_cost.hourly_rate_ore
    unit_cost.hourly_rate_ore = hourly_rate_ore
    unit_cost.is_example = is_example
    unit_cost.save()
    UnitCostChange.objects.create(
        unit_cost=unit_cost, changed_by=user, before_ore=before, after_ore=hourly_rate_ore
    )
    return unit_cost
