"""What each role may do in the Django admin with accounts, sign-in lockouts and second factors
(the role registry: core.roles). Only the organisation's admin manages them."""

from core.roles import Role, RolePermissions

PERMISSIONS: RolePermissions = {
    Role.ADMIN: {
        "auth": {"user": ("add", "change", "view"), "group": ("view",)},
        "axes": {"accessattempt": ("view", "delete"), "accesslog": ("view",)},
        # Resetting a user's second factor deletes their devices.
        "otp_totp": {"totpdevice": ("view", "delete")},
        "otp_static": {"staticdevice": ("view", "delete")},
    },
}
