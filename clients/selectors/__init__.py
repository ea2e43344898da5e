"""Reads that views and the other apps rely on, one module per concept."""

from .register import (
    access_entries_for_client,
    client_data_refusal,
    client_file,
    client_search,
    clients_visible_to,
    registers_visible_to,
    user_roles,
    worker_profile,
)

__all__ = [
    "access_entries_for_client",
    "client_data_refusal",
    "client_file",
    "client_search",
    "clients_visible_to",
    "registers_visible_to",
    "user_roles",
    "worker_profile",
]
