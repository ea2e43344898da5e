"""What each role may do in the Django admin with retention (the role registry: core.roles).
Admins edit rules and holds and record receipts; everything the nightly run writes (handoffs,
purge records, runs) is read-only for everybody."""

from core.roles import Role, RolePermissions

PERMISSIONS: RolePermissions = {
    Role.ADMIN: {"retention": {
        "retentionrule": ("add", "change", "view"),
        "legalhold": ("add", "change", "view"),
        "archivehandoff": ("change", "view"),  # change: the receipt action, nothing else is editable
        "purgerecord": ("view",),
        "retentionrun": ("view",),
        "runfailure": ("view",),
    }},
    Role.REGISTER_CONTACT: {"retention": {
        "retentionrule": ("view",),
        "legalhold": ("view",),
        "archivehandoff": ("view",),
        "purgerecord": ("view",),
        "retentionrun": ("view",),
        "runfailure": ("view",),
    }},
}
