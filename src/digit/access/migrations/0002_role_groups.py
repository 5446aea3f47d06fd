from django.db import migrations

GRANTED_ROLES = ["programme_staff", "finance", "auditor"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GRANTED_ROLES:
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GRANTED_ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [("access", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_groups, remove_groups)]
