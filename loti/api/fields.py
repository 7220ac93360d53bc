"""Input fields the API's serializers share."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rest_framework import serializers

FIRST_YEAR, LAST_YEAR = 2000, 2100


class PlannedDateTimeField(serializers.DateTimeField):
    """A date and time in the years the service plans for. A far earlier or later one
    is a typing mistake; and before 1847 London's clock ran on local mean time, an
    offset in seconds that no ISO 8601 reader accepts back."""

    default_error_messages = {"out_of_range": "Enter a date between {first} and {last}."}

    def to_internal_value(self, value: Any) -> datetime:
        moment = super().to_internal_value(value)
        if not FIRST_YEAR <= moment.year <= LAST_YEAR:
            self.fail("out_of_range", first=FIRST_YEAR, last=LAST_YEAR)
        return moment
