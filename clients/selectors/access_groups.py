"""The one rule for showing an access log to the client (Act 703/2023 § 11): consecutive views by
the same worker of the same part for the same purpose on the same basis, each within
`VIEW_GROUP_GAP` of the one before, are one row ("12.3.2026 10:02–10:41, 5 views"); and what a
row says when its purpose or basis was not recorded. The access-log report (requests) and the
client's own "who has seen the data" page (portal) both use it."""

import datetime
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from django.utils import timezone
from django.utils.translation import gettext as _

from ..constants import AccessBasis
from ..models import AccessEntry

# A view at most this long after the previous one of its kind continues the same visit.
VIEW_GROUP_GAP = datetime.timedelta(minutes=30)

T = TypeVar("T")


@dataclass
class ViewGroup(Generic[T]):
    """Consecutive views shown as one row: from the first to the last, how many."""

    first: datetime.datetime
    last: datetime.datetime
    items: list[T] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def sample(self) -> T:
        return self.items[0]

    @property
    def same_day(self) -> bool:
        return timezone.localtime(self.first).date() == timezone.localtime(self.last).date()


def views_grouped(items: Iterable[T], *, key: Callable[[T], Hashable], at: Callable[[T], datetime.datetime],
                  gap: datetime.timedelta = VIEW_GROUP_GAP) -> list[ViewGroup[T]]:
    """`items` in time order, views with the same `key` joined while each comes at most `gap`
    after the previous view of that key (a gap of exactly `gap` still joins; a longer one starts
    a new row). Another worker's view in between does not split a visit. Rows in the order of
    their first view."""
    current: dict[Hashable, ViewGroup[T]] = {}
    groups: list[ViewGroup[T]] = []
    for item in sorted(items, key=at):
        moment, item_key = at(item), key(item)
        group = current.get(item_key)
        if group is not None and moment - group.last <= gap:
            group.items.append(item)
            group.last = moment
            continue
        group = ViewGroup(first=moment, last=moment, items=[item])
        current[item_key] = group
        groups.append(group)
    return groups


def access_entry_key(entry: AccessEntry) -> Hashable:
    """Same worker, same part, same purpose, same basis."""
    return (entry.user_id, entry.kind, entry.detail, entry.purpose.strip(), entry.basis)


def access_entries_grouped(entries: Iterable[AccessEntry]) -> list[ViewGroup[AccessEntry]]:
    return views_grouped(entries, key=access_entry_key, at=lambda entry: entry.at)


def basis_label(basis: str) -> str:
    return str(AccessBasis(basis).label) if basis in AccessBasis.values else basis


def not_recorded_text(*, purpose: str, basis: str) -> str:
    """What a row says when the log lacks its purpose, its basis or both, worded for the client;
    "" when both are recorded."""
    if not purpose.strip() and not basis:
        return _("Neither why your data was looked at nor on what ground was recorded in the log.")
    if not purpose.strip():
        return _("Why your data was looked at was not recorded in the log.")
    if not basis:
        return _("On what ground the worker could see your data was not recorded in the log.")
    return ""


@dataclass(frozen=True)
class AccessRow:
    """One row of a client's access log: a group of views and what it says of purpose and basis."""

    group: ViewGroup[AccessEntry]
    purpose: str
    basis: str  # the basis's label in the current language, "" when not recorded
    not_recorded: str  # not_recorded_text(), "" when both are recorded

    @property
    def entry(self) -> AccessEntry:
        return self.group.sample

    @property
    def neither_recorded(self) -> bool:
        return not self.purpose and not self.basis


def access_rows(entries: Iterable[AccessEntry]) -> list[AccessRow]:
    """The client's access-log rows: consecutive views grouped, purpose and basis spelled out."""
    rows = []
    for group in access_entries_grouped(entries):
        entry = group.sample
        purpose = entry.purpose.strip()
        rows.append(AccessRow(group=group, purpose=purpose, basis=basis_label(entry.basis),
                              not_recorded=not_recorded_text(purpose=purpose, basis=entry.basis)))
    return rows
