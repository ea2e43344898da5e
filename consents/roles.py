"""What each role may do in the Django admin with consents (the role registry: core.roles)."""

from core.roles import Role, RolePermissions

PERMISSIONS: RolePermissions = {
    Role.ADMIN: {"consents": {
        "consentpurpose": ("add", "change", "view"),
        "consent": ("add", "view"),
        "prohibition": ("add", "view"),
        "emailsubscriber": ("add", "view"),
        "marketingexport": ("view",),
    }},
    Role.REGISTER_CONTACT: {"consents": {
        "consentpurpose": ("view",),
        "consent": ("add", "view"),
        "prohibition": ("add", "view"),
        "emailsubscriber": ("add", "view"),
        "marketingexport": ("view",),
    }},
    Role.CASEWORKER: {"consents": {
        "consentpurpose": ("view",),
        "consent": ("add", "view"),
        "prohibition": ("add", "view"),
    }},
}
