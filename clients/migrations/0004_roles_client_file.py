from django.db import migrations

from clients.roles import grant_role_permissions


class Migration(migrations.Migration):
    dependencies = [("clients", "0003_client_file")]

    operations = [migrations.RunPython(grant_role_permissions, migrations.RunPython.noop)]
