from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and sign-in")

    def ready(self) -> None:
        from .audit import register_models

        register_models()


class SecureAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the site that requires the second factor (accounts.admin_site).
    Named in INSTALLED_APPS in place of django.contrib.admin; not the accounts app's own config."""

    default = False
    default_site = "accounts.admin_site.SecureAdminSite"
