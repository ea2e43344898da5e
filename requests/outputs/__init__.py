"""What the client receives in answer to a request, one module per document: the access report
(GDPR Art 15), the machine-readable export (Art 20), the access-log report (Act 703/2023), the
refusal certificate (kieltäytymistodistus, seeds 000, 003, 004) and the letters to the requester
(`letters`). `common` holds what they share. Erasure (Art 17) is a write, not a document:
`requests.services.request_erasure_carry_out`.

What these guarantee:
- Nothing is released for an unverified request, to a requester who may not receive the
  client's data (`requester_refusal`), or for a request of another type; the ValidationError
  says why.
- Every file handed out is, in the same transaction as it is made, a disclosure in the
  disclosure log (to the client or the representative who asked) and an access-log entry of
  kind export. If either cannot be recorded, no file is returned.
- The handler's redactions ("term | reason", one a line) remove every occurrence of each term
  from the released text; the file lists the reasons, never the terms.
"""

from ..selectors import (
    ACCESS_LOG_TYPES,
    ACCESS_REPORT_TYPES,
    PORTABILITY_TYPES,
    REFUSED_OUTCOMES,
    refusal_certificate_refusal,
    release_refusal,
)
from .access_log import access_log_pdf
from .access_report import access_report_context, access_report_pdf
from .common import Redactions
from .letters import letter_email, letter_pdf
from .portability import SCHEMA_PATH, portability_data, portability_files, portability_zip
from .refusal_certificate import refusal_certificate_pdf

__all__ = [
    "ACCESS_LOG_TYPES",
    "ACCESS_REPORT_TYPES",
    "PORTABILITY_TYPES",
    "REFUSED_OUTCOMES",
    "SCHEMA_PATH",
    "Redactions",
    "access_log_pdf",
    "access_report_context",
    "access_report_pdf",
    "letter_email",
    "letter_pdf",
    "portability_data",
    "portability_files",
    "portability_zip",
    "refusal_certificate_pdf",
    "refusal_certificate_refusal",
    "release_refusal",
]
