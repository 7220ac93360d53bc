from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from loti.api.errors import ApplicationError

TOTAL_WEIGHT = Decimal(100)


@dataclass(frozen=True)
class Criterion:
    """A criterion scored by people (`priced=False`) or worked out from price."""

    key: str
    name: str
    weight: Decimal
    priced: bool = False


def criteria_check(criteria: Sequence[Criterion], *, field: str = "criteria") -> None:
    """Refuse criteria whose weights do not total 100, repeat a key, or price twice."""
    if not criteria:
        raise ApplicationError("Add the evaluation criteria.", field=field)
    keys = [criterion.key for criterion in criteria]
    if len(set(keys)) != len(keys):
        raise ApplicationError("Each criterion needs a different name.", field=field)
    if any(criterion.weight <= 0 for criterion in criteria):
        raise ApplicationError("Every criterion's weight must be more than 0.", field=field)
    if sum(1 for criterion in criteria if criterion.priced) > 1:
        raise ApplicationError("Only one criterion can be the price.", field=field)
    total = sum((criterion.weight for criterion in criteria), Decimal(0))
    if total != TOTAL_WEIGHT:
        raise ApplicationError(
            f"The criteria's weights must total 100; they total {total.normalize():f}.",
            field=field,
        )
