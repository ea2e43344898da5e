from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Shared tools")

    def ready(self) -> None:
        from .roles import roles_sync_after_migrate
        from .scope import system_scope_before_migrate

        # After every migrate (and every test-database flush) the three roles carry exactly the
        # permissions the apps declare in their roles.py: one registry, no data migration that
        # imports live code.
        post_migrate.connect(roles_sync_after_migrate, dispatch_uid="core.roles_sync")
        # Row-level security: migrate's data steps see every register, and say so.
        pre_migrate.connect(system_scope_before_migrate, dispatch_uid="core.system_scope")
