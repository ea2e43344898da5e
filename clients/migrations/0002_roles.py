"""Create the three roles (auth groups) with the admin permissions declared in clients.roles."""

from django.db import migrations

from clients.roles import grant_role_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("auditlog", "__latest__"),
        ("axes", "__latest__"),
    ]

    operations = [migrations.RunPython(grant_role_permissions, migrations.RunPython.noop)]
