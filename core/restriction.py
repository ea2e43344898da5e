"""GDPR Art 18(2)'s first ground, "the client's consent", checked against the consents the client
has given: `clients.selectors.restriction` asks, but `clients` may not import `consents`, where
consents and their rule live. The consents app installs its rule here in AppConfig.ready, so this
bottom layer imports no app. Fails closed: with no rule installed, the consent ground is refused."""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

ConsentGroundRule = Callable[..., str | None]
_rule: list[ConsentGroundRule] = []


def consent_ground_rule_set(rule: ConsentGroundRule) -> None:
    """Install the rule that says why the client's consent is not a ground (None when it is)."""
    _rule[:] = [rule]


def consent_ground_refusal(*, client: Any) -> str | None:
    """Why the client's consent is not an Art 18(2) ground for an act on `client`'s data today,
    or None when a consent given after the restriction began is in force."""
    if not _rule:
        return _("The client's consent cannot be checked: choose another ground.")
    return _rule[0](client=client)
