"""Reads for sign-in and the second factor: which devices a user has, and how an authenticator
app is shown for enrolment. Whether a session still owes the second factor is core.twofactor's,
since the access gate and the admin site ask it too."""

import base64
import io

from django.contrib.auth.models import AnonymousUser, User
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.twofactor import has_second_factor, second_factor_pending

__all__ = ["backup_codes_left", "has_authenticator", "has_second_factor", "second_factor_pending",
           "totp_device_unconfirmed", "totp_qr_data_uri", "totp_secret_display"]


def has_authenticator(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and TOTPDevice.objects.filter(user=user.pk, confirmed=True).exists()


def totp_device_unconfirmed(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def totp_secret_display(device: TOTPDevice) -> str:
    """The secret in base32 groups of four, for typing into an app by hand."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def totp_qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as a QR code, an SVG data: URI made here on the server (the secret
    never leaves for a QR service; the CSP allows img-src data:)."""
    import qrcode
    import qrcode.image.svg

    out = io.BytesIO()
    qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8,
                border=2).save(out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode("ascii")
