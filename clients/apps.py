from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = _("Client register")

    def ready(self) -> None:
        from core.access import refusal_rule_set
        from core.scope import scope_rule_set

        from .audit import register_models
        from .selectors.register import client_data_refusal, registers_visible_to

        register_models()
        refusal_rule_set(client_data_refusal)
        # The registers a request's database scope lets through (row-level security).
        scope_rule_set(lambda user: registers_visible_to(user).values_list("pk", flat=True))
