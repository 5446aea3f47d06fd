"""The seed programme's budget and financing plan (digit/funding/seed_plan.py)."""

from decimal import Decimal

from django.db import migrations

from digit.funding import seed_plan


def seed(apps, schema_editor):
    Programme = apps.get_model("programmes", "Programme")
    FundingPlan = apps.get_model("funding", "FundingPlan")
    BudgetLine = apps.get_model("funding", "BudgetLine")
    FinancingSource = apps.get_model("funding", "FinancingSource")
    programme = Programme.objects.filter(slug="digit-or-die").first()
    if programme is None:
        return
    plan, created = FundingPlan.objects.get_or_create(
        programme=programme,
        defaults={
            "decision_reference": seed_plan.DECISION_REFERENCE,
            "esf_rate": Decimal(seed_plan.ESF_RATE),
        },
    )
    if not created:
        return
    for category, year, amount in seed_plan.budget_lines():
        BudgetLine.objects.create(plan=plan, category=category, year=year, amount_ore=amount)
    for kind, amount in seed_plan.sources():
        FinancingSource.objects.create(plan=plan, kind=kind, amount_ore=amount)


def unseed(apps, schema_editor):
    apps.get_model("funding", "FundingPlan").objects.filter(
        programme__slug="digit-or-die"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_initial"), ("programmes", "0002_seed_digit_or_die")]
    operations = [migrations.RunPython(seed, unseed)]
