"""System checks of the client's own pages."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register


@register()
def demo_provider_refused(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """portal.E001: the demo identity provider lets anyone sign in as anyone; only `make run`'s
    local settings may allow it."""
    demo_named = [name for name, config in settings.PORTAL_OIDC_PROVIDERS.items() if config.get("demo")]
    if (settings.PORTAL_DEMO_PROVIDER or demo_named) and not settings.PORTAL_DEMO_ALLOWED:
        return [Error("The demo identity provider is on outside the local demo settings.",
                      hint="Remove PORTAL_DEMO_PROVIDER and any provider marked demo: it identifies nobody.",
                      id="portal.E001")]
    return []
