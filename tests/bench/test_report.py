"""The table, the JSON and the chart the harness writes."""

from __future__ import annotations

import json
from xml.etree import ElementTree

from bench import report
from bench.measure import Comparison, Stat
from bench.rows import Row, ratio_row


def comparison(subject: float, floor: float) -> Comparison:
    return Comparison(Stat.of([subject]), Stat.of([floor]), Stat.of([subject / floor]))


def test_a_ratio_row_says_whether_its_target_is_met():
    met = ratio_row("s", "c", "1k", "m", comparison(3.0, 2.0), limit=1.5, queries=1)
    missed = ratio_row("s", "c", "1k", "m", comparison(4.0, 2.0), limit=1.5)
    peer = ratio_row("s", "c", "1k", "m", comparison(1.0, 25.0), at_least=20, invert=True)

    assert (met.met, met.value, met.target) == (True, "1.50 × [1.50–1.50]", "≤ 1.5×")
    assert "1 queries" in met.detail
    assert missed.met is False
    assert (peer.met, peer.value) == (True, "25.00 × [25.00–25.00]")


def test_the_table_has_a_line_a_row(tmp_path):
    rows = [Row("scenario", "case", "size", "measure", "1.2×", "≤ 1.5×", True, "detail")]

    text = report.table(rows)
    report.write_json(tmp_path / "latest.json", rows, {"scale": "small"})

    assert len(text.splitlines()) == 3
    assert "met" in text.splitlines()[2]
    written = json.loads((tmp_path / "latest.json").read_text())
    assert written["scale"] == "small"
    assert written["rows"][0]["met"] is True


def test_the_chart_is_svg_with_a_line_a_series():
    svg = report.chart(
        {
            "page 1: app": [(1000, 3.0), (10000, 3.5), (100000, 4.0)],
            "page 1: SQL floor": [(1000, 2.0), (10000, 2.2), (100000, 2.4)],
        },
        title="Tender search",
    )

    root = ElementTree.fromstring(svg)
    lines = root.findall("{http://www.w3.org/2000/svg}polyline")
    assert len(lines) == 2
    assert lines[1].get("stroke-dasharray")  # the floor is dashed
