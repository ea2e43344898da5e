"""Every write of the retention app. Other code (commands, views, admin) imports from here."""

from .actors import SYSTEM_USERNAME, system_actor
from .deaths import DeathImportReport, dates_of_death_import, death_query_export
from .handoff import (
    HandoffStale,
    handoff_build,
    handoff_check,
    handoff_receipt_record,
    handoff_supersede,
)
from .holds import legal_hold_place, legal_hold_release
from .lock import RunLocked, run_lock
from .package import PackageInvalid, package_verify
from .purge import (
    CasePackageOpen,
    ClientsHeld,
    case_records_purge,
    client_anonymise,
    clients_purge,
    clients_purge_chunk,
    pending_files_remove,
)
from .rules import seed_rules_attach
from .run import CONTRACT_KEYS, RunSummary, retention_run

__all__ = [
    "CONTRACT_KEYS",
    "SYSTEM_USERNAME",
    "CasePackageOpen",
    "ClientsHeld",
    "DeathImportReport",
    "HandoffStale",
    "PackageInvalid",
    "RunLocked",
    "RunSummary",
    "case_records_purge",
    "client_anonymise",
    "dates_of_death_import",
    "death_query_export",
    "clients_purge",
    "clients_purge_chunk",
    "handoff_build",
    "handoff_check",
    "handoff_receipt_record",
    "handoff_supersede",
    "legal_hold_place",
    "legal_hold_release",
    "package_verify",
    "pending_files_remove",
    "retention_run",
    "run_lock",
    "seed_rules_attach",
    "system_actor",
]
