"""Pages without COUNT(*): at a million clients, counting the matches costs more than showing
them. A page fetches one row more than it shows, which is enough to know whether a next page
exists."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass(frozen=True)
class Page:
    object_list: list[Any]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1


def page_number(value: Any) -> int:
    """A page number from a query string: 1 to 10,000, 1 for anything else."""
    try:
        return max(1, min(int(value), 10_000))
    except (TypeError, ValueError):
        return 1


def rows_to_read(value: Any, size: int) -> int:
    """How many rows from the start the page `value` reads (its own and one more)."""
    return page_number(value) * size + 1


def page_of(queryset: QuerySet, number: Any, size: int) -> Page:
    number = page_number(number)
    start = (number - 1) * size
    rows = list(queryset[start:start + size + 1])
    return Page(rows[:size], number, len(rows) > size)
