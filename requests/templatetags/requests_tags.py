"""Requests on other apps' pages without those apps importing `requests`:

    {% load requests_tags %}{% requests_due_card %}     the dashboard's card
"""

from typing import Any

from django import template
from django.utils import timezone

from ..selectors import request_queue

register = template.Library()


@register.inclusion_tag("requests/_due_card.html", takes_context=True)
def requests_due_card(context: template.Context) -> dict[str, Any]:
    """Open requests due within a week or overdue, for the signed-in user's clients, with a small
    bar chart of open requests by due week (server-rendered SVG)."""
    today = timezone.localdate()
    rows = request_queue(context["request"].user, today=today)
    urgent = [row for row in rows if row.overdue or row.due_soon]
    weeks: list[int] = [0] * 5  # overdue, this week, +1, +2, later
    for row in rows:
        weeks[0 if row.overdue else min(1 + row.days_left // 7, 4)] += 1
    peak = max(weeks) or 1
    bars = []
    for i, (label, count) in enumerate(zip(WEEK_LABELS, weeks, strict=True)):
        height = round(60 * count / peak)
        bars.append({"label": label, "count": count, "height": height, "x": 10 + i * 44, "y": 70 - height,
                     "text_y": 66 - height})
    return {"rows": urgent[:10], "open_count": len(rows), "urgent_count": len(urgent), "bars": bars}


WEEK_LABELS = ["!", "0-6", "7-13", "14-20", "21+"]
