"""Kept only for clients.admin_security, which imports these two names from here; that admin is
being rewritten (it will import `clients.selectors.breaches` and `clients.selectors.register`).
Delete this module with that rewrite. New code imports from breaches, emergency, oversight or
register."""

from .breaches import breaches_visible_to
from .register import organisation_clients

__all__ = ["breaches_visible_to", "organisation_clients"]
