"""The seed programme "Digit or die" (Kulturförvaltningen, Stockholms stad, ESF-funded)."""

import datetime
from decimal import Decimal

from django.db import migrations

PHASES = [
    ("mapping", "Kartläggning (nollmätning)", "2019-09-02", "2019-12-20"),
    ("training", "Utbildning", "2020-01-13", "2021-06-18"),
    ("self_reflection", "Självreflektion", "2020-06-01", "2020-08-31"),
    ("collegial_learning", "Kollegialt lärande", "2020-09-01", "2021-12-17"),
    ("self_reflection", "Självreflektion 2", "2021-06-01", "2021-08-31"),
    ("follow_up", "Uppföljning", "2022-01-10", "2022-04-29"),
    ("closing", "Avslut", "2022-05-02", "2022-06-30"),
]


def seed(apps, schema_editor):
    Unit = apps.get_model("people", "Unit")
    Programme = apps.get_model("programmes", "Programme")
    Phase = apps.get_model("programmes", "Phase")
    root, _ = Unit.objects.get_or_create(
        code="KUL", defaults={"name": "Kulturförvaltningen", "kind": "administration"})
    programme, created = Programme.objects.get_or_create(
        slug="digit-or-die",
        defaults={
            "name": "Digit or die",
            "owner": "Kulturförvaltningen, Stockholms stad",
            "scope": root,
            "starts_on": datetime.date(2019, 9, 2),
            "ends_on": datetime.date(2022, 6, 30),
            "target_increased_share": Decimal("0.800"),
            "target_active_share": Decimal("0.400"),
            "target_role_models": 24,
            "target_unit_coverage": Decimal("1.000"),
        },
    )
    if created:
        for kind, name, start, end in PHASES:
            Phase.objects.create(programme=programme, kind=kind, name=name,
                                 starts_on=datetime.date.fromisoformat(start),
                                 ends_on=datetime.date.fromisoformat(end))


def unseed(apps, schema_editor):
    apps.get_model("programmes", "Programme").objects.filter(slug="digit-or-die").delete()


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial"), ("people", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
