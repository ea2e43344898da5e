from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """The admin site requires the second factor (config.admin_site)."""

    default_site = "config.admin_site.SecureAdminSite"

    def ready(self) -> None:
        super().ready()
        # Admin for emergency access, breaches and second-factor reset: its own module, so the
        # security pieces stay together (autodiscover only imports clients.admin).
        import clients.admin_security  # noqa: F401
