"""Kept only for clients.admin_security, which imports the second-factor reset from here; that
admin is being rewritten (it will import `core.twofactor.second_factor_reset`). Delete this
module with that rewrite. New code imports from breaches, emergency or core.twofactor."""

from core.twofactor import second_factor_reset

__all__ = ["second_factor_reset"]
