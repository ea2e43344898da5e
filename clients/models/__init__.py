from .client import Client, HealthInformation, Representative
from .logs import AccessEntry
from .organisation import Controller, Processor, Register, WorkerProfile

__all__ = [
    "AccessEntry",
    "Client",
    "Controller",
    "HealthInformation",
    "Processor",
    "Register",
    "Representative",
    "WorkerProfile",
]
