"""Give the roles (auth groups from clients' role migrations) their admin permissions on the
retention models. Admins edit rules and holds and record receipts; everything the nightly run
writes (handoffs, purge records, runs) is read-only for everybody."""

from django.db import migrations

RETENTION_PERMISSIONS = {
    "admin": {
        "retentionrule": ("add", "change", "view"),
        "legalhold": ("add", "change", "view"),
        "archivehandoff": ("change", "view"),  # change: the receipt action, nothing else is editable
        "purgerecord": ("view",),
        "retentionrun": ("view",),
        "runfailure": ("view",),
    },
    "register_contact": {
        "retentionrule": ("view",),
        "legalhold": ("view",),
        "archivehandoff": ("view",),
        "purgerecord": ("view",),
        "retentionrun": ("view",),
        "runfailure": ("view",),
    },
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("retention")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, models in RETENTION_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for model, actions in models.items():
            group.permissions.add(*Permission.objects.filter(
                content_type__app_label="retention", codename__in=[f"{a}_{model}" for a in actions]))


class Migration(migrations.Migration):
    dependencies = [
        ("retention", "0002_default_rules"),
        ("clients", "0004_roles_client_file"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
