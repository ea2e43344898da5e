from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestType(models.TextChoices):
    ACCESS = "access", _("Access (GDPR Art 15)")  # tarkastusoikeus
    RECTIFICATION = "rectification", _("Rectification (GDPR Art 16)")
    ERASURE = "erasure", _("Erasure (GDPR Art 17)")
    RESTRICTION = "restriction", _("Restriction of processing (GDPR Art 18)")
    PORTABILITY = "portability", _("Data portability (GDPR Art 20)")
    OBJECTION = "objection", _("Objection (GDPR Art 21)")
    CONSENT_WITHDRAWAL = "consent_withdrawal", _("Withdrawal of consent")
    ACCESS_LOG = "access_log", _("Access-log request (Act 703/2023 § 11)")
    # Not a right under the GDPR: a question or feedback about the register, answered within the
    # register's own number of working days (seed 001's promise; Register.question_answer_working_days).
    QUESTION = "question", _("Question or feedback about the register")


class Channel(models.TextChoices):
    SIGNED_LETTER = "signed_letter", _("Signed letter")
    IN_PERSON = "in_person", _("In person")
    ELECTRONIC = "electronic", _("Electronic")


class RequesterRole(models.TextChoices):
    CLIENT = "client", _("The client")
    GUARDIAN = "guardian", _("Guardian")
    LEGAL_REPRESENTATIVE = "legal_representative", _("Legal representative")


class VerificationMethod(models.TextChoices):
    PHOTO_ID = "photo_id", _("Photo ID shown in person")
    STRONG_ELECTRONIC = "strong_electronic", _("Strong electronic identification")
    KNOWN_IN_PERSON = "known_in_person", _("Known in person")


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class Outcome(models.TextChoices):
    GRANTED = "granted", _("Granted in full")
    PARTIALLY_REFUSED = "partially_refused", _("Partially refused")
    REFUSED = "refused", _("Refused")


class FeeGround(models.TextChoices):
    """GDPR Art 15(3) and 12(5) (CJEU C-307/22): the first copy is always free; a reasonable fee
    only for these, each a recorded decision with reasons."""

    FURTHER_COPY = "further_copy", _("A further copy (Art 15(3))")
    MANIFESTLY_UNFOUNDED = "manifestly_unfounded", _("Manifestly unfounded request (Art 12(5))")
    EXCESSIVE = "excessive", _("Excessive, in particular repetitive, request (Art 12(5))")


class ReleasedDocument(models.TextChoices):
    ACCESS_REPORT = "access_report", _("Access report (PDF)")
    PORTABILITY = "portability", _("Machine-readable data (zip)")
    ACCESS_LOG = "access_log", _("Access log (PDF)")
    REFUSAL_CERTIFICATE = "refusal_certificate", _("Refusal certificate (PDF)")


# A heavy document made by a job (requests.jobs): a request's documents, or the whole client file
# as PDF asked for from the client file itself (no request).
CLIENT_FILE = "client_file"
JOB_DOCUMENTS = [*ReleasedDocument.choices, (CLIENT_FILE, _("Client file (PDF)"))]


class JobState(models.TextChoices):
    """A heavy document made by a job (requests.jobs): waiting, being made, ready, or failed."""

    QUEUED = "queued", _("Waiting to be produced")
    RUNNING = "running", _("Being produced")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


OPEN_STATUSES = (Status.RECEIVED, Status.IN_PROGRESS)
# The kinds of request that are rights under the GDPR or Act 703/2023 (one month, extendable).
RIGHTS_TYPES = tuple(t for t in RequestType if t != RequestType.QUESTION)
DUE_SOON_DAYS = 7
ACCESS_LOG_YEARS = 2


class LetterKind(models.TextChoices):
    """The register contact's letters to the requester (issue 20)."""

    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement of the request")
    EXTENSION = "extension", _("Extension of the deadline (GDPR Art 12(3))")
    UNVERIFIED_REFUSAL = "unverified_refusal", _("Refusal: identity not verified (GDPR Art 11(2), 12(2))")
    DECISION = "decision", _("Decision on the request")
    RESTRICTION_LIFT = "restriction_lift", _("Notice before lifting the restriction (GDPR Art 18(3))")


class LetterChannel(models.TextChoices):
    PDF = "pdf", _("PDF (printed or handed over)")
    EMAIL = "email", _("Email")
