"""Permissions of the roles on data-subject requests."""

from django.db import migrations


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config("requests")
    config.models_module = True
    create_permissions(config, verbosity=0, apps=apps)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = {
        "admin": ["view_datasubjectrequest", "change_datasubjectrequest", "view_art19notification"],
        "register_contact": ["view_datasubjectrequest", "add_datasubjectrequest", "change_datasubjectrequest",
                             "view_art19notification", "add_art19notification"],
        "caseworker": ["view_datasubjectrequest", "add_datasubjectrequest"],
    }
    for role, codenames in wanted.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="requests",
                                                         codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [("requests", "0001_initial"), ("clients", "0002_roles")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
