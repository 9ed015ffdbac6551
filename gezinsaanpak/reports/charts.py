"""A server-made SVG bar chart: bars per period, a line for the year before (issue 15, §7).

The chart carries a title and description (``<title>``, ``<desc>``, ``aria-labelledby``);
the page puts the same numbers beside it as a table. Hidden values are drawn as no bar.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    before: float | None


WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 260, 40, 40, 16


def bar_chart(bars: list[Bar], *, title: str, description: str, chart_id: str) -> str:
    peak = max([b.value or 0 for b in bars] + [b.before or 0 for b in bars] + [1])
    slot = (WIDTH - LEFT - 8) / max(len(bars), 1)
    plot = HEIGHT - BOTTOM - TOP

    def y(value: float) -> float:
        return TOP + plot - plot * value / peak

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'class="chart" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
        f'<line x1="{LEFT}" y1="{TOP + plot}" x2="{WIDTH}" y2="{TOP + plot}" class="axis"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end" class="tick">{_num(peak)}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + plot}" text-anchor="end" class="tick">0</text>',
    ]
    points = []
    for index, bar in enumerate(bars):
        x = LEFT + index * slot
        if bar.value:
            parts.append(
                f'<rect x="{x + slot * 0.15:.1f}" y="{y(bar.value):.1f}" width="{slot * 0.7:.1f}" '
                f'height="{TOP + plot - y(bar.value):.1f}" class="bar"/>'
            )
        if bar.before is not None:
            points.append(f"{x + slot / 2:.1f},{y(bar.before):.1f}")
        parts.append(
            f'<text x="{x + slot / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
            f'class="tick">{escape(bar.label)}</text>'
        )
    if len(points) > 1:
        parts.append(f'<polyline points="{" ".join(points)}" class="before"/>')
    parts.append("</svg>")
    return "".join(parts)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
