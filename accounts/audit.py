"""Change history (django-auditlog) of who can sign in, with which roles and second factors: the
password and the device secrets are never written out, only that they changed."""

from auditlog.registry import auditlog


def register_models() -> None:
    from django.contrib.auth.models import User
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    auditlog.register(User, include_fields=["username", "first_name", "last_name", "email", "is_active",
                                            "is_staff", "is_superuser", "password"],
                      mask_fields=["password"], m2m_fields={"groups"})
    auditlog.register(TOTPDevice, include_fields=["user", "name", "confirmed"])
    auditlog.register(StaticDevice, include_fields=["user", "name", "confirmed"])
