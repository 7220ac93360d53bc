"""Server-rendered SVG charts, accessible: a title and a description a screen reader
announces, and the numbers in the description as well as in the picture."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape  # nosec B406  # escapes text we write; parses no XML

WIDTH = 640
LABEL = 180
ROW = 32
TOP = 40
PLOT = WIDTH - LABEL - 20


def _x(value: float) -> float:
    return round(LABEL + value / 100 * PLOT, 1)


def judge_distribution_svg(*, round_name: str, judges: Sequence[dict[str, Any]]) -> str:
    """One row per judge: a dot for each weighted total they gave (0-100) and a bar
    at their mean, so a harsh or lenient judge stands out."""
    height = TOP + ROW * max(len(judges), 1) + 30
    title = f"Each judge's weighted totals in {round_name}"
    lines = [
        f"{j['name']}: {j['count']} entries, mean {j['mean']:.1f}, "
        f"from {min(j['totals']):.1f} to {max(j['totals']):.1f}"
        for j in judges
    ]
    desc = "Scores run from 0 to 100. " + "; ".join(lines) + "." if judges else "No scores yet."
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="chart-title chart-desc">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(desc)}</desc>',
        '<g font-family="Arial, sans-serif" font-size="12" fill="#0b0c0c">',
    ]
    for tick in range(0, 101, 20):
        x = _x(tick)
        parts.append(
            f'<line x1="{x}" y1="{TOP - 10}" x2="{x}" y2="{height - 25}" stroke="#b1b4b6"/>'
        )
        parts.append(f'<text x="{x}" y="{height - 10}" text-anchor="middle">{tick}</text>')
    for index, judge in enumerate(judges):
        y = TOP + index * ROW + ROW / 2
        parts.append(
            f'<text x="{LABEL - 8}" y="{y + 4}" text-anchor="end">{escape(judge["name"])}</text>'
        )
        for value in judge["totals"]:
            # Solid, with a white rim so overlapping dots stay apart: a faded dot
            # would fall below the 3:1 contrast graphics need (WCAG 1.4.11).
            parts.append(
                f'<circle cx="{_x(value)}" cy="{y}" r="5" fill="#1d70b8" stroke="#ffffff"/>'
            )
        mean = _x(judge["mean"])
        parts.append(
            f'<line x1="{mean}" y1="{y - 10}" x2="{mean}" y2="{y + 10}" stroke="#d4351c" '
            'stroke-width="3"/>'
        )
    parts.append("</g></svg>")
    return "\n".join(parts)
