"""Load DigComp 2.2 (5 areas, 21 competences, 8 levels) as reference data."""

from django.db import migrations

from digit.competences import digcomp22


def load(apps, schema_editor):
    digcomp22.load(apps)


def unload(apps, schema_editor):
    digcomp22.unload(apps)


class Migration(migrations.Migration):
    dependencies = [("competences", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
