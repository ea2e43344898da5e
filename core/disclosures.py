"""The one decision every disclosure asks, wired in from above: `clients` records disclosures but
may not import `consents`, where the decision (`consents.selectors.use_decision`) lives. The
consents app hands its decider in here in AppConfig.ready; `clients.services.disclosure_record`
asks it for every disclosure, so no path that hands data out decides on its own.

A decider is called with keyword arguments (client, recipient_kind, recipient, legal_basis, on,
restriction_ground, recipient_controller) and returns `(refusal reason or None, consent id or
None)`: the consent id names the consent a consent-based disclosure rests on.
"""

from collections.abc import Callable
from typing import Any

Decider = Callable[..., tuple[str | None, int | None]]

_decider: list[Decider] = []


def disclosure_decider_set(decider: Decider) -> None:
    """Install the decision (called once, by the app that owns it)."""
    _decider[:] = [decider]


def disclosure_decider() -> Decider | None:
    return _decider[0] if _decider else None


def disclosure_decide(**question: Any) -> tuple[str | None, int | None] | None:
    """The installed decider's answer, or None when no decider is installed."""
    decider = disclosure_decider()
    return decider(**question) if decider is not None else None
