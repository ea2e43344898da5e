"""The forecast as a server-rendered SVG bar chart: geometry only, computed here so the template
just draws rectangles. No JavaScript, no style attributes (the Content Security Policy allows
neither inline scripts nor inline styles): colours are SVG fill attributes.

Every coordinate leaves here as a plain string with a decimal point ("240.0"): the template never
formats a number itself, so Finnish and Swedish pages (decimal comma) draw the same chart as the
English one. SVG reads "240,0" as two numbers, and the lines and labels would vanish or pile up."""

import math
from dataclasses import dataclass

from .selectors import Forecast

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 40
# Distinguishable colours, also for the common colour-vision deficiencies (Okabe-Ito).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


# A month label ("11/26") is about 30 units wide at font size 11: with more months than fit, only
# every second (third, ...) month is labelled.
LABEL_WIDTH = 34


def svg_number(value: float) -> str:
    """A coordinate as SVG reads it, whatever the language: one decimal, a point, never a comma."""
    return f"{value:.1f}"


@dataclass(frozen=True)
class Segment:
    x: str
    y: str
    width: str
    height: str
    fill: str
    label: str


@dataclass(frozen=True)
class Tick:
    y: str
    value: int


def _nice_max(value: int) -> int:
    step = 1
    while True:
        for factor in (1, 2, 5):
            if value <= step * factor * 4:
                return step * factor * 4
        step *= 10


def forecast_chart(forecast: Forecast) -> dict:
    """Stacked bars, one per month, one colour per rule."""
    colours = {rule.pk: PALETTE[i % len(PALETTE)] for i, rule in enumerate(forecast.rules)}
    names = {rule.pk: rule.name for rule in forecast.rules}
    top = _nice_max(max(forecast.max_total, 1))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(forecast.months), 1)
    bar_w = slot * 0.7
    every = max(1, math.ceil(LABEL_WIDTH / slot))
    segments, labels = [], []
    for i, month in enumerate(forecast.months):
        x = LEFT + i * slot + (slot - bar_w) / 2
        base = float(TOP + plot_h)
        for pk, count in sorted(month.counts.items()):
            h = plot_h * count / top
            base -= h
            segments.append(Segment(x=svg_number(x), y=svg_number(base), width=svg_number(bar_w),
                                    height=svg_number(h), fill=colours[pk],
                                    label=f"{month.first_day:%m/%Y} {names[pk]}: {count}"))
        labels.append({"x": svg_number(x + bar_w / 2), "y": svg_number(HEIGHT - BOTTOM + 16),
                       "text": f"{month.first_day:%m/%y}" if i % every == 0 else "",
                       "total": month.total, "total_y": svg_number(base - 4)})
    ticks = [Tick(y=svg_number(TOP + plot_h - plot_h * v / top), value=v) for v in range(0, top + 1, top // 4)]
    legend = [{"fill": colours[r.pk], "name": r.name} for r in forecast.rules]
    return {"width": str(WIDTH), "height": str(HEIGHT), "left": svg_number(LEFT), "right": svg_number(WIDTH - RIGHT),
            "tick_label_x": svg_number(LEFT - 6), "axis_y": svg_number(TOP + plot_h),
            "segments": segments, "labels": labels, "ticks": ticks, "legend": legend}
