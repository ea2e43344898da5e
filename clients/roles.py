"""What each role may do in the Django admin with the client register's models and the change
history (the role registry: core.roles; accounts, lockouts and second factors: accounts.roles).
What client data each may see is decided by `clients.selectors.clients_visible_to`, not by these
permissions."""

from core.roles import Role, RolePermissions

# app_label -> model -> actions, per role. Nobody may delete a client: retention owns deletion.
PERMISSIONS: RolePermissions = {
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
        "auditlog": {"logentry": ("view",)},
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
