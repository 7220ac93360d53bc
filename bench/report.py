"""The table on the terminal, bench/results/latest.json, and the SVG chart."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape  # nosec B406  # escapes text we write; parses no XML

from bench.rows import Row

RESULTS = Path(__file__).resolve().parent / "results"
MARK = {True: "met", False: "NOT MET", None: "info"}


def table(rows: Sequence[Row]) -> str:
    headers = ["scenario", "case", "size", "measure", "value [p25–p75]", "target", "", "detail"]
    cells = [
        [r.scenario, r.case, r.size, r.measure, r.value, r.target, MARK[r.met], r.detail]
        for r in rows
    ]
    widths = [
        min(max(len(h), *(len(c[i]) for c in cells)) if cells else len(h), 48)
        for i, h in enumerate(headers[:-1])
    ]

    def line(values: list[str]) -> str:
        fitted = [
            v if len(v) <= w else v[: w - 1] + "…" for v, w in zip(values, widths, strict=False)
        ]
        return (
            " | ".join(v.ljust(w) for v, w in zip(fitted, widths, strict=True)) + " | " + values[-1]
        )

    out = [line(headers), "-+-".join("-" * w for w in widths) + "-+-" + "-" * 20]
    out += [line(c) for c in cells]
    return "\n".join(out)


def write_json(path: Path, rows: Sequence[Row], extra: dict[str, Any]) -> None:
    document = {**extra, "rows": [asdict(r) for r in rows]}
    path.write_text(json.dumps(document, indent=2, default=str) + "\n")


COLOURS = ["#1d70b8", "#d4351c", "#00703c", "#f47738", "#4c2c92", "#28a197", "#b58840", "#505a5f"]


def chart(series: dict[str, list[tuple[int, float]]], *, title: str) -> str:
    """Median latency (ms, log scale) against data size (log scale), one line a series;
    the SQL floors dashed."""
    width, height = 760, 440
    left, right, top, bottom = 70, 230, 40, 60
    points = [p for values in series.values() for p in values]
    if not points:
        return f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="80"></svg>\n'
    xs = [x for x, _ in points]
    ys = [max(y, 0.01) for _, y in points]
    x_lo, x_hi = math.log10(min(xs)), math.log10(max(xs))
    y_lo = math.floor(math.log10(min(ys)))
    y_hi = math.ceil(math.log10(max(ys)))
    if x_hi == x_lo:
        x_hi += 1
    if y_hi == y_lo:
        y_hi += 1
    plot_w, plot_h = width - left - right, height - top - bottom

    def sx(x: float) -> float:
        return left + (math.log10(x) - x_lo) / (x_hi - x_lo) * plot_w

    def sy(y: float) -> float:
        return top + plot_h - (math.log10(max(y, 0.01)) - y_lo) / (y_hi - y_lo) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Arial, sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{left}" y="22" font-size="15" font-weight="bold">{escape(title)}</text>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        'stroke="#0b0c0c"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#0b0c0c"/>',
    ]
    for decade in range(y_lo, y_hi + 1):
        y = sy(10**decade)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#e0e0e0"/>'
        )
        parts.append(
            f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end">{10**decade:g} ms</text>'
        )
    for x in sorted(set(xs)):
        parts.append(
            f'<text x="{sx(x):.1f}" y="{top + plot_h + 18}" text-anchor="middle">{x:,}</text>'
        )
    parts.append(
        f'<text x="{left + plot_w / 2}" y="{height - 18}" text-anchor="middle">'
        "tenders in the database (log scale)</text>"
    )
    parts.append(
        f'<text x="16" y="{top + plot_h / 2}" transform="rotate(-90 16 {top + plot_h / 2})" '
        'text-anchor="middle">median latency, in-process (log scale)</text>'
    )
    for n, (name, values) in enumerate(series.items()):
        colour = COLOURS[(n // 2) % len(COLOURS)]
        dash = ' stroke-dasharray="5 4"' if "floor" in name else ""
        path = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in sorted(values))
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>'
        )
        for x, y in values:
            parts.append(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="3" fill="{colour}"/>')
        ly = top + 10 + n * 20
        lx = left + plot_w + 20
        parts.append(
            f'<line x1="{lx}" y1="{ly}" x2="{lx + 24}" y2="{ly}" stroke="{colour}" '
            f'stroke-width="2"{dash}/>'
        )
        parts.append(f'<text x="{lx + 30}" y="{ly + 4}">{escape(name)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
