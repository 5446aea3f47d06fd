"""Load Digit's default instrument (63 competence items and 8 work-practice items)."""

from django.db import migrations

from digit.assessments import default_instrument


def load(apps, schema_editor):
    default_instrument.load(apps)


def unload(apps, schema_editor):
    default_instrument.unload(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_initial"),
        ("competences", "0002_digcomp_2_2"),
    ]

    operations = [migrations.RunPython(load, unload)]
