"""Roles are auth groups (CONTRACT.md). What each may do in the Django admin is declared here
and applied by data migrations; what client data each may see is decided by
`clients.selectors.clients_visible_to`, not by these permissions."""

from .constants import Role

# app_label -> model -> actions, per role. Nobody may delete a client: retention owns deletion.
ROLE_PERMISSIONS: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    Role.ADMIN: {
        "clients": {
            "controller": ("add", "change", "view"),
            "processor": ("add", "change", "delete", "view"),
            "register": ("add", "change", "view"),
            "workerprofile": ("add", "change", "view"),
            "client": ("add", "change", "view"),
            "healthinformation": ("add", "change", "view"),
            "representative": ("add", "change", "view"),
            "accessentry": ("view",),
            "case": ("add", "change", "view"),
            "grantedservice": ("add", "change", "view"),
            "serviceentry": ("view",),
            "serviceagreement": ("view",),
            "serviceplan": ("view",),
            "correction": ("view",),
            "document": ("view",),
            "disclosure": ("view",),
            # Written through the app's own pages (services); the admin only lists them.
            "emergencyaccess": ("view",),
            "breach": ("view",),
            "breachnotice": ("view",),
            "supervisoryauthority": ("add", "change", "view"),
            "privacynotice": ("view",),
        },
        "auth": {"user": ("add", "change", "view"), "group": ("view",)},
        "auditlog": {"logentry": ("view",)},
        "axes": {"accessattempt": ("view", "delete"), "accesslog": ("view",)},
        # Resetting a user's second factor deletes their devices.
        "otp_totp": {"totpdevice": ("view", "delete")},
        "otp_static": {"staticdevice": ("view", "delete")},
    },
    Role.REGISTER_CONTACT: {
        "clients": {
            "controller": ("view",),
            "register": ("view",),
            "client": ("view",),
            "representative": ("view",),
            "accessentry": ("view",),
            "case": ("view",),
            "serviceentry": ("view",),
            "serviceplan": ("view",),
            "correction": ("view",),
            "document": ("view",),
            "disclosure": ("view",),
            "emergencyaccess": ("view",),
            "breach": ("view",),
            "breachnotice": ("view",),
        },
        "auditlog": {"logentry": ("view",)},
    },
    Role.CASEWORKER: {
        "clients": {
            "client": ("add", "change", "view"),
            "representative": ("add", "change", "view"),
            "healthinformation": ("add", "change", "view"),
            "case": ("add", "change", "view"),
            "grantedservice": ("add", "change", "view"),
            "serviceentry": ("add", "view"),
            "serviceagreement": ("add", "view"),
            "serviceplan": ("add", "view"),
            "correction": ("add", "view"),
            "document": ("add", "view"),
            "disclosure": ("add", "view"),
        },
    },
}


def grant_role_permissions(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    """Data-migration step: create the groups and give them the permissions declared above
    (for the models that exist at this point of the migration graph)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, apps_perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=str(role))
        for app_label, models in apps_perms.items():
            for model, actions in models.items():
                codenames = [f"{action}_{model}" for action in actions]
                group.permissions.add(*Permission.objects.filter(
                    content_type__app_label=app_label, codename__in=codenames
                ))
