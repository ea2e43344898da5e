"""Every write to the client register, one module per concept. Other apps import from here."""

from .disclosures import DisclosureRefused, disclosure_record, disclosure_refusal
from .documents import document_move, document_open, document_remove, document_upload
from .register import (
    CLIENT_FIELDS,
    UNCHANGED,
    access_record,
    client_assign_worker,
    client_correction_reason_refusal,
    client_corrections_pending,
    client_create,
    client_open,
    client_restrict,
    client_restriction_lift,
    client_unassign_worker,
    client_update,
    client_validate,
    representative_save,
    representative_validate,
    representative_was_prohibited,
)
from .reports import (
    SUMMARY_FORMATS,
    monthly_summary_disclose,
    monthly_summary_preview,
    monthly_summary_produce,
)

__all__ = [
    "CLIENT_FIELDS",
    "UNCHANGED",
    "client_validate",
    "representative_validate",
    "representative_was_prohibited",
    "DisclosureRefused",
    "disclosure_record",
    "disclosure_refusal",
    "access_record",
    "client_assign_worker",
    "client_create",
    "client_open",
    "client_restrict",
    "client_restriction_lift",
    "client_unassign_worker",
    "client_correction_reason_refusal",
    "client_corrections_pending",
    "client_update",
    "representative_save",
    "document_move",
    "document_open",
    "document_remove",
    "document_upload",
    "SUMMARY_FORMATS",
    "monthly_summary_disclose",
    "monthly_summary_preview",
    "monthly_summary_produce",
]
