from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = _("Client register")

    def ready(self) -> None:
        from core.access import refusal_rule_set
        from core.admin import admin_scope_rule_set
        from core.scope import scope_rule_set

        from .audit import register_models
        from .selectors.admin import admin_scope
        from .selectors.register import client_data_refusal, registers_visible_to

        register_models()
        # The client register's kinds of work on the task list (core.tasks).
        from .selectors.tasks import task_sources_add

        task_sources_add()
        refusal_rule_set(client_data_refusal)
        admin_scope_rule_set(admin_scope)
        # The registers a request's database scope lets through (row-level security).
        scope_rule_set(lambda user: registers_visible_to(user).values_list("pk", flat=True))
        # Admin for emergency access, breaches and the organisation-scoped User admin with its
        # second-factor reset. Loaded here, after the admin's autodiscovery (the admin app comes
        # first in INSTALLED_APPS), so that the User admin of django.contrib.auth exists to replace.
        from . import admin_security  # noqa: F401
