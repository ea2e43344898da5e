"""Checks a privacy notice must pass before it is published, from the apps that own the facts.

`clients` composes and publishes the notice but imports no later app; an app whose data the
notice promises (retention: the rules the nightly run enforces) adds a check here in its
AppConfig.ready. A check takes the register and returns the problems, each a sentence in the
active language; `notice_problems` gathers them all.
"""

from collections.abc import Callable
from typing import Any

NoticeCheck = Callable[[Any], list[str]]
_checks: dict[str, NoticeCheck] = {}


def notice_check_add(key: str, check: NoticeCheck) -> None:
    """Add (or replace) one app's check of a register's notice."""
    _checks[key] = check


def notice_problems(register: Any) -> list[str]:
    """Every added check's problems with `register`'s notice, in the order the checks were added."""
    problems: list[str] = []
    for check in _checks.values():
        problems += check(register)
    return problems
