"""Reads that views and the other apps rely on, one module per concept."""

# Identity codes read from a file by another app (retention's dates-of-death import): validated
# with the messages in the user's language, the date of birth, the masked form.
from ..identifiers import identity_code_birth_date, identity_code_clean, identity_code_mask
from .protection import (
    ADDRESS_FIELDS,
    address_protection_in_file,
    address_withheld,
    client_as_released,
    people_as_released,
    representative_as_released,
)
from .register import (
    access_entries_for_client,
    client_by_identity_code,
    client_data_refusal,
    client_file,
    client_list_search,
    client_search,
    clients_visible_to,
    registers_visible_to,
    request_handler_required,
    request_handling_refusal,
    user_roles,
    worker_profile,
)
from .reports import (
    client_file_data,
    client_file_pdf,
    commissioning_authorities_for,
    monthly_summary,
    monthly_summary_csv,
    monthly_summary_pdf,
    monthly_summary_totals,
    summary_refusal,
)
from .restriction import restriction_refusal

__all__ = [
    "identity_code_birth_date",
    "identity_code_clean",
    "identity_code_mask",
    "ADDRESS_FIELDS",
    "address_withheld",
    "client_as_released",
    "address_protection_in_file",
    "people_as_released",
    "representative_as_released",
    "restriction_refusal",
    "access_entries_for_client",
    "client_by_identity_code",
    "client_data_refusal",
    "client_file",
    "client_list_search",
    "client_search",
    "clients_visible_to",
    "registers_visible_to",
    "request_handler_required",
    "request_handling_refusal",
    "user_roles",
    "worker_profile",
    "client_file_data",
    "client_file_pdf",
    "commissioning_authorities_for",
    "monthly_summary",
    "monthly_summary_csv",
    "monthly_summary_pdf",
    "monthly_summary_totals",
    "summary_refusal",
]
