"""The market pipeline's chart, drawn on the server as SVG: one row per category, a bar
per calendar quarter with its count written above it, so nothing depends on colour.
It carries a title and a description a screen reader announces, and the page shows
the same numbers as a table."""

from __future__ import annotations

from html import escape
from typing import Any

LABEL = 170
COLUMN = 78
ROW = 66
TOP = 50
BAR_HEIGHT = 40
BLUE = "#1d70b8"
GREY = "#b1b4b6"


def pipeline_chart_svg(chart: dict[str, Any]) -> str:
    quarters, categories = chart["quarters"], chart["categories"]
    width = LABEL + COLUMN * len(quarters) + 10
    height = TOP + ROW * max(len(categories), 1) + 10
    highest = max((max(c["counts"]) for c in categories), default=0) or 1
    window = chart["window"]
    title = (
        f"Contracts ending each quarter, by category, from {window['from']:%-d %B %Y} "
        f"to {window['to']:%-d %B %Y}"
    )
    if categories:
        desc = f"{chart['total']} contracts in all. " + " ".join(
            f"{category['label']}: "
            + ", ".join(
                f"{count} in {quarter['label']}"
                for quarter, count in zip(quarters, category["counts"], strict=True)
                if count
            )
            + "."
            for category in categories
        )
    else:
        desc = "No contracts end in this period."
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        'aria-labelledby="pipeline-chart-title pipeline-chart-desc">',
        f'<title id="pipeline-chart-title">{escape(title)}</title>',
        f'<desc id="pipeline-chart-desc">{escape(desc)}</desc>',
        '<g font-family="Arial, sans-serif" font-size="14" fill="#0b0c0c">',
    ]
    for index, quarter in enumerate(quarters):
        x = LABEL + index * COLUMN + COLUMN / 2
        start, _, end = quarter["label"].partition(" to ")
        parts.append(f'<text x="{x}" y="16" text-anchor="middle">{escape(start)} to</text>')
        parts.append(f'<text x="{x}" y="33" text-anchor="middle">{escape(end)}</text>')
    for row, category in enumerate(categories):
        base = TOP + row * ROW + BAR_HEIGHT + 12
        label = escape(category["label"])
        parts.append(f'<text x="{LABEL - 8}" y="{base - 4}" text-anchor="end">{label}</text>')
        parts.append(
            f'<line x1="{LABEL}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="{GREY}"/>'
        )
        for index, count in enumerate(category["counts"]):
            x = LABEL + index * COLUMN + 12
            height_of_bar = round(count / highest * BAR_HEIGHT, 1)
            if count:
                parts.append(
                    f'<rect x="{x}" y="{base - height_of_bar}" width="{COLUMN - 24}" '
                    f'height="{height_of_bar}" fill="{BLUE}"/>'
                )
            parts.append(
                f'<text x="{x + (COLUMN - 24) / 2}" y="{base - height_of_bar - 3}" '
                f'text-anchor="middle">{count}</text>'
            )
    parts.append("</g></svg>")
    return "\n".join(parts)
