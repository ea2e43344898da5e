"""What each role may do in the Django admin with the client register's models, and with the
accounts, change history, lockouts and second factors the organisation admin manages (the role
registry: core.roles). What client data each may see is decided by
`clients.selectors.clients_visible_to`, not by these permissions."""

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
