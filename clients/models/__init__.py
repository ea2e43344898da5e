from .breaches import (
    Breach,
    BreachAuthorityDecision,
    BreachClientLink,
    BreachNotice,
    BreachNoticeChannel,
    BreachRiskLevel,
    BreachSubjectsDecision,
)
from .client import Client, HealthInformation, Representative
from .emergency import EmergencyAccess
from .logs import AccessEntry
from .notices import InformingMethod, NoticeInforming, PrivacyNotice, SupervisoryAuthority
from .organisation import Controller, Processor, Register, WorkerProfile
from .records import Correction, Disclosure, Document, DocumentChange
from .service import Case, GrantedService, ServiceAgreement, ServiceEntry, ServicePlan

__all__ = [
    "AccessEntry",
    "Breach",
    "BreachAuthorityDecision",
    "BreachClientLink",
    "BreachNotice",
    "BreachNoticeChannel",
    "BreachRiskLevel",
    "BreachSubjectsDecision",
    "Case",
    "Client",
    "Controller",
    "Correction",
    "Disclosure",
    "Document",
    "DocumentChange",
    "EmergencyAccess",
    "GrantedService",
    "HealthInformation",
    "InformingMethod",
    "NoticeInforming",
    "PrivacyNotice",
    "Processor",
    "Register",
    "Representative",
    "ServiceAgreement",
    "ServiceEntry",
    "ServicePlan",
    "SupervisoryAuthority",
    "WorkerProfile",
]
