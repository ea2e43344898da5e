"""Give the three roles (auth groups) their admin permissions on the consents models. The
groups themselves come from clients' role migrations; clients.roles is not ours to extend, so
the consents part is declared here."""

from django.db import migrations

CONSENTS_PERMISSIONS = {
    "admin": {
        "consentpurpose": ("add", "change", "view"),
        "consent": ("add", "view"),
        "prohibition": ("add", "view"),
        "emailsubscriber": ("add", "view"),
        "marketingexport": ("view",),
    },
    "register_contact": {
        "consentpurpose": ("view",),
        "consent": ("add", "view"),
        "prohibition": ("add", "view"),
        "emailsubscriber": ("add", "view"),
        "marketingexport": ("view",),
    },
    "caseworker": {
        "consentpurpose": ("view",),
        "consent": ("add", "view"),
        "prohibition": ("add", "view"),
    },
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("consents")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, models in CONSENTS_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for model, actions in models.items():
            group.permissions.add(*Permission.objects.filter(
                content_type__app_label="consents", codename__in=[f"{a}_{model}" for a in actions]))


class Migration(migrations.Migration):
    dependencies = [
        ("consents", "0001_initial"),
        ("clients", "0004_roles_client_file"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
