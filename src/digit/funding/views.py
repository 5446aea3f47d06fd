"""The plan pages: the budget and financing plan, and the funder's unit costs."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from digit.access.policy import may_manage_funding, role_required
from digit.access.roles import Role
from digit.finance.money import ore_from_kronor
from digit.funding import selectors, services
from digit.funding.forms import PlanAmountsForm, PlanSettingsForm, UnitCostForm
from digit.funding.models import CostCategory, SourceKind, UnitCost, UnitCostChange
from digit.funding.words import problem_text

READ_ROLES = (Role.FINANCE, Role.PROGRAMME_STAFF, Role.AUDITOR)


@require_GET
@role_required(*READ_ROLES)
def index(request):
    programmes = selectors.funded_programmes(request.user).order_by("-starts_on")
    return render(request, "funding/index.html", {"programmes": programmes})


def _programme(request, pk):
    return get_object_or_404(selectors.funded_programmes(request.user), pk=pk)


@require_GET
@role_required(*READ_ROLES)
def plan(request, pk):
    programme = _programme(request, pk)
    funding_plan = programme.funding_plan
    years, amounts = selectors.budget_grid(funding_plan)
    check = selectors.plan_check(funding_plan)
    rows = [
        (
            category.label,
            [amounts.get((category.value, year)) for year in years],
            check.by_category.get(category.value, 0),
        )
        for category in CostCategory
    ]
    sources = dict(funding_plan.sources.values_list("kind", "amount_ore"))
    context = {
        "programme": programme,
        "plan": funding_plan,
        "years": years,
        "rows": rows,
        "year_totals": [check.by_year.get(year, 0) for year in years],
        "sources": [(kind.label, sources.get(kind.value, 0)) for kind in SourceKind],
        "check": check,
        "problems": [problem_text(problem) for problem in check.problems],
        "may_manage": may_manage_funding(request.user),
    }
    return render(request, "funding/plan.html", context)


@require_http_methods(["GET", "POST"])
@role_required(Role.FINANCE)
def plan_edit(request, pk):
    programme = _programme(request, pk)
    funding_plan = programme.funding_plan
    years, amounts = selectors.budget_grid(funding_plan)
    sources = dict(funding_plan.sources.values_list("kind", "amount_ore"))
    if request.method == "POST":
        settings_form = PlanSettingsForm(request.POST, instance=funding_plan)
        amounts_form = PlanAmountsForm(request.POST, years=years)
        if settings_form.is_valid() and amounts_form.is_valid():
            services.save_plan(
                funding_plan,
                settings={
                    name: settings_form.cleaned_data[name] for name in settings_form.Meta.fields
                },
                budget=amounts_form.budget(),
                sources=amounts_form.sources(),
            )
            messages.success(request, _("The plan has been saved."))
            return redirect("funding:plan", pk=programme.pk)
    else:
        settings_form = PlanSettingsForm(instance=funding_plan)
        amounts_form = PlanAmountsForm(
            years=years, initial=PlanAmountsForm.initial_from(years, amounts, sources)
        )
    context = {
        "programme": programme,
        "settings_form": settings_form,
        "amounts_form": amounts_form,
        "years": years,
    }
    return render(request, "funding/plan_form.html", context)


@require_http_methods(["GET", "POST"])
@role_required(*READ_ROLES)
def unit_costs(request):
    may_manage = may_manage_funding(request.user)
    form = None
    if may_manage:
        form = UnitCostForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            services.set_unit_cost(
                year=form.cleaned_data["year"],
                wage_group=form.cleaned_data["wage_group"],
                hourly_rate_ore=ore_from_kronor(form.cleaned_data["hourly_rate"]),
                user=request.user,
            )
            messages.success(request, _("The unit cost has been saved."))
            return redirect("funding:unit_costs")
    elif request.method == "POST":
        raise PermissionDenied
    table: dict[int, dict[int, UnitCost]] = {}
    for unit_cost in UnitCost.objects.all():
        table.setdefault(unit_cost.year, {})[unit_cost.wage_group] = unit_cost
    rows = [(year, [groups.get(group) for group in range(1, 8)]) for year, groups in table.items()]
    context = {
        "rows": rows,
        "groups": range(1, 8),
        "any_example": any(
            cost.is_example for groups in table.values() for cost in groups.values()
        ),
        "changes": UnitCostChange.objects.select_related("unit_cost", "changed_by")[:50],
        "form": form,
    }
    return render(request, "funding/unit_costs.html", context)
