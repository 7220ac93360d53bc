"""Files made from a challenge: the round's scoring sheet (.xlsx) and the open-data
export (JSON and CSV) of the challenge, its prizes, shortlisted entries and winners."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from challenges.models import Challenge, Round, RoundEntry, ScoreSheet

# A cell starting with one of these would be read by a spreadsheet as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")
HIDDEN = "Hidden: blind round"


def _write_row(sheet: Worksheet, row: int, values: Sequence[Any]) -> None:
    for column, value in enumerate(values, 1):
        cell = sheet.cell(row=row, column=column)
        cell.value = value
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            # Written as text, shown as typed: never evaluated.
            cell.data_type = "s"
            cell.quotePrefix = True


def scoring_workbook(
    *, round_: Round, results: dict[str, Any], hide_identity: bool, judges: dict[int, str]
) -> bytes:
    """Two sheets: the ranking (raw and normalised side by side) and every score."""
    book = Workbook()
    book.remove(book.worksheets[0])
    ranking = book.create_sheet("Ranking")
    _write_row(
        ranking,
        1,
        [
            "Rank",
            "Entry",
            "Title",
            "Entrant",
            "Score (method: " + round_.method + ")",
            "Raw mean (0-100)",
            "Raw rank",
            "Z-score mean",
            "Z-score rank",
            "Judges",
            "Incomplete",
            "Standard deviation",
            "Range",
            "Discuss (spread above threshold)",
            "Tie broken by",
        ],
    )
    for index, row in enumerate(results["rows"], 2):
        entrant = HIDDEN if hide_identity else row["supplier"].name
        _write_row(
            ranking,
            index,
            [
                row["rank"],
                row["entry"],
                row["title"],
                entrant,
                row["score"],
                row["raw_mean"],
                row["raw_rank"],
                row["zscore_mean"],
                row["zscore_rank"],
                row["judges"],
                "yes" if row["incomplete"] else "no",
                row["spread_sd"],
                row["spread_range"],
                "yes" if row["flagged"] else "no",
                row["decided_by"],
            ],
        )
    scores = book.create_sheet("Scores")
    keys = list(round_.criteria.order_by("position", "id").values_list("key", flat=True))
    _write_row(scores, 1, ["Entry", "Judge", *keys, "Comments", "Feedback for the entrant"])
    sheets = ScoreSheet.objects.filter(round=round_).order_by("entry_id", "judge_id")
    for index, sheet in enumerate(sheets, 2):
        comments = "; ".join(f"{k}: {v}" for k, v in sheet.comments.items())
        _write_row(
            scores,
            index,
            [
                sheet.entry_id,
                judges.get(sheet.judge_id, str(sheet.judge_id)),
                *[sheet.scores.get(key) for key in keys],
                comments,
                sheet.feedback,
            ],
        )
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def open_data(*, challenge: Challenge) -> dict[str, Any]:
    """The published challenge as open data: its terms, prizes, the entries shortlisted
    (advanced beyond the first round) and the winners, each with the rationale."""
    shortlisted = (
        RoundEntry.objects.filter(round__challenge=challenge, round__number__gt=1)
        .select_related("entry__supplier")
        .prefetch_related("entry__partners")
        .order_by("entry_id")
        .distinct("entry_id")
    )
    prizes = list(challenge.prizes.prefetch_related("winners__entry__supplier").all())
    return {
        "challenge": {
            "id": challenge.pk,
            "title": challenge.title,
            "owner": challenge.owner.name,
            "problem_statement": challenge.problem_statement,
            "opens_at": challenge.opens_at.isoformat(),
            "closes_at": challenge.closes_at.isoformat(),
            "results_published_at": challenge.results_published_at.isoformat()
            if challenge.results_published_at
            else None,
        },
        "prizes": [
            {
                "id": prize.pk,
                "name": prize.name,
                "kind": prize.kind,
                "amount": str(prize.amount) if prize.amount is not None else None,
                "awards": prize.awards,
            }
            for prize in prizes
        ],
        "shortlisted": [
            {
                "entry": row.entry_id,
                "title": row.entry.title,
                "entrant": row.entry.supplier.name,
                "partners": [p.name for p in row.entry.partners.all()],
            }
            for row in shortlisted
        ],
        "winners": [
            {
                "prize": prize.name,
                "amount": str(prize.amount) if prize.amount is not None else None,
                "entry": award.entry_id,
                "title": award.entry.title,
                "entrant": award.entry.supplier.name,
                "rationale": award.rationale,
            }
            for prize in prizes
            for award in prize.winners.all()
        ],
    }


CSV_COLUMNS = ["record", "challenge", "prize", "amount", "entry", "title", "entrant", "detail"]


def open_data_csv(data: dict[str, Any]) -> str:
    """The same as one flat CSV: a row per prize, shortlisted entry and winner. Text
    that would start a formula is prefixed with an apostrophe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    title = data["challenge"]["title"]
    for prize in data["prizes"]:
        writer.writerow(
            _safe(["prize", title, prize["name"], prize["amount"], "", "", "", prize["kind"]])
        )
    for row in data["shortlisted"]:
        writer.writerow(
            _safe(
                [
                    "shortlisted",
                    title,
                    "",
                    "",
                    row["entry"],
                    row["title"],
                    row["entrant"],
                    ", ".join(row["partners"]),
                ]
            )
        )
    for row in data["winners"]:
        writer.writerow(
            _safe(
                [
                    "winner",
                    title,
                    row["prize"],
                    row["amount"],
                    row["entry"],
                    row["title"],
                    row["entrant"],
                    row["rationale"],
                ]
            )
        )
    return out.getvalue()


def _safe(values: list[Any]) -> list[Any]:
    return [
        f"'{v}" if isinstance(v, str) and v.startswith(FORMULA_STARTS) else ("" if v is None else v)
        for v in values
    ]
