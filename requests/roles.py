"""What each role may do in the Django admin with data-subject requests (the role registry:
core.roles)."""

from core.roles import Role, RolePermissions

PERMISSIONS: RolePermissions = {
    Role.ADMIN: {"requests": {
        "datasubjectrequest": ("view", "change"),
        "art19notification": ("view",),
    }},
    Role.REGISTER_CONTACT: {"requests": {
        "datasubjectrequest": ("view", "add", "change"),
        "art19notification": ("view", "add"),
    }},
    Role.CASEWORKER: {"requests": {
        "datasubjectrequest": ("view", "add"),
    }},
}
