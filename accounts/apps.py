from typing import Any

# Modules, not their classes: a config class imported here would count as one of this app's own.
from auditlog import apps as auditlog_apps
from axes import apps as axes_apps
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static import apps as static_apps
from django_otp.plugins.otp_totp import apps as totp_apps


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and sign-in")
    default = True  # the app's own config, among the others below

    def ready(self) -> None:
        from .audit import register_models

        register_models()


class SecureAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the site that requires the second factor (accounts.admin_site).
    Named in INSTALLED_APPS in place of django.contrib.admin; not the accounts app's own config."""

    default = False
    default_site = "accounts.admin_site.SecureAdminSite"


# The third-party apps of sign-in and change history, named in INSTALLED_APPS in place of their
# own configs so that the admin calls them and their records by names an admin understands, in
# the admin's language: their own names are English only (django-otp's not even translatable),
# or a package name ("AXES", "OTP_STATIC"). Only the names shown change: the migrations read a
# model's Meta as declared (Options.original_attrs), so no migration follows.


def _names(model: type, singular: Any, plural: Any) -> None:
    model._meta.verbose_name = singular  # type: ignore[attr-defined]
    model._meta.verbose_name_plural = plural  # type: ignore[attr-defined]


class LockoutsConfig(axes_apps.AppConfig):
    """django-axes: failed sign-ins and the lockouts after them."""

    default = False
    verbose_name = _("Sign-in lockouts")

    def ready(self) -> None:
        super().ready()
        from axes.models import AccessAttempt, AccessAttemptExpiration, AccessFailureLog, AccessLog

        _names(AccessAttempt, _("locked sign-in attempt"), _("locked sign-in attempts"))
        _names(AccessAttemptExpiration, _("end of a lockout"), _("ends of lockouts"))
        _names(AccessLog, _("sign-in"), _("sign-ins"))
        _names(AccessFailureLog, _("failed sign-in"), _("failed sign-ins"))


class AuthenticatorAppsConfig(totp_apps.DefaultConfig):
    """django-otp's time-based codes: the authenticator apps of the second factor."""

    default = False
    verbose_name = _("Authenticator apps")

    def ready(self) -> None:
        super().ready()
        from django_otp.plugins.otp_totp.models import TOTPDevice

        _names(TOTPDevice, _("authenticator app of a user"), _("authenticator apps of users"))


class BackupCodesConfig(static_apps.DefaultConfig):
    """django-otp's static tokens: the backup codes of the second factor."""

    default = False
    verbose_name = _("Backup codes")

    def ready(self) -> None:
        super().ready()
        from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

        _names(StaticDevice, _("backup code list"), _("backup code lists"))
        _names(StaticToken, _("backup code"), _("backup codes"))


class ChangeHistoryConfig(auditlog_apps.AuditlogConfig):
    """django-auditlog: the change history of personal data."""

    default = False
    verbose_name = _("Change history")

    def ready(self) -> None:
        super().ready()
        from auditlog.models import LogEntry

        _names(LogEntry, _("change history entry"), _("change history entries"))
