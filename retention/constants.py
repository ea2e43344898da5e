"""Fixed vocabularies of retention: what a rule covers, when its period starts, what happens at
the end of it, and the states of an archive handoff."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordKind(models.TextChoices):
    """What a rule keeps. CLIENT_FILE and the log kinds (LOG_KINDS) are enforced by the nightly
    run; the others document a period that another system (bookkeeping, booking calendar) keeps."""

    CLIENT_FILE = "client_file", _("Client file (the client and everything recorded about them)")
    DOCUMENTS = "documents", _("Documents")
    BILLING = "billing", _("Billing and bookkeeping material")
    BOOKING = "booking", _("Booking data")
    MARKETING_CONSENTS = "marketing_consents", _("Marketing consents")
    ACCESS_LOGS = "access_logs", _("Access logs")
    # Logs that outlive the client (issue 18): kept for their own period after a purge, the
    # client replaced by the purge record's reference.
    DISCLOSURE_LOGS = "disclosure_logs", _("Disclosure log")
    REQUEST_RECORDS = "request_records", _("Data-subject requests (type, dates, outcome)")
    ART19_NOTIFICATIONS = "art19_notifications", _("Art 19 notifications to recipients")
    EMERGENCY_REVIEWS = "emergency_reviews", _("Emergency accesses and their reviews")
    BREACH_LINKS = "breach_links", _("Breaches' links to affected clients and notices to them")
    # Documents kept for their own period from their own date, whatever happens to the case they
    # are filed under (the documents of the matching DocumentKind).
    CLIENT_FEE_DECISIONS = "client_fee_decisions", _("Client fee decisions and income statements")


# Each counted from the record's own date and only ever deleted.
LOG_KINDS = frozenset({
    RecordKind.ACCESS_LOGS, RecordKind.DISCLOSURE_LOGS, RecordKind.REQUEST_RECORDS,
    RecordKind.ART19_NOTIFICATIONS, RecordKind.EMERGENCY_REVIEWS, RecordKind.BREACH_LINKS,
})

# Documents of a client file with their own period, counted from the document's date and only
# ever deleted: record kind -> the document kind (clients.constants.DocumentKind) it covers.
DOCUMENT_KINDS: dict[str, str] = {RecordKind.CLIENT_FEE_DECISIONS: "client_fee_decision"}

# The nightly run deletes only these; the privacy notice lists only rules of these kinds.
ENFORCED_RECORD_KINDS = frozenset({RecordKind.CLIENT_FILE, *LOG_KINDS, *DOCUMENT_KINDS})


class AppliesTo(models.TextChoices):
    ALL_CLIENTS = "all_clients", _("All clients")
    # At least one case of a statutory service task (anything but a private service).
    STATUTORY_CLIENTS = "statutory_clients", _("Clients with a statutory social-welfare case")
    PRIVATE_CLIENTS = "private_clients", _("Clients without a statutory case (private service)")
    CASES_OF_TASK = "cases_of_task", _("Clients with a case of one service task")


class StartEvent(models.TextChoices):
    RELATIONSHIP_ENDED = "relationship_ended", _("End of the client relationship")
    CASE_CLOSED = "case_closed", _("Case closed")
    CLIENT_DEATH = "client_death", _("Client's death")
    DOCUMENT_DATE = "document_date", _("Date of the document or record")
    CHILD_BIRTH = "child_birth", _("Birth of the child")
    LAST_ACTIVITY = "last_activity", _("Last activity")


class Action(models.TextChoices):
    DELETE = "delete", _("Delete")
    ANONYMISE = "anonymise", _("Anonymise")
    ARCHIVE_THEN_DELETE = "archive_then_delete", _("Hand over to an archive, then delete")


class WaitingFor(models.TextChoices):
    """Why a client whose rule applies is not due: the date the period counts from is missing."""

    DATE_OF_DEATH = "date_of_death", _("the date of death")
    CASE_CLOSED = "case_closed", _("the case to be closed")
    RELATIONSHIP_ENDED = "relationship_ended", _("the end of the client relationship")
    DATE_OF_BIRTH = "date_of_birth", _("the date of birth")
    CHILD_DATE_OF_BIRTH = "child_date_of_birth", _("the child's date of birth on the case")
    START_DATE = "start_date", _("a date this rule can count from")


class HandoffStatus(models.TextChoices):
    AWAITING_RECEIPT = "awaiting_receipt", _("Awaiting the archive's receipt")
    READY = "ready", _("Received (or no receipt needed): may be purged")
    PURGED = "purged", _("Client purged")
    SUPERSEDED = "superseded", _("Superseded by a newer package")


class FailureStage(models.TextChoices):
    RULES = "rules", _("Working out the due date")
    HANDOFF = "handoff", _("Building the archive package")
    VERIFY = "verify", _("Verifying the archive package")
    PURGE = "purge", _("Purge")
    ACCESS_LOGS = "access_logs", _("Removing old access-log entries")
    KEPT_LOGS = "kept_logs", _("Removing purged clients' logs past their own period")
    FILES = "files", _("Removing stored files")


# Clients falling due within this many days are listed for the register contact first.
NOTICE_DAYS = 14


# The seed register whose own promise each seed rule is: (controller's business ID, register
# slug), as clients/seed_registers.py makes them. Retention migration 0003 uses the same table.
SEED_RULE_REGISTERS: dict[str, tuple[str, str]] = {
    "seed-000-two-weeks": ("2747637-5", "asiakasrekisteri"),
    "seed-001-bookkeeping": ("3157784-9", "asiakasrekisteri"),
    "seed-001-booking": ("3157784-9", "asiakasrekisteri"),
    "seed-002-county-archive": ("9900002-6", "asiakasrekisteri"),
    "seed-003-return-material": ("3009687-5", "asiakasrekisteri"),
    "seed-004-bookkeeping": ("9900004-2", "laskutus"),
}
