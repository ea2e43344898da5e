"""The forecast as a server-rendered SVG bar chart: geometry only, computed here so the template
just draws rectangles. No JavaScript, no style attributes (the Content Security Policy allows
neither inline scripts nor inline styles): colours are SVG fill attributes."""

from dataclasses import dataclass

from .selectors import Forecast

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 40
# Distinguishable colours, also for the common colour-vision deficiencies (Okabe-Ito).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


@dataclass(frozen=True)
class Segment:
    x: float
    y: float
    width: float
    height: float
    fill: str
    label: str


@dataclass(frozen=True)
class Tick:
    y: float
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
    segments, labels = [], []
    for i, month in enumerate(forecast.months):
        x = LEFT + i * slot + (slot - bar_w) / 2
        base = float(TOP + plot_h)
        for pk, count in sorted(month.counts.items()):
            h = plot_h * count / top
            base -= h
            segments.append(Segment(x=round(x, 1), y=round(base, 1), width=round(bar_w, 1), height=round(h, 1),
                                    fill=colours[pk], label=f"{month.first_day:%m/%Y} {names[pk]}: {count}"))
        labels.append({"x": round(x + bar_w / 2, 1), "y": HEIGHT - BOTTOM + 16, "text": f"{month.first_day:%m/%y}",
                       "total": month.total, "total_y": round(base - 4, 1)})
    ticks = [Tick(y=round(TOP + plot_h - plot_h * v / top, 1), value=v) for v in range(0, top + 1, top // 4)]
    legend = [{"fill": colours[r.pk], "name": r.name} for r in forecast.rules]
    return {"width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "axis_y": TOP + plot_h,
            "segments": segments, "labels": labels, "ticks": ticks, "legend": legend}
