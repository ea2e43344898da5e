from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "clients"
    verbose_name = _("Client register")

    def ready(self) -> None:
        from .audit import register_models

        register_models()
