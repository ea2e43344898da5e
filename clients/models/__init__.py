from .client import Client, HealthInformation, Representative
from .logs import AccessEntry
from .organisation import Controller, Processor, Register, WorkerProfile
from .records import Correction, Disclosure, Document
from .service import Case, GrantedService, ServiceAgreement, ServiceEntry, ServicePlan

__all__ = [
    "AccessEntry",
    "Case",
    "Client",
    "Controller",
    "Correction",
    "Disclosure",
    "Document",
    "GrantedService",
    "HealthInformation",
    "Processor",
    "Register",
    "Representative",
    "ServiceAgreement",
    "ServiceEntry",
    "ServicePlan",
    "WorkerProfile",
]
