"""Fixtures for the requests tests: the seeds' purposes in the register and English messages,
shared with the consents tests (tests/fixtures.py)."""

from tests.fixtures import english, purposes

__all__ = ["english", "purposes"]  # fixtures for this folder, defined once in tests/fixtures.py
