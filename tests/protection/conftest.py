"""Fixtures for the protection tests (address protection, restriction, corrections): English
messages, shared with the other folders (tests/fixtures.py)."""

from tests.fixtures import english, purposes

__all__ = ["english", "purposes"]  # fixtures for this folder, defined once in tests/fixtures.py
